"""`ffp synth`: deterministic, consistent synthetic data, and planted errors that are exactly what planted.csv says."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from fangfanpin.core.enums import (
    COMPULSORY_AGE,
    EXPECTED_MEASURES,
    FEMALE_ONLY_RELATIONS,
    HAS_LABOUR,
    MALE_ONLY_RELATIONS,
    MEASURES,
    MonitoringCategory,
)
from fangfanpin.core.idcard import id_problem, parse_resident_id
from fangfanpin.core.values import format_decimal
from fangfanpin.registry import synth
from fangfanpin.registry.columns import HOUSEHOLD_COLUMNS, VILLAGE_COLUMNS, WORK_COLUMNS
from fangfanpin.registry.synth import SynthOptions, synthesize
from fangfanpin.registry.synth_income import fen_text

YEAR = 2021
LINE = Decimal(6000)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PERSONS, WORK, VILLAGES = "监测对象信息.csv", "务工监测.csv", "行政村信息.csv"
Row = dict[str, str]


def _synth(out: Path, households: int, seed: int, **extra) -> Path:
    synthesize(SynthOptions(households=households, seed=seed, out=out, **extra))
    return out


def _read(path: Path) -> list[Row]:
    with open(path, encoding="utf-8-sig", newline="") as source:
        return list(csv.DictReader(source))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return _synth(tmp_path_factory.mktemp("clean"), 1200, seed=12, demo=True)


@pytest.fixture(scope="module")
def people(clean) -> list[Row]:
    """The clean person file's rows, read once for the module."""
    return _read(clean / PERSONS)


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    # Seed 4 happens to give every kind at least once in 500 households (monitored ones are few).
    return _synth(tmp_path_factory.mktemp("planted"), 500, seed=4, anomalies=0.05)


# --- helpers that judge the data the way RULES.md does --------------------------------------------------


def _registered(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r["人员状态"] == "在册"]


def _households(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row["户编号"]].append(row)
    return groups


