"""One generator per department: the rows a department would send about the registry's persons.

Each generator returns its columns (numpy arrays keyed by Parquet column name, plus "id" and "name") and
the rows it planted for a DEPT rule. Baseline rows agree with the registry, so the rules find only what
was planted (and what the registry itself got wrong).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from fangfanpin.quality.synth_dept_base import Builder, Persons, Rows, Scale

Generator = Callable[[Persons, np.random.Generator, Scale], Rows]
GENERATORS: dict[str, Generator] = {}


def generator(code: str) -> Callable[[Generator], Generator]:
    def register(fn: Generator) -> Generator:
        GENERATORS[code] = fn
        return fn

    return register


def _year(p: Persons, back: int = 0) -> tuple[str, str]:
    return f"{p.year - back}-01-01", f"{p.year}-09-30"


@generator("gongan_huji")
def huji(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    b.plant(
        "DEPT-01",
        p.registered,
        "在册成员，公安户籍为死亡注销",
        hukou_status="死亡注销",
        changed_on=lambda n: b.dates(n, *_year(p, 1)),
    )
    b.plant(
        "DEPT-02",
        p.registered,
        "在册成员，公安户籍为迁出注销或服刑",
        hukou_status=lambda n: b.choice(("迁出注销", "服刑"), n),
        changed_on=lambda n: b.dates(n, *_year(p, 1)),
    )
    b.plant("DEPT-17", p.registered, "公安户籍姓名与农户信息不一致", hukou_status="正常", changed_on="")
    b.parts[-1]["name"] = np.char.add(b.parts[-1]["name"].astype(str), "某").astype(object)
    rest = np.flatnonzero(~b.taken)
    status = np.where(
        p["变更原因"][rest] == "死亡", "死亡注销", np.where(p["变更原因"][rest] == "迁出", "迁出注销", "正常")
    )
    b.add(
        rest,
        hukou_status=status.astype(object),
        changed_on=np.where(status == "正常", "", p["变更时间"][rest]).astype(object),
    )
    return b.rows()


@generator("gongan_cheliang")
def cheliang(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)

    def plates(n: int) -> np.ndarray:
        return np.array([f"云R{number:05d}" for number in rng.integers(0, 99_999, n).tolist()], dtype=object)

    cars = dict(plate=plates, registered_on=lambda n: b.dates(n, "2010-01-01", f"{p.year}-06-30"))
    b.plant(
        "DEPT-03",
        p.adult & (p.monitored | p.lifted),
        "监测户或脱贫户成员名下有正常状态的汽车",
        vehicle_type=lambda n: b.choice(("小型汽车", "货车"), n),
        vehicle_status="正常",
        **cars,
    )
    poor = p.adult & (p.monitored | p.lifted)
    for index, kinds in (
        (b.share(p.adult & ~poor, 0.15), ("小型汽车", "摩托车", "农用车", "货车", "其他")),
        (b.share(poor, 0.08), ("摩托车", "农用车")),
    ):
        b.add(
            index,
            plate=plates(len(index)),
            vehicle_type=b.choice(kinds, len(index)),
            registered_on=b.dates(len(index), "2005-01-01", f"{p.year}-06-30"),
            vehicle_status=b.choice(("正常", "注销", "报废"), len(index), (0.9, 0.05, 0.05)),
        )
    old = b.draw(p.adult, scale.history.get("gongan_cheliang", 0))
    b.add(
        old,
        plate=plates(len(old)),
        vehicle_type=b.choice(("小型汽车", "摩托车", "农用车"), len(old)),
        registered_on=b.dates(len(old), "1995-01-01", "2012-12-31"),
        vehicle_status=b.choice(("注销", "报废"), len(old)),
    )
    return b.rows()


@generator("ziranziyuan_budongchan")
def budongchan(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    flat = dict(
        location="香格里拉市建塘镇长征路",
        floor_area=lambda n: b.money(n, 60, 140),
        registered_on=lambda n: b.dates(n, "2012-01-01", f"{p.year}-06-30"),
    )
    b.plant(
        "DEPT-04",
        p.adult & p.monitored,
        "监测户成员名下有城镇商品房",
        usage="住宅",
        urban_commercial="是",
        **flat,
    )
    heads = np.flatnonzero(p.head & p.registered & ~b.taken)
    b.add(
        heads,
        location=np.char.add("宅基地 户", p["户编号"][heads].astype(str)).astype(object),
        usage="住宅",
        floor_area=b.money(len(heads), 60, 220),
        registered_on=b.dates(len(heads), "2000-01-01", "2020-12-31"),
        urban_commercial="否",
    )
    owners = b.share(p.adult & ~p.monitored, 0.02)
    b.add(
        owners,
        usage="住宅",
        urban_commercial="是",
        **{k: v(len(owners)) if callable(v) else v for k, v in flat.items()},
    )
    return b.rows()


@generator("caizheng_gongyang")
def gongyang(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    working = p.registered & (p.age >= 22) & (p.age < 60)
    job = dict(
        employer=lambda n: b.choice(
            ("香格里拉市人民医院", "小中甸镇人民政府", "香格里拉市第一中学", "香格里拉市林业局"), n
        ),
        staff_kind=lambda n: b.choice(("公务员", "参公", "事业编制", "其他"), n),
        hired_on=lambda n: b.dates(n, "2000-01-01", f"{p.year}-06-30"),
    )
    b.plant("DEPT-05", working & p.monitored, "监测户成员为财政供养人员", **job)
    staff = b.share(working & ~p.monitored, 0.01)
    b.add(staff, **{k: v(len(staff)) for k, v in job.items()})
    return b.rows()


@generator("shichang_zhuti")
def zhuti(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    named = dict(
        entity_name=lambda n: np.char.add(
            "香格里拉市", np.char.add(rng.integers(1, 9999, n).astype(str), "号商贸有限公司")
        ).astype(object),
        founded_on=lambda n: b.dates(n, "2005-01-01", f"{p.year}-06-30"),
        reg_status="存续",
    )
    b.plant(
        "DEPT-06",
        p.adult & p.monitored,
        "监测户成员为存续企业的法定代表人",
        entity_type="企业",
        role="法定代表人",
        capital=lambda n: b.money(n, 50, 500),
        **named,
    )
    shops = b.share(p.adult, 0.03)
    b.add(
        shops,
        entity_name=np.char.add(p["姓名"][shops].astype(str), "小卖部").astype(object),
        entity_type="个体工商户",
        role="经营者",
        capital=b.money(len(shops), 0.5, 8),
        founded_on=b.dates(len(shops), "2005-01-01", f"{p.year}-06-30"),
        reg_status=b.choice(("存续", "注销"), len(shops), (0.9, 0.1)),
    )
    firms = b.share(p.adult & ~p.monitored, 0.005)
    b.add(
        firms,
        entity_type="企业",
        role=b.choice(("法定代表人", "股东"), len(firms)),
        capital=b.money(len(firms), 10, 300),
        **{k: v(len(firms)) if callable(v) else v for k, v in named.items()},
    )
    return b.rows()


@generator("yibao_canbao")
def canbao(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    rural = (
        p.registered
        & (p["是否参加城乡居民基本医疗保险"] == "是")
        & (p["是否参加城镇职工基本医疗保险"] != "是")
    )
    b.plant(
        "DEPT-07",
        rural,
        "登记参加城乡居民医保，医保参保状态为中断或未参保",
        insurance="城乡居民",
        insured_status=lambda n: b.choice(("中断", "未参保"), n),
        year=str(p.year),
        personal_cost="0",
    )
    b.plant(
        "DEPT-08",
        p.registered & ~p.monitored,
        "非监测户成员个人负担医疗费用超过2万元",
        insurance="城乡居民",
        insured_status="参保",
        year=str(p.year),
        personal_cost=lambda n: b.money(n, 25_000, 80_000),
    )
    rest = np.flatnonzero(p.registered & ~b.taken)
    b.add(rest, year=str(p.year), personal_cost=_costs(b, p, rest), **_insurance(p, rest))
    old = b.draw(p.registered, scale.history.get("yibao_canbao", 0))
    years = (p.year - 1 - rng.integers(0, 6, len(old))).astype(str).astype(object)
    b.add(old, year=years, personal_cost=b.money(len(old), 0, 3000), **_insurance(p, old))
    return b.rows()


def _insurance(p: Persons, index: np.ndarray) -> dict[str, np.ndarray]:
    urban = p["是否参加城镇职工基本医疗保险"][index] == "是"
    rural = p["是否参加城乡居民基本医疗保险"][index] == "是"
    return {
        "insurance": np.where(urban, "城镇职工", "城乡居民").astype(object),
        "insured_status": np.where(urban | rural, "参保", "未参保").astype(object),
    }


def _costs(b: Builder, p: Persons, index: np.ndarray) -> np.ndarray:
    cost = np.round(b.rng.lognormal(6.0, 1.3, len(index)), 2)
    cost[b.rng.random(len(index)) < 0.4] = 0
    cost = np.where(p.monitored[index], cost, np.minimum(cost, 15_000))
    return cost.astype(str).astype(object)


@generator("renshe_yanglao")
def yanglao(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    b.plant(
        "DEPT-14",
        p.adult & p.monitored & (p.age >= 50),
        "监测户成员领取城镇职工养老保险待遇",
        insurance="城镇职工",
        insured_status="参保",
        receiving="是",
    )
    index = np.flatnonzero(p.registered & (p.age >= 16) & ~b.taken)
    urban = (p["是否参加城镇职工基本养老保险"][index] == "是") & ~p.monitored[index]
    b.add(
        index,
        insurance=np.where(urban, "城镇职工", "城乡居民").astype(object),
        insured_status="参保",
        receiving=np.where(p.age[index] >= 60, "是", "否").astype(object),
    )
    return b.rows()


@generator("renshe_jiuye")
def jiuye(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    working = p.registered & (p.age >= 16) & (p.age < 60)
    index = np.concatenate([b.share(working, 0.2), b.draw(working, scale.history.get("renshe_jiuye", 0))])
    n = len(index)
    b.add(
        index,
        registration=b.choice(("就业", "失业"), n, (0.9, 0.1)),
        place=b.choice(("香格里拉市", "昆明市", "广东省东莞市", "浙江省宁波市", "丽江市古城区"), n),
        registered_on=b.dates(n, "2006-01-01", f"{p.year}-09-30"),
    )
    return b.rows()


@generator("minzheng_jiuzhu")
def jiuzhu(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    none = (
        (p["享受低保政策情况"] != "农村低保")
        & (p["享受低保政策情况"] != "城市低保")
        & ~np.isin(p["享受特困供养政策情况"], ("农村特困", "城市特困"))
    )
    b.plant(
        "DEPT-09",
        p.registered & none,
        "民政在保低保，农户信息为未享受低保",
        aid_type="农村低保",
        aid_status="在保",
        started_on=lambda n: b.dates(n, *_year(p, 2)),
        monthly_amount=lambda n: b.money(n, 200, 600),
    )
    for column, types, low, high in (
        ("享受低保政策情况", ("农村低保", "城市低保"), 200, 600),
        ("享受特困供养政策情况", ("农村特困", "城市特困"), 600, 900),
    ):
        index = np.flatnonzero(p.registered & np.isin(p[column], types) & ~b.taken)
        b.add(
            index,
            aid_type=p[column][index],
            aid_status="在保",
            started_on=b.dates(len(index), "2015-01-01", f"{p.year}-06-30"),
            monthly_amount=b.money(len(index), low, high),
        )
    old = b.draw(p.registered & none & ~b.taken, scale.history.get("minzheng_jiuzhu", 0) + int(len(p) * 0.01))
    b.add(
        old,
        aid_type=b.choice(("临时救助", "农村低保"), len(old)),
        aid_status="停保",
        started_on=b.dates(len(old), "2014-01-01", f"{p.year - 1}-12-31"),
        monthly_amount=b.money(len(old), 100, 500),
    )
    return b.rows()


_KIND_DIGITS = {"视力": "1", "听力": "2", "言语": "3", "肢体": "4", "智力": "5", "精神": "6", "多重": "7"}
_GRADE_DIGITS = {"一级": "1", "二级": "2", "三级": "3", "四级": "4"}


@generator("canlian_canjiren")
def canjiren(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    healthy = p.registered & ~p.has("健康状况", "残疾")
    planted = b.plant(
        "DEPT-10",
        healthy,
        "残联有残疾人证，健康状况无残疾",
        disability_kind="肢体",
        disability_grade="四级",
        issued_on=lambda n: b.dates(n, *_year(p, 3)),
    )
    b.parts[-1]["cert_no"] = np.char.add(p.ids[planted].astype(str), "44").astype(object)
    index = np.flatnonzero(p.has("健康状况", "残疾") & ~b.taken)
    kinds = np.where(p["残疾类别"][index] == "", "肢体", p["残疾类别"][index])
    grades = np.where(p["残疾等级"][index] == "", "四级", p["残疾等级"][index])
    digits = np.char.add(
        np.vectorize(_KIND_DIGITS.get, otypes=[str])(kinds),
        np.vectorize(_GRADE_DIGITS.get, otypes=[str])(grades),
    )
    b.add(
        index,
        cert_no=np.char.add(p.ids[index].astype(str), digits).astype(object),
        disability_kind=kinds.astype(object),
        disability_grade=grades.astype(object),
        issued_on=b.dates(len(index), "2008-01-01", f"{p.year}-06-30"),
    )
    return b.rows()


def _stage(status: str) -> tuple[str, str]:
    for prefix, stage in (
        ("普通高中", "高中"),
        ("中职", "中职"),
        ("高职高专", "高职"),
        ("技师学院", "高职"),
        ("本科", "本科"),
    ):
        if status.startswith(prefix):
            return stage, status[len(prefix) :]
    fixed = {
        "小学": ("小学", ""),
        "七年级": ("初中", "七年级"),
        "八年级": ("初中", "八年级"),
        "九年级": ("初中", "九年级"),
        "学前教育": ("学前", ""),
    }
    return fixed.get(status, ("研究生", "") if status.startswith("硕士") else ("", ""))


_SCHOOLS = {
    "学前": "小中甸镇中心幼儿园",
    "小学": "小中甸镇中心小学",
    "初中": "香格里拉市第二中学",
    "高中": "香格里拉市第一中学",
    "中职": "迪庆州职业技术学校",
    "高职": "云南农业职业技术学院",
    "本科": "云南大学",
    "研究生": "云南大学",
}


@generator("jiaoyu_xueji")
def xueji(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    stages = np.array([_stage(s) for s in p["在校生状况"].tolist()], dtype=object).reshape(-1, 2)
    compulsory = p.registered & (p.age >= 6) & (p.age <= 15) & np.isin(stages[:, 0], ("小学", "初中"))
    planted = b.plant(
        "DEPT-11",
        compulsory,
        "义务教育阶段适龄儿童学籍状态为辍学",
        enrolment="辍学",
        aid_project="",
        aid_amount="",
    )
    b.parts[-1] |= {
        "stage": stages[planted, 0],
        "grade": stages[planted, 1],
        "school": np.vectorize(_SCHOOLS.get, otypes=[object])(stages[planted, 0]),
    }
    students = p.registered & (stages[:, 0] != "")
    current = np.flatnonzero(students & ~b.taken)
    # Earlier terms' aid: rows of aided students only, so that no two of them are the same row.
    history = b.draw(students & ~b.taken & (p.lifted | p.monitored), scale.history.get("jiaoyu_xueji", 0))
    for index, terms in (
        (current, ("", "营养改善计划", "雨露计划")),
        (history, ("春季学期生活补助", "秋季学期生活补助")),
    ):
        stage = stages[index, 0]
        aid = np.where(p.lifted[index] | p.monitored[index], b.choice(terms, len(index)), "")
        aid = np.where((aid == "雨露计划") & ~np.isin(stage, ("中职", "高职")), "营养改善计划", aid)
        b.add(
            index,
            stage=stage,
            grade=stages[index, 1],
            enrolment="在读",
            school=np.vectorize(_SCHOOLS.get, otypes=[object])(stage),
            aid_project=aid.astype(object),
            aid_amount=np.where(aid == "", "", b.money(len(index), 500, 3000)).astype(object),
        )
    return b.rows()


@generator("zhujian_weifang")
def weifang(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    heads = p.head & p.registered
    safe = p["是否危房户"] != "是"
    b.plant(
        "DEPT-12",
        heads & safe,
        "住建鉴定为C级未改造，农户信息为非危房户",
        housing_grade="C",
        renovation="未改造",
    )
    index = np.flatnonzero(heads & ~b.taken)
    unsafe = ~safe[index]
    grade = np.where(
        unsafe,
        np.where(p["危房等级"][index] == "", "C", p["危房等级"][index]),
        b.choice(("A", "B"), len(index), (0.6, 0.4)),
    )
    renovation = np.where(
        unsafe,
        b.choice(("未改造", "改造中"), len(index)),
        b.choice(("已改造", "未改造"), len(index), (0.3, 0.7)),
    )
    b.add(index, housing_grade=grade.astype(object), renovation=renovation.astype(object))
    return b.rows()


@generator("shuili_yinshui")
def yinshui(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    heads = p.head & p.registered
    safe = p["是否解决安全饮用水"] == "是"
    b.plant(
        "DEPT-13",
        heads & safe,
        "水利饮水不达标，农户信息为已解决安全饮用水",
        water_ok="否",
        problem="水质不达标",
    )
    index = np.flatnonzero(heads & ~b.taken)
    ok = safe[index]
    b.add(
        index,
        water_ok=np.where(ok, "是", "否").astype(object),
        problem=np.where(ok, "", b.choice(("水量不足", "水质不达标", "取水不方便"), len(index))).astype(
            object
        ),
    )
    return b.rows()


@generator("yingji_shouzai")
def shouzai(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    kinds = ("洪涝灾害", "地质灾害", "旱灾", "气象灾害", "地震灾害")
    heads = p.head & p.registered
    b.plant(
        "DEPT-15",
        heads & ~p.monitored,
        "非监测户受灾损失超过1万元",
        disaster=lambda n: b.choice(kinds, n),
        hit_on=lambda n: b.dates(n, *_year(p)),
        loss=lambda n: b.money(n, 12_000, 60_000),
    )
    for index, first in (
        (b.share(heads, 0.03), f"{p.year}-01-01"),
        (b.draw(heads, scale.history.get("yingji_shouzai", 0)), f"{p.year - 4}-01-01"),
    ):
        b.add(
            index,
            disaster=b.choice(kinds, len(index)),
            hit_on=b.dates(
                len(index),
                first,
                f"{p.year}-09-30" if first.startswith(str(p.year)) else f"{p.year - 1}-12-31",
            ),
            loss=b.money(len(index), 300, 9_000),
        )
    return b.rows()


@generator("weijian_bingzhong")
def bingzhong(p: Persons, rng: np.random.Generator, scale: Scale) -> Rows:
    b = Builder(p, rng)
    serious = ("恶性肿瘤", "尿毒症", "重性精神病", "白血病", "耐多药肺结核")
    chronic = ("高血压", "糖尿病", "慢性阻塞性肺疾病", "类风湿关节炎", "冠心病")
    b.plant(
        "DEPT-16",
        p.registered & ~p.has("健康状况", "患有大病"),
        "卫健大病，健康状况无患有大病",
        disease=lambda n: b.choice(serious, n),
        disease_class="大病",
        diagnosed_on=lambda n: b.dates(n, *_year(p, 1)),
    )
    for word, names, label in (("患有大病", serious, "大病"), ("长期慢性病", chronic, "慢病")):
        index = np.flatnonzero(p.has("健康状况", word) & ~b.taken)
        b.add(
            index,
            disease=b.choice(names, len(index)),
            disease_class=label,
            diagnosed_on=b.dates(len(index), "2012-01-01", f"{p.year}-06-30"),
        )
    return b.rows()
