import datetime as dt
from decimal import Decimal

from .households import ELIMINATED, MONITORED, child, found, home

ILL = {"health": "患有大病"}
SUDDEN = MONITORED | {"category": "突发严重困难户"}


def test_cat01_finds_a_category_that_contradicts_the_household_kind(township, findings):
    unstable = home(township.lianhe, kind="一般农户", **MONITORED)
    marginal = home(township.lianhe, kind="脱贫户", **MONITORED | {"category": "边缘易致贫户"})
    home(township.lianhe, kind="一般农户", **MONITORED | {"category": "边缘易致贫户"})
    home(township.lianhe, kind="一般农户", **SUDDEN)
    home(township.lianhe, kind="脱贫户", **MONITORED)
    assert found(findings("CAT-01")) == {
        f"H{unstable.pk}": "户类型为一般农户，监测对象类别为脱贫不稳定户（脱贫不稳定户须为脱贫户）",
        f"H{marginal.pk}": "户类型为脱贫户，监测对象类别为边缘易致贫户（边缘易致贫户须为一般农户）",
    }


def test_cat02_finds_an_unstable_household_identified_above_the_line(township, findings):
    above = home(township.lianhe, **MONITORED | {"id_per_capita": Decimal("6500.00")})
    home(township.lianhe, **MONITORED | {"id_per_capita": Decimal("6000.00")})
    home(township.lianhe, **SUDDEN | {"id_per_capita": Decimal("6500.00")})
    assert found(findings("CAT-02")) == {
        f"H{above.pk}": "监测对象类别为脱贫不稳定户，识别时人均纯收入6500.00元，高于监测标准6000.00元（应为突发严重困难户）"
    }


def test_cat03_finds_a_sudden_hardship_household_identified_below_the_line(township, findings):
    below = home(township.lianhe, kind="一般农户", **SUDDEN | {"id_per_capita": Decimal("5000.00")})
    home(township.lianhe, kind="一般农户", **SUDDEN | {"id_per_capita": Decimal("6000.00")})
    home(township.lianhe, **MONITORED | {"id_per_capita": Decimal("5000.00")})
    assert found(findings("CAT-03")) == {
        f"H{below.pk}": "监测对象类别为突发严重困难户，识别时人均纯收入5000.00元，低于监测标准6000.00元（应为边缘易致贫户）"
    }


def test_risk01_finds_a_monitored_household_without_any_risk(township, findings):
    bare = home(township.lianhe, **MONITORED | {"risk1": ""})
    home(township.lianhe, **MONITORED | {"risk1": "", "risk3": "因学"})
    home(township.lianhe, risk1="")
    home(township.lianhe, category="清退", risk1="")
    assert found(findings("RISK-01")) == {
        f"H{bare.pk}": "监测对象类别为脱贫不稳定户，致贫/返贫风险1至5均为空"
    }


def test_risk02_finds_disability_risk_without_a_registered_disabled_member(township, findings):
    risk = MONITORED | {"risk2": "因残"}
    none = home(township.lianhe, ILL, {"health": "残疾", "status": "自然减少"}, **risk)
    home(township.lianhe, ILL, {"health": "长期慢性病、残疾"}, **risk)
    home(township.lianhe, ILL, **MONITORED)
    assert found(findings("RISK-02")) == {
        f"H{none.pk}": "致贫/返贫风险含因残，但在册成员的健康状况均不含残疾"
    }


def test_risk03_finds_illness_risk_without_an_ill_member(township, findings):
    healthy = home(township.lianhe, {"health": "健康"}, **MONITORED)
    home(township.lianhe, {"health": "健康"}, {"health": "长期慢性病"}, **MONITORED)
    home(township.lianhe, {"health": "健康"}, **MONITORED | {"risk1": "因学"})
    assert found(findings("RISK-03")) == {
        f"H{healthy.pk}": "致贫/返贫风险含因病，但在册成员均无长期慢性病或大病"
    }


