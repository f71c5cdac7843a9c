import datetime as dt
from decimal import Decimal

from .households import ELIMINATED, MONITORED, child, found, home

NATURAL = ELIMINATED | {"elimination_way": "自然消除"}


def test_elim01_finds_assisted_elimination_below_the_line(township, findings):
    below = home(township.lianhe, **ELIMINATED | {"el_per_capita": Decimal("5800.00")})
    home(township.lianhe, **ELIMINATED | {"el_per_capita": Decimal("6000.00")})
    home(township.lianhe, **NATURAL | {"el_per_capita": Decimal("5800.00")})
    home(township.lianhe, **ELIMINATED | {"eliminated": False, "el_per_capita": Decimal("5800.00")})
    assert found(findings("ELIM-01")) == {
        f"H{below.pk}": "风险消除方式为帮扶消除，风险消除后人均纯收入5800.00元，低于监测标准6000.00元"
    }


def test_elim02_finds_elimination_within_6_months_of_identification(township, findings):
    soon = home(township.lianhe, **ELIMINATED | {"eliminated_month": dt.date(2021, 7, 1)})
    before = home(
        township.lianhe,
        **ELIMINATED | {"identified_month": dt.date(2021, 5, 1), "eliminated_month": dt.date(2021, 2, 1)},
    )
    home(township.lianhe, **ELIMINATED)  # 2021-03 to 2021-09: 6 months
    home(township.lianhe, **ELIMINATED | {"eliminated": False, "eliminated_month": dt.date(2021, 4, 1)})
    assert found(findings("ELIM-02")) == {
        f"H{soon.pk}": "识别监测时间2021-03，消除监测时间2021-07，相隔4个月，不足6个月",
        f"H{before.pk}": "消除监测时间2021-02早于识别监测时间2021-05",
    }


def test_elim02_reads_the_months_from_its_parameter(township, findings):
    home(township.lianhe, **ELIMINATED | {"eliminated_month": dt.date(2021, 7, 1)})
    [finding] = findings("ELIM-02", overrides={"ELIM-02": {"months": "5"}})
    assert finding.description == "识别监测时间2021-03，消除监测时间2021-07，相隔4个月，不足5个月"
    assert findings("ELIM-02", overrides={"ELIM-02": {"months": "4"}}) == []


def test_elim03_finds_every_basic_need_still_unmet(township, findings):
    lacking = {"unsafe_housing": True, "housing_grade": "D", "safe_water": False}
    everything = home(
        township.lianhe,
        {"name": "张三"},
        {"name": "王五", "resident_medical": False},
        child("小明", dt.date(2012, 3, 1)),
        **ELIMINATED | lacking,
    )
    graded = home(township.lianhe, **ELIMINATED | {"housing_grade": "C"})
    home(township.lianhe, **ELIMINATED | {"housing_grade": "B"})
    home(township.lianhe, **MONITORED | lacking)
    assert found(findings("ELIM-03")) == {
        f"H{everything.pk}": (
            "已标注风险消除，但住房不安全（是否危房户为“是”，危房等级为D）；是否解决安全饮用水为“否”；"
            "1名义务教育阶段适龄儿童少年失学辍学（小明）；1名在册成员未参加基本医疗保险（王五）"
        ),
        f"H{graded.pk}": "已标注风险消除，但住房不安全（危房等级为C）",
    }


def test_elim04_finds_measures_without_the_income_they_bring(township, findings):
    none = home(
        township.lianhe,
        **ELIMINATED
        | {
            "m_public_job": "护林员",
            "el_wage_income": Decimal("0.00"),
            "m_security": "低保、残疾人补贴",
            "el_transfer_income": None,
            "el_business_income": Decimal("0.00"),
        },
    )
    home(township.lianhe, **ELIMINATED | {"m_employment": "劳务输出", "m_security": "低保"})
    home(township.lianhe, **ELIMINATED | {"m_industry": "", "el_business_income": Decimal("0.00")})
    home(township.lianhe, **MONITORED | {"m_employment": "劳务输出", "el_wage_income": Decimal("0.00")})
    assert found(findings("ELIM-04")) == {
        f"H{none.pk}": (
            "有公益岗位帮扶，但风险消除后工资性收入为0.00元；有低保、残疾人补贴，但风险消除后转移性收入为空；"
            "有产业帮扶，但风险消除后生产经营性收入为0.00元"
        )
    }


def test_elim05_finds_assisted_elimination_without_any_measure(township, findings):
    bare = {"m_health": "", "m_industry": ""}
    none = home(township.lianhe, **ELIMINATED | bare)
    home(township.lianhe, **NATURAL | bare)
    home(township.lianhe, **ELIMINATED | bare | {"m_social": "结对帮扶"})
    assert found(findings("ELIM-05")) == {f"H{none.pk}": "风险消除方式为帮扶消除，但未填写任何帮扶措施"}


def test_elim06_finds_natural_elimination_below_the_line(township, findings):
    below = home(township.lianhe, **NATURAL | {"el_per_capita": Decimal("5800.00")})
    home(township.lianhe, **NATURAL | {"el_per_capita": Decimal("6000.00")})
    home(township.lianhe, **ELIMINATED | {"el_per_capita": Decimal("5800.00")})
    assert found(findings("ELIM-06")) == {
        f"H{below.pk}": "风险消除方式为自然消除，风险消除后人均纯收入5800.00元，低于监测标准6000.00元"
    }
