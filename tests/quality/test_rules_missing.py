import datetime as dt
from decimal import Decimal

from ..factories import HouseholdFactory, HouseholdYearFactory, MemberFactory

COMPLETE = {
    "housing_area": Decimal("80.00"),
    "road_kind": "水泥路",
    "arable_land": Decimal("3.50"),
    "claim_income": Decimal("0.00"),
}
MONITORED = {
    **COMPLETE,
    "category": "边缘易致贫户",
    "identified_month": dt.date(2021, 3, 1),
    "risk1": "因病",
}
ELIMINATED = {
    **MONITORED,
    "eliminated": True,
    "eliminated_month": dt.date(2021, 8, 1),
    "elimination_way": "帮扶消除",
    "el_per_capita": Decimal("7000.00"),
    "contact_name": "王五",
    "contact_phone": "13812345678",
}


def _household(township, kind="脱贫户", **record):
    household = HouseholdFactory(village=township.lianhe, kind=kind)
    HouseholdYearFactory(household=household, **record)
    return household


def _member(township, **fields):
    """A registered member with every required field filled, unless `fields` says otherwise."""
    return MemberFactory(household=_household(township, **COMPLETE), **{"education": "初中", **fields})


def _found(findings, code):
    return {(f.subject, f.description) for f in findings(code)}


def test_empty01_names_the_missing_member_fields(township, findings):
    member = _member(township, ethnicity="", labour_skill="")
    _member(township)
    _member(township, ethnicity="", status="自然减少")
    assert _found(findings, "EMPTY-01") == {(f"M{member.pk}", "未填写：民族、劳动技能")}


def test_empty01_finds_a_member_without_any_schooling_field(township, findings):
    nothing = _member(township, education="")
    both = _member(township, education="", health="")
    _member(township, education="", school_status="小学")
    _member(township, education="", out_of_school_reason="因病")
    assert _found(findings, "EMPTY-01") == {
        (f"M{nothing.pk}", "文化程度、在校生状况、义务教育阶段未上学原因均为空"),
        (f"M{both.pk}", "未填写：健康状况；文化程度、在校生状况、义务教育阶段未上学原因均为空"),
    }


def test_empty02_names_the_missing_household_fields(township, findings):
    lacking = _household(township, kind="", **{**COMPLETE, "safe_water": None, "arable_land": None})
    _household(township, **{**COMPLETE, "housing_area": Decimal("0.00")})
    assert _found(findings, "EMPTY-02") == {
        (f"H{lacking.pk}", "未填写：户类型、是否解决安全饮用水、耕地面积（亩）")
    }


def test_empty03_finds_a_monitored_household_without_identification_or_income(township, findings):
    lacking = _household(township, **{**MONITORED, "identified_month": None, "claim_income": None})
    _household(township, **MONITORED)
    _household(township, **{**MONITORED, "category": "", "identified_month": None, "claim_income": None})
    _household(township, **{**MONITORED, "category": "清退", "risk1": ""})
    assert _found(findings, "EMPTY-03") == {(f"H{lacking.pk}", "未填写：识别监测时间、理赔收入")}


def test_empty03_finds_a_missing_first_risk_and_net_income_items(township, findings):
    lacking = _household(
        township, **{**MONITORED, "risk1": "", "wage_income": None, "business_expense": None}
    )
    assert _found(findings, "EMPTY-03") == {
        (f"H{lacking.pk}", "未填写：致贫/返贫风险1、工资性收入、生产经营性支出")
    }


def test_empty04_finds_an_eliminated_household_without_a_contact_phone(township, findings):
    lacking = _household(township, **{**ELIMINATED, "contact_phone": "", "el_per_capita": None})
    _household(township, **ELIMINATED)
    _household(township, **{**MONITORED, "contact_phone": ""})
    assert _found(findings, "EMPTY-04") == {
        (f"H{lacking.pk}", "未填写：风险消除后人均纯收入、监测联系人电话")
    }


def test_empty05_reports_each_risk_without_its_detail(township, findings):
    household = _household(township, **{**MONITORED, "risk1": "其他", "risk3": "因自然灾害"})
    _household(township, **{**MONITORED, "risk2": "因自然灾害", "disaster_subtype": "洪涝灾害"})
    _household(township, **{**MONITORED, "risk1": "其他", "other_remark": "家中失火"})
    assert _found(findings, "EMPTY-05") == {
        (f"H{household.pk}:其他", "致贫/返贫风险含“其他”，未填写其他备注"),
        (f"H{household.pk}:因自然灾害", "致贫/返贫风险含“因自然灾害”，未填写因自然灾害子项"),
    }