def _age(row: Row, on: dt.date) -> int | None:
    info = parse_resident_id(row["证件号码"][:18], today=dt.date(YEAR, 12, 31))
    if info is None:
        return None
    born = info.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _per_capita(rows: list[Row]) -> Decimal:
    first, count = rows[0], len(_registered(rows))
    net = sum(Decimal(first[k]) for k in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入"))
    return ((net - Decimal(first["生产经营性支出"])) / count).quantize(Decimal("0.01"))


def _is_monitored(row: Row) -> bool:
    return bool(row["监测对象类别"])


END = dt.date(YEAR, 9, 30)
SCHOOL = dt.date(YEAR, 9, 1)


def _member_findings(rows: list[Row]) -> dict[str, set[str]]:
    """Return, per rule code, the IDs of registered members that break it."""
    found: dict[str, set[str]] = defaultdict(set)
    people = _registered(rows)
    ids = Counter(r["证件号码"][:18] for r in people)
    for r in people:
        number = r["证件号码"]
        info = parse_resident_id(number[:18], today=dt.date(YEAR, 12, 31))
        if len(number) not in (18, 20, 22):
            found["ID-01"].add(number)
        elif info is None:
            found["ID-02"].add(number)
        if ids[number[:18]] > 1:
            found["ID-04"].add(number)
        if info is not None and info.sex != r["性别"]:
            found["ID-05"].add(number)
        if info is not None and r["出生日期"] != info.birth_date.isoformat():
            found["ID-06"].add(number)
        if (r["性别"] == "男" and r["与户主关系"] in FEMALE_ONLY_RELATIONS) or (
            r["性别"] == "女" and r["与户主关系"] in MALE_ONLY_RELATIONS
        ):
            found["HH-05"].add(number)
        if not r["民族"] or not r["与户主关系"] or not r["健康状况"] or not r["劳动技能"]:
            found["EMPTY-01"].add(number)
        if "否" == r["是否参加城乡居民基本医疗保险"] == r["是否参加城镇职工基本医疗保险"]:
            found["INS-01"].add(number)
        if r["务工时间（月）"] and not 0 <= Decimal(r["务工时间（月）"]) <= 12:
            found["WORK-02"].add(number)
        _age_findings(found, r)
    return found


def _age_findings(found: dict[str, set[str]], r: Row) -> None:
    age, school_age, number = _age(r, END), _age(r, SCHOOL), r["证件号码"]
    if age is None or school_age is None:
        return
    if age < 16 and r["劳动技能"] != "无劳动力":
        found["AGE-01"].add(number)
    if age >= 65 and r["劳动技能"] in ("普通劳动力", "技能劳动力"):
        found["AGE-02"].add(number)
    low, high = COMPULSORY_AGE
    if (
        low <= school_age <= high
        and r["在校生状况"] in ("", "学龄前儿童")
        and not r["义务教育阶段未上学原因"]
    ):
        found["AGE-04"].add(number)


def _household_findings(rows: list[Row]) -> dict[str, set[str]]:
    """Return, per rule code, the household numbers that break it."""
    found: dict[str, set[str]] = defaultdict(set)
    for number, members in _households(rows).items():
        people, first = _registered(members), members[0]
        heads = sum(r["与户主关系"] == "户主" for r in people)
        if heads == 0:
            found["HH-01"].add(number)
        if heads > 1:
            found["HH-02"].add(number)
        if int(first["家庭人口数"]) != len(people):
            found["HH-08"].add(number)
        items = (
            "工资性收入",
            "生产经营性收入",
            "财产性收入",
            "转移性收入",
            "生产经营性支出",
            "理赔收入",
            "合规自付支出",
        )
        if any(Decimal(first[k]) < 0 for k in items):
            found["INC-01"].add(number)
        if abs(Decimal(first["人均纯收入（元）"]) - _per_capita(members)) > 1:
            found["INC-02"].add(number)
        if not _is_monitored(first) and _per_capita(members) < LINE:
            found["GAP-01"].add(number)
        if not MOBILE.match(first["户联系电话"]):
            found["WORK-08"].add(number)
        category, kind = first["监测对象类别"], first["户类型"]
        if (category, kind) in (("脱贫不稳定户", "一般农户"), ("边缘易致贫户", "脱贫户")):
            found["CAT-01"].add(number)
    return found


HOUSEHOLD_RULES = {"HH-01", "HH-02", "HH-08", "INC-01", "INC-02", "GAP-01", "WORK-08", "CAT-01"}


def _findings(rows: list[Row]) -> dict[str, set[str]]:
    return {**_member_findings(rows), **_household_findings(rows)}


# --- determinism ---------------------------------------------------------------------------------------


def test_it_writes_identical_bytes_for_the_same_seed(tmp_path):
    first = _files(_synth(tmp_path / "a", 150, seed=3, anomalies=0.05))
    second = _files(_synth(tmp_path / "b", 150, seed=3, anomalies=0.05))
    assert first == second
    assert set(first) == {PERSONS, WORK, VILLAGES, "planted.csv"}


def test_it_writes_the_same_bytes_whether_shards_run_in_processes_or_not(tmp_path, monkeypatch):
    alone = _files(_synth(tmp_path / "a", 120, seed=8, anomalies=0.05))
    monkeypatch.setattr(synth, "PARALLEL_FROM", 0)
    in_processes = _files(_synth(tmp_path / "b", 120, seed=8, anomalies=0.05))
    assert alone == in_processes


def test_it_writes_different_data_for_another_seed(tmp_path):
    first = _files(_synth(tmp_path / "a", 150, seed=3))
    other = _files(_synth(tmp_path / "b", 150, seed=4))
    assert first[PERSONS] != other[PERSONS]


def test_it_writes_identical_xlsx_for_the_same_seed(tmp_path):
    first = _files(_synth(tmp_path / "a", 30, seed=5, fmt="xlsx"))
    second = _files(_synth(tmp_path / "b", 30, seed=5, fmt="xlsx"))
    assert first == second
    sheet = load_workbook(tmp_path / "a" / "监测对象信息.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    csv_rows = _read(_synth(tmp_path / "c", 30, seed=5) / PERSONS)
    assert list(rows[0]) == [c.header for c in HOUSEHOLD_COLUMNS]
    assert [tuple(v or "" for v in row) for row in rows[1:]] == [tuple(r.values()) for r in csv_rows]


# --- the files -----------------------------------------------------------------------------------------


def test_it_writes_the_column_spec_headers_with_a_bom(clean):
    for name, columns in ((PERSONS, HOUSEHOLD_COLUMNS), (WORK, WORK_COLUMNS), (VILLAGES, VILLAGE_COLUMNS)):
        data = (clean / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert next(csv.reader([data.decode("utf-8-sig").splitlines()[0]])) == [c.header for c in columns]
    assert not (clean / "planted.csv").exists()


def test_every_id_is_valid_and_unique_without_anomalies(people):
    rows = people
    assert len(rows) > 3000
    assert all(id_problem(r["证件号码"], today=dt.date(YEAR, 12, 31)) == "" for r in rows)
    assert len({r["证件号码"][:18] for r in rows}) == len(rows)
    certified = [r for r in rows if r["证件类型"] == "残疾人证"]
    assert certified and all(len(r["证件号码"]) == 20 and "残疾" in r["健康状况"] for r in certified)


def test_clean_data_breaks_none_of_the_plantable_rules(people):
    assert _findings(people) == {}


def test_clean_data_gives_the_quality_rules_nothing_to_find(people):
    found = [
        (code, number)
        for number, members in _households(people).items()
        for code in _rule_findings(_registered(members))
    ]
    assert found == []


def _money(row: Row, header: str) -> Decimal:
    return Decimal(row[header] or 0)


def _rule_findings(people: list[Row]) -> list[str]:
    """Return the codes of the household-level RULES.md findings (GAP, RISK, MEAS, ELIM, INC, WORK) it raises."""
    first = people[0]
    risks = {first[f"致贫/返贫风险{i}"] for i in range(1, 6)} - {""}
    measures = {m for m in MEASURES if first[m]}
    security = first["综合保障"]
    labour = any(r["劳动技能"] in HAS_LABOUR for r in people)
    working = any(_money(r, "务工时间（月）") > 0 or r["公益性岗位"] for r in people)
    dibao = any(r["享受低保政策情况"] == "农村低保" for r in people)
    tekun = any(r["享受特困供养政策情况"] == "农村特困" for r in people)
    checks = {
        "GAP-02": first["是否危房户"] == "是" and not first["监测对象类别"],
        "GAP-03": first["是否解决安全饮用水"] == "否" and not first["监测对象类别"],
        "GAP-06": not first["监测对象类别"] and not labour and not (dibao or tekun),
        "GAP-07": first["风险是否已消除"] == "是" and Decimal(first["人均纯收入（元）"]) < LINE,
        "GAP-08": first["风险是否已消除"] == "是" and not labour,
        "RISK-02": "因残" in risks and not any("残疾" in r["健康状况"] for r in people),
        "RISK-03": "因病" in risks
        and not any(w in r["健康状况"] for r in people for w in ("慢性病", "大病")),
        "RISK-04": "因病" in risks and _money(first, "合规自付支出") == 0,
        "RISK-05": "缺劳动力" in risks
        and 2 * sum(r["劳动技能"] in ("普通劳动力", "技能劳动力") for r in people) > len(people),
        "RISK-06": "因务工就业不稳" in risks and not labour,
        "MEAS-02": any(r in EXPECTED_MEASURES and not measures & set(EXPECTED_MEASURES[r]) for r in risks),
        "MEAS-03": first["风险是否已消除"] == "否" and labour and first["实施开发式帮扶措施情况"] != "已实施",
        "MEAS-04": bool(first["监测对象类别"])
        and (("低保" in security) != dibao or ("特困供养" in security) != tekun),
        "MEAS-05": "残疾人补贴" in security and not any("残疾" in r["健康状况"] for r in people),
        "MEAS-06": bool(measures & {"就业帮扶", "公益岗位帮扶"}) and not working,
        "MEAS-07": "雨露计划" in first["教育帮扶"]
        and not any(r["在校生状况"].startswith(("中职", "高职高专")) for r in people),
        "ELIM-04": first["风险是否已消除"] == "是"
        and (
            (bool(measures & {"就业帮扶", "公益岗位帮扶"}) and _money(first, "风险消除后工资性收入") == 0)
            or ("产业帮扶" in measures and _money(first, "风险消除后生产经营性收入") == 0)
        ),
        "INC-04": working and _money(first, "工资性收入") == 0,
        "INC-05": (dibao or tekun) and _money(first, "转移性收入") == 0,
        "WORK-01": any(
            _money(r, "务工时间（月）") > 0 and r["劳动技能"] in ("无劳动力", "丧失劳动力") for r in people
        ),
        "WORK-05": any(
            r["享受特困供养政策情况"] == "农村特困" and r["务工所在地"] in ("县外省内", "省外")
            for r in people
        ),
    }
    return [code for code, broken in checks.items() if broken]


def test_each_household_has_one_head_and_a_spouse_of_the_other_sex(people):
    for members in _households(_registered(people)).values():
        heads = [r for r in members if r["与户主关系"] == "户主"]
        assert len(heads) == 1
        for spouse in (r for r in members if r["与户主关系"] == "配偶"):
            assert spouse["性别"] != heads[0]["性别"]


def test_sex_and_birth_date_agree_with_the_id(people):
    for row in people:
        info = parse_resident_id(row["证件号码"][:18], today=dt.date(YEAR, 12, 31))
        assert info is not None
        assert (info.sex, info.birth_date.isoformat()) == (row["性别"], row["出生日期"])


def test_income_totals_and_per_capita_follow_the_formula(people):
    for members in _households(people).values():
        first = members[0]
        net = sum(Decimal(first[k]) for k in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入"))
        assert Decimal(first["家庭纯收入"]) == net - Decimal(first["生产经营性支出"])
        assert Decimal(first["人均纯收入（元）"]) == _per_capita(members)
        assert first["人均纯收入（元）"] == format_decimal(Decimal(first["人均纯收入（元）"]))


def test_ages_fit_relations_schooling_and_labour(people):
    for members in _households(_registered(people)).values():
        head_age = _age(next(r for r in members if r["与户主关系"] == "户主"), END)
        assert head_age is not None and head_age >= 16
        for r in members:
            age = _age(r, END)
            assert age is not None
            if r["与户主关系"] in ("之子", "之女"):
                assert head_age - age >= 18
            if r["与户主关系"] in ("之父", "之母"):
                assert age - head_age >= 15
            if r["在校生状况"] not in ("", "学龄前儿童", "学前教育"):
                assert r["劳动技能"] == "无劳动力"
            if 16 <= age <= 59 and r["健康状况"] == "健康" and not r["在校生状况"]:
                assert r["劳动技能"] in ("普通劳动力", "技能劳动力")


def test_monitoring_follows_the_glossary(people):
    monitored = eliminated = 0
    for members in _households(people).values():
        first, people = members[0], _registered(members)
        if not _is_monitored(first):
            assert first["风险是否已消除"] == "" and first["致贫/返贫风险1"] == "" and first["产业帮扶"] == ""
            continue
        monitored += 1
        _assert_category_fits(first)
        risks = [first[f"致贫/返贫风险{i}"] for i in range(1, 6) if first[f"致贫/返贫风险{i}"]]
        for risk in risks:
            if risk in EXPECTED_MEASURES:
                assert any(first[m] for m in EXPECTED_MEASURES[risk]), (first["户编号"], risk)
        if any(r["劳动技能"] in HAS_LABOUR for r in people):
            assert first["实施开发式帮扶措施情况"] == "已实施"
        if first["风险是否已消除"] == "是":
            eliminated += 1
            assert Decimal(first["风险消除后人均纯收入"]) >= LINE
            assert first["消除监测时间"] >= first["识别监测时间"] and first["监测联系人电话"]
    assert monitored >= 40 and 0.3 < eliminated / monitored < 0.7


def _assert_category_fits(first: Row) -> None:
    identified = Decimal(first["识别时人均纯收入"])
    if first["监测对象类别"] == MonitoringCategory.SUDDEN:
        assert identified >= LINE
    else:
        assert identified < LINE
        expected = "脱贫户" if first["监测对象类别"] == MonitoringCategory.UNSTABLE else "一般农户"
        assert first["户类型"] == expected


def test_phones_are_mobile_and_unique_per_household(people):
    phones = [members[0]["户联系电话"] for members in _households(people).values()]
    assert all(MOBILE.match(p) for p in phones)
    assert len(set(phones)) == len(phones)


def test_village_counts_match_the_person_file(clean, people):
    current = _registered(people)
    for village in _read(clean / VILLAGES):
        mine = [r for r in current if r["村"] == village["村"]]
        homes = _households(mine)
        lifted = [r for r in mine if r["户类型"] == "脱贫户"]
        watched = [r for r in mine if _is_monitored(r)]
        assert int(village["总户数"]) == len(homes)
        assert int(village["总人口数"]) == len(mine)
        assert int(village["脱贫户数"]) == len({r["户编号"] for r in lifted})
        assert int(village["脱贫人口数"]) == len(lifted)
        assert int(village["监测户数"]) == len({r["户编号"] for r in watched})
        assert int(village["监测人口数"]) == len(watched)
        assert int(village["低保人口数"]) == sum(r["享受低保政策情况"] == "农村低保" for r in mine)
        assert int(village["残疾人口数"]) == sum("残疾" in r["健康状况"] for r in mine)
        assert len(village["村代码"]) == 12 and village["村民小组"].startswith("示例一组、示例二组")


def test_work_rows_belong_to_registered_workers(clean, people):
    by_id = {r["证件号码"][:18]: r for r in _registered(people)}
    rows = _read(clean / WORK)
    assert rows
    for row in rows:
        person = by_id[row["证件号码"]]
        assert (person["户编号"], person["姓名"]) == (row["户编号"], row["姓名"])
        if row["是否已务工"] == "是":
            assert 2000 <= int(row["务工月收入"]) <= 8000 and row["务工所在县"]
            assert int(person["务工时间（月）"]) > 0
        else:
            assert row["是否计划务工"] == "是"


def test_demo_covers_the_three_real_villages_of_xiaozhongdian(tmp_path):
    rows = _read(_synth(tmp_path, 60, seed=2, demo=True) / VILLAGES)
    assert [(r["村代码"], r["村"], r["乡"], r["县"]) for r in rows] == [
        ("533401101201", "联合村", "小中甸镇", "香格里拉市"),
        ("533401101202", "和平村", "小中甸镇", "香格里拉市"),
        ("533401101203", "团结村", "小中甸镇", "香格里拉市"),
    ]
    assert sum(int(r["总户数"]) for r in rows) == 60


# --- planted errors ------------------------------------------------------------------------------------


def test_planted_csv_lists_exactly_the_planted_errors(planted):
    listed = _read(planted / "planted.csv")
    assert list(listed[0]) == ["规则编号", "户编号", "证件号码", "说明"]
    assert len(listed) == 24
    assert Counter(r["规则编号"] for r in listed) == {
        "ID-02": 3, "ID-04": 2, "ID-05": 2, "ID-01": 1, "ID-06": 1, "HH-01": 1, "HH-02": 1, "HH-05": 1, "HH-08": 1,
        "AGE-01": 1, "AGE-02": 1, "AGE-04": 1, "INS-01": 1, "INC-01": 1, "INC-02": 1, "GAP-01": 1, "WORK-02": 1,
        "WORK-08": 1, "EMPTY-01": 1, "CAT-01": 1,
    }  # fmt: skip


def test_each_planted_error_is_really_in_the_data_and_nothing_else_is(planted):
    rows = _read(planted / PERSONS)
    expected: dict[str, set[str]] = defaultdict(set)
    for row in _read(planted / "planted.csv"):
        by_household = row["规则编号"] in HOUSEHOLD_RULES
        expected[row["规则编号"]].add(row["户编号"] if by_household else row["证件号码"])
    assert _findings(rows) == expected
    holders = Counter(r["证件号码"] for r in _registered(rows))
    assert all(holders[number] == 2 for number in expected["ID-04"])  # the copy and its source


def test_planted_bad_check_digits_really_fail_the_check(planted):
    bad = [r["证件号码"] for r in _read(planted / "planted.csv") if r["规则编号"] == "ID-02"]
    assert bad and all(parse_resident_id(n, today=dt.date(YEAR, 12, 31)) is None for n in bad)


def test_it_writes_shortest_exact_numbers():
    assert [fen_text(v) for v in (123450, 100, 5, -250, 0)] == ["1234.5", "1", "0.05", "-2.5", "0"]


# --- the command ---------------------------------------------------------------------------------------


def test_the_command_prints_one_summary_line(tmp_path, capsys):
    call_command("synth", households=40, seed=1, out=str(tmp_path), anomalies=0.1)
    assert re.fullmatch(
        r"已生成 40 户 \d+ 人（1 个村，务工记录 \d+ 条），埋设问题 \d+ 个，写入 .+（用时 .+ 秒）\n",
        capsys.readouterr().out,
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"seed": 1}, "请用 --households 指定户数"),
        ({"households": "many", "seed": 1}, "--households 应为整数，收到 many"),
        ({"households": 0, "seed": 1}, "户数应在 1 到 10,000,000 之间，收到 0"),
        ({"households": 10, "seed": 1, "fmt": "pdf"}, "--format 应为 csv 或 xlsx，收到 pdf"),
        ({"households": 10, "seed": 1, "anomalies": "0.9"}, "问题比例应在 0 到 0.5 之间，收到 0.9"),
        ({"households": 10, "seed": 1, "year": 2018}, "年度应在 2019 到"),
        ({"households": 10, "seed": 1, "county_code": "5334"}, "县代码应为 6 位数字，收到 5334"),
        ({"households": 2, "seed": 1, "demo": True}, "演示乡镇有 3 个村，户数至少为 3"),
    ],
)
def test_the_command_refuses_bad_options_in_chinese(tmp_path, options, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("synth", out=str(tmp_path), **options)
