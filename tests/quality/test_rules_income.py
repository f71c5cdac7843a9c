from decimal import Decimal

from ..factories import HouseholdYearFactory
from .households import found, home


def _last_year(household, per_capita: str) -> None:
    HouseholdYearFactory(household=household, year=2020, per_capita=Decimal(per_capita))


def test_inc01_finds_every_negative_amount(township, findings):
    negative = home(
        township.lianhe,
        claim_income=Decimal("-300"),
        medical_expense=Decimal("-10"),
        id_wage_income=Decimal("-5"),
    )
    home(township.lianhe, business_expense=Decimal("50000"), net_income=Decimal("-29600"), claim_income=0)
    assert found(findings("INC-01")) == {
        f"H{negative.pk}": "理赔收入为-300.00元；合规自付支出为-10.00元；识别时工资性收入为-5.00元"
    }


def test_inc02_finds_recorded_incomes_differing_from_the_computed(township, findings):
    net = home(township.lianhe, net_income_recorded=Decimal("19000.00"))
    per_capita = home(township.lianhe, per_capita_recorded=Decimal("6400.00"))
    home(township.lianhe, per_capita_recorded=Decimal("6301.00"), net_income_recorded=Decimal("18899.00"))
    assert found(findings("INC-02")) == {
        f"H{net.pk}": "家庭纯收入填为19000.00元，按公式计算为18900.00元",
        f"H{per_capita.pk}": "人均纯收入填为6400.00元，按公式计算为6300.00元",
    }


def test_inc03_finds_income_that_doubled_or_halved(township, findings):
    rose = home(township.lianhe, per_capita=Decimal("12001.00"))
    _last_year(rose, "6000")
    fell = home(township.lianhe, per_capita=Decimal("3100.00"))
    _last_year(fell, "6300")
    for now, before in (("12000", "6000"), ("3150", "6300"), ("3000", "0")):
        _last_year(home(township.lianhe, per_capita=Decimal(now)), before)
    home(township.lianhe, per_capita=Decimal("100.00"))
    assert found(findings("INC-03")) == {
        f"H{rose.pk}": "人均纯收入由上年6000.00元增至12001.00元，增幅超过100%",
        f"H{fell.pk}": "人均纯收入由上年6300.00元降至3100.00元，降幅超过50%",
    }


def test_inc03_reads_the_percentages_from_its_parameters(township, findings):
    _last_year(home(township.lianhe, per_capita=Decimal("9000.00")), "6000")
    assert findings("INC-03") == []
    [finding] = findings("INC-03", overrides={"INC-03": {"rise_percent": "40"}})
    assert finding.description == "人均纯收入由上年6000.00元增至9000.00元，增幅超过40%"


def test_inc04_finds_work_without_wages(township, findings):
    idle = home(township.lianhe, {}, {"public_job": "护林员"}, wage_income=Decimal("0"))
    home(township.lianhe, {}, {"work_months": Decimal("6")})
    home(township.lianhe, {}, {"work_months": Decimal("6"), "status": "自然减少"}, wage_income=None)
    assert found(findings("INC-04")) == {
        f"H{idle.pk}": "1名在册成员有务工时间或公益性岗位，但工资性收入为0.00元"
    }


def test_inc05_finds_assistance_without_transfer_income(township, findings):
    none = home(township.lianhe, {"dibao": "农村低保"}, {"tekun": "农村特困"}, transfer_income=None)
    home(township.lianhe, {"dibao": "农村低保"})
    home(township.lianhe, {"dibao": "未享受", "tekun": "不享受"}, transfer_income=Decimal("0"))
    assert found(findings("INC-05")) == {f"H{none.pk}": "2名在册成员享受低保或特困供养，但转移性收入为空"}


def test_land01_finds_areas_out_of_bounds(township, findings):
    odd = home(
        township.lianhe, arable_land=Decimal("150"), forest_land=Decimal("250.5"), water_area=Decimal("-1")
    )
    home(township.lianhe, arable_land=Decimal("100"), forest_land=Decimal("200"), water_area=Decimal("0"))
    assert found(findings("LAND-01")) == {
        f"H{odd.pk}": (
            "耕地面积为150亩，应在0至100亩之间；水面面积为-1亩，应在0至100亩之间；"
            "林地面积为250.50亩，应在0至200亩之间"
        )
    }
    [finding] = findings("LAND-01", overrides={"LAND-01": {"max_farmland": "160", "max_forest": "300"}})
    assert finding.description == "水面面积为-1亩，应在0至160亩之间"


def test_land02_finds_a_distance_missing_or_too_far(township, findings):
    far = home(township.lianhe, road_distance=Decimal("6.5"))
    empty = home(township.lianhe, road_distance=None)
    home(township.lianhe, road_distance=Decimal("5"))
    home(township.lianhe, road_distance=Decimal("0"))
    assert found(findings("LAND-02")) == {
        f"H{far.pk}": "与村主干路距离为6.50公里，超过5公里",
        f"H{empty.pk}": "与村主干路距离为空或不是数字",
    }
