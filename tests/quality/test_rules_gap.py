import datetime as dt
from decimal import Decimal

from .households import ELIMINATED, MONITORED, child, found, home


def test_gap01_finds_an_unmonitored_household_below_the_line(township, findings):
    poor = home(township.lianhe, per_capita=Decimal("5210.00"))
    removed = home(township.heping, category="清退", per_capita=Decimal("4000.00"))
    home(township.lianhe, per_capita=Decimal("6000.00"))
    home(township.lianhe, **MONITORED, per_capita=Decimal("5210.00"))
    result = findings("GAP-01")
    assert found(result) == {
        f"H{poor.pk}": "未纳入监测，人均纯收入5210.00元，低于监测标准6000.00元",
        f"H{removed.pk}": "已清退，人均纯收入4000.00元，低于监测标准6000.00元",
    }
    villages = {f.subject: (f.household_id, f.village_code, f.id_number, f.name) for f in result}
    assert villages[f"H{removed.pk}"] == (removed.pk, township.heping.code, "", "")


def test_gap02_finds_unsafe_housing_by_the_flag_or_the_grade(township, findings):
    flagged = home(township.lianhe, unsafe_housing=True, housing_grade="B")
    graded = home(township.lianhe, unsafe_housing=False, housing_grade="D")
    home(township.lianhe, unsafe_housing=False, housing_grade="B")
    home(township.lianhe, **MONITORED | {"unsafe_housing": True})
    assert found(findings("GAP-02")) == {
        f"H{flagged.pk}": "未纳入监测，是否危房户为“是”，危房等级为B",
        f"H{graded.pk}": "未纳入监测，危房等级为D",
    }


def test_gap03_finds_unsafe_water_but_not_an_empty_answer(township, findings):
    unsafe = home(township.lianhe, safe_water=False)
    home(township.lianhe, safe_water=None)
    home(township.lianhe, **MONITORED | {"safe_water": False})
    assert found(findings("GAP-03")) == {f"H{unsafe.pk}": "未纳入监测，是否解决安全饮用水为“否”"}


def test_gap04_finds_an_out_of_school_child_in_an_unmonitored_household(township, findings):
    born = dt.date(2012, 3, 1)  # 9 on 1 September 2021
    out = home(township.lianhe, {}, child("小明", born))
    home(township.lianhe, {}, child("小红", born, school_status="小学"))
    home(township.lianhe, {}, child("小刚", born, out_of_school_reason="因病"))
    home(township.lianhe, {}, child("小丽", dt.date(2016, 3, 1)))  # 5: not yet of compulsory age
    assert found(findings("GAP-04")) == {
        f"H{out.pk}": "未纳入监测，1名义务教育阶段适龄儿童少年失学辍学（小明）"
    }


def test_gap05_finds_uninsured_registered_members(township, findings):
    uninsured = home(
        township.lianhe,
        {"name": "张三"},
        {"name": "王五", "resident_medical": False},
        {"name": "李四", "resident_medical": None},
    )
    home(township.lianhe, {}, {"resident_medical": False, "employee_medical": True})
    home(township.lianhe, {}, {"resident_medical": False, "status": "自然减少"})
    assert found(findings("GAP-05")) == {
        f"H{uninsured.pk}": "未纳入监测，2名在册成员未参加基本医疗保险（李四、王五）"
    }


def test_gap06_finds_a_household_without_labour_or_assistance(township, findings):
    none = home(township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "无劳动力"})
    home(township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "无劳动力", "dibao": "农村低保"})
    home(township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "弱劳动力或半劳动力"})
    home(
        township.lianhe,
        {"labour_skill": "丧失劳动力"},
        {"labour_skill": "无劳动力", "tekun": "不享受"},
        **MONITORED,
    )
    assert found(findings("GAP-06")) == {
        f"H{none.pk}": "未纳入监测，在册成员2人均无劳动能力，且无人享受低保或特困供养"
    }


def test_gap07_finds_an_eliminated_household_below_the_line(township, findings):
    eliminated = home(township.lianhe, **ELIMINATED | {"per_capita": Decimal("5800.00")})
    home(township.lianhe, **MONITORED | {"per_capita": Decimal("5800.00")})
    home(township.lianhe, **ELIMINATED | {"per_capita": Decimal("6000.00")})
    assert found(findings("GAP-07")) == {
        f"H{eliminated.pk}": "已标注风险消除，本年度人均纯收入5800.00元，低于监测标准6000.00元，应回退风险消除"
    }


def test_gap08_finds_an_eliminated_household_without_labour(township, findings):
    eliminated = home(township.lianhe, {"labour_skill": "丧失劳动力"}, **ELIMINATED)
    home(
        township.lianhe, {"labour_skill": "丧失劳动力"}, {"labour_skill": "弱劳动力或半劳动力"}, **ELIMINATED
    )
    home(township.lianhe, {"labour_skill": "丧失劳动力"}, **MONITORED)
    assert found(findings("GAP-08")) == {f"H{eliminated.pk}": "已标注风险消除，在册成员1人均无劳动能力"}


def test_gap09_finds_medical_spending_taking_a_household_below_the_line(township, findings):
    spent = home(township.lianhe, medical_expense=Decimal("1000.00"))  # 18900 − 1000 < 3 × 6000
    home(township.lianhe, medical_expense=Decimal("900.00"))
    home(township.lianhe, **MONITORED | {"medical_expense": Decimal("5000.00")})
    home(
        township.lianhe,
        net_income=Decimal("15000"),
        per_capita=Decimal("5000"),
        medical_expense=Decimal("100"),
    )
    assert found(findings("GAP-09")) == {
        f"H{spent.pk}": "未纳入监测，家庭纯收入18900.00元扣除合规自付支出1000.00元后为17900.00元，按3人计人均低于监测标准6000.00元"
    }