def test_risk04_finds_illness_risk_without_medical_spending(township, findings):
    zero = home(township.lianhe, ILL, **MONITORED | {"medical_expense": Decimal("0.00")})
    empty = home(township.lianhe, ILL, **MONITORED | {"medical_expense": None})
    home(township.lianhe, ILL, **MONITORED)
    home(township.lianhe, ILL, **MONITORED | {"risk1": "因学", "medical_expense": Decimal("0.00")})
    assert found(findings("RISK-04")) == {
        f"H{zero.pk}": "致贫/返贫风险含因病，但合规自付支出为0.00元",
        f"H{empty.pk}": "致贫/返贫风险含因病，但合规自付支出为空",
    }


def test_risk05_finds_lack_of_labour_with_most_members_labouring(township, findings):
    risk = MONITORED | {"risk1": "缺劳动力"}
    most = home(township.lianhe, {}, {}, {"labour_skill": "丧失劳动力"}, **risk)
    home(township.lianhe, {}, {"labour_skill": "弱劳动力或半劳动力"}, **risk)  # half, not more
    assert found(findings("RISK-05")) == {
        f"H{most.pk}": "致贫/返贫风险含缺劳动力，但在册成员3人中有2人为普通劳动力或技能劳动力"
    }


def test_risk05_reads_the_share_from_its_parameter(township, findings):
    home(township.lianhe, {}, {"labour_skill": "丧失劳动力"}, **MONITORED | {"risk1": "缺劳动力"})
    assert findings("RISK-05") == []
    assert len(findings("RISK-05", overrides={"RISK-05": {"labour_percent": "40"}})) == 1


def test_risk06_finds_unstable_work_risk_without_labour(township, findings):
    risk = MONITORED | {"risk1": "因务工就业不稳"}
    none = home(township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "无劳动力"}, **risk)
    home(township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "弱劳动力或半劳动力"}, **risk)
    assert found(findings("RISK-06")) == {
        f"H{none.pk}": "致贫/返贫风险含因务工就业不稳，但在册成员均无劳动能力"
    }


def test_risk07_finds_the_out_of_school_flag_without_such_a_child(township, findings):
    born = dt.date(2012, 3, 1)
    flagged = home(township.lianhe, {}, child("小红", born, school_status="小学"), out_of_school=True)
    home(township.lianhe, {}, child("小明", born), out_of_school=True)
    home(township.lianhe, {}, child("小刚", born, school_status="小学"), out_of_school=False)
    assert found(findings("RISK-07")) == {
        f"H{flagged.pk}": "是否义务教育阶段适龄儿童少年失学辍学为“是”，但在册成员中没有失学辍学的义务教育阶段适龄儿童少年"
    }


def test_risk08_finds_each_missing_risk_of_unsafe_water_or_housing(township, findings):
    both = home(township.lianhe, **MONITORED | {"safe_water": False, "unsafe_housing": True})
    graded = home(township.lianhe, **MONITORED | {"housing_grade": "C", "risk1": "", "risk2": "因学"})
    home(township.lianhe, **MONITORED | {"unsafe_housing": True, "risk2": "因安全住房"})
    home(township.lianhe, **ELIMINATED | {"safe_water": False})
    home(township.lianhe, safe_water=False)
    assert found(findings("RISK-08")) == {
        f"H{both.pk}:因安全住房": "是否危房户为“是”，但致贫/返贫风险中没有因安全住房（已填风险：因病）",
        f"H{both.pk}:因安全饮水": "是否解决安全饮用水为“否”，但致贫/返贫风险中没有因安全饮水（已填风险：因病）",
        f"H{graded.pk}:因安全住房": "危房等级为C，但致贫/返贫风险中没有因安全住房（已填风险：因学）",
    }


def test_risk09_finds_schooling_risk_without_a_student(township, findings):
    risk = MONITORED | {"risk2": "因学"}
    none = home(township.lianhe, ILL, child("小丽", dt.date(2017, 3, 1), school_status="学龄前儿童"), **risk)
    home(township.lianhe, ILL, {"school_status": "普通高中一年级"}, **risk)
    home(township.lianhe, ILL, **MONITORED)
    assert found(findings("RISK-09")) == {f"H{none.pk}": "致贫/返贫风险含因学，但在册成员中没有在校生"}
