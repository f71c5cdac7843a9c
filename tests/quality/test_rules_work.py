import datetime as dt
import itertools
from decimal import Decimal

from fangfanpin.core.idcard import make_id
from fangfanpin.registry.models import WorkSpell

from ..factories import HouseholdFactory, HouseholdYearFactory, MemberFactory

_serials = itertools.count(1)


def _member(township, born=dt.date(1980, 1, 1), **fields):
    """A registered 之子 born on `born` (in his ID too)."""
    number = make_id("533421", born, 2 * (next(_serials) % 499) + 1)
    household = HouseholdFactory(village=township.lianhe)
    return MemberFactory(household=household, relation="之子", id_number=number, **fields)


def _spell(member, *, id_number=None, **fields):
    """A row of the 2021 work-monitoring data for `member` (marked 已务工 in 昆明市官渡区 unless told)."""
    values = {"working": True, "work_county": "昆明市官渡区", "monthly_income": Decimal("3500.00"), **fields}
    return WorkSpell.objects.create(
        year=2021,
        household_no=member.household.household_no,
        name=member.name,
        id_number=member.id_number if id_number is None else id_number,
        **values,
    )


def _household(township, phone):
    household = HouseholdFactory(village=township.lianhe, phone=phone)
    HouseholdYearFactory(household=household)
    return household


def _found(findings, code, **overrides):
    return {
        (f.subject, f.description) for f in findings(code, overrides={code: overrides} if overrides else None)
    }


def test_work01_finds_work_months_or_work_data_of_someone_without_labour(township, findings):
    months = _member(township, work_months=Decimal("4"), work_place="省外", labour_skill="无劳动力")
    spell = _member(township, labour_skill="丧失劳动力")
    _spell(spell, id_number=spell.id_number.lower()[:17] + spell.id_number[17].lower())
    _member(township, work_months=Decimal("4"), work_place="省外", labour_skill="弱劳动力或半劳动力")
    _spell(_member(township, labour_skill="无劳动力"), working=False)
    assert _found(findings, "WORK-01") == {
        (f"M{months.pk}", "务工时间4个月，劳动技能为“无劳动力”"),
        (f"M{spell.pk}", "务工监测为已务工，劳动技能为“丧失劳动力”"),
    }


def test_work02_finds_months_outside_0_to_12(township, findings):
    too_many = _member(township, work_months=Decimal("13"), work_place="省外")
    both = _member(
        township, work_months=Decimal("-1"), public_job="护林员", public_job_months=Decimal("12.5")
    )
    _member(
        township,
        work_months=Decimal("12"),
        work_place="省外",
        public_job="护林员",
        public_job_months=Decimal("0"),
    )
    assert _found(findings, "WORK-02") == {
        (f"M{too_many.pk}", "务工时间（月）为13（应在0–12之间）"),
        (f"M{both.pk}", "务工时间（月）为-1，公益性岗位(月数)为12.50（应在0–12之间）"),
    }


def test_work03_finds_a_public_job_held_by_a_child_or_someone_of_70(township, findings):
    child = _member(township, dt.date(2005, 10, 1), public_job="保洁员", public_job_months=Decimal("6"))
    old = _member(township, dt.date(1951, 9, 30), public_job="护林员", public_job_months=Decimal("6"))
    _member(township, dt.date(1951, 10, 1), public_job="护林员", public_job_months=Decimal("6"))
    _member(township, dt.date(2005, 9, 30), public_job="保洁员", public_job_months=Decimal("6"))
    _member(township, dt.date(1940, 1, 1))
    assert _found(findings, "WORK-03") == {
        (f"M{child.pk}", "年龄15岁（未满16岁），公益性岗位为“保洁员”"),
        (f"M{old.pk}", "年龄70岁（已满70岁），公益性岗位为“护林员”"),
    }


def test_work03_ages_are_parameters(township, findings):
    _member(township, dt.date(1956, 1, 1), public_job="护林员", public_job_months=Decimal("6"))
    assert _found(findings, "WORK-03") == set()
    assert len(_found(findings, "WORK-03", public_job_max_age="65")) == 1


def test_work04_finds_a_public_job_without_months_and_months_without_a_job(township, findings):
    no_months = _member(township, public_job="护林员")
    zero_months = _member(township, public_job="护林员", public_job_months=Decimal("0"))
    no_job = _member(township, public_job_months=Decimal("6"))
    _member(township, public_job="护林员", public_job_months=Decimal("6"))
    _member(township, public_job_months=Decimal("0"))
    assert _found(findings, "WORK-04") == {
        (f"M{no_months.pk}", "公益性岗位为“护林员”，公益性岗位(月数)为空"),
        (f"M{zero_months.pk}", "公益性岗位为“护林员”，公益性岗位(月数)为0"),
        (f"M{no_job.pk}", "公益性岗位为空，公益性岗位(月数)为6"),
    }


def test_work05_finds_an_extreme_poverty_supported_person_working_outside_the_county(township, findings):
    away = _member(township, tekun="农村特困", work_place="省外（广东省东莞市）", work_months=Decimal("6"))
    _member(township, tekun="农村特困", work_place="乡镇外县内", work_months=Decimal("6"))
    _member(township, tekun="不享受", work_place="县外省内", work_months=Decimal("6"))
    assert _found(findings, "WORK-05") == {
        (f"M{away.pk}", "享受特困供养政策情况为“农村特困”，务工所在地为“省外（广东省东莞市）”")
    }


def test_work06_finds_monthly_incomes_out_of_range_in_the_work_data(township, findings):
    rich = _member(township)
    _spell(rich, monthly_income=Decimal("35000.00"))
    _spell(rich, monthly_income=Decimal("42000.00"))
    _spell(rich, monthly_income=Decimal("50.00"))
    poor = _member(township)
    _spell(poor, monthly_income=Decimal("99.99"))
    usual = _member(township)
    _spell(usual, monthly_income=Decimal("30000.00"))
    _spell(usual, monthly_income=Decimal("0.00"), working=False)
    assert _found(findings, "WORK-06") == {
        (
            f"M{rich.pk}",
            "务工监测中务工月收入42000.00元，高于30000.00元；务工监测中务工月收入50.00元，低于100.00元",
        ),
        (f"M{poor.pk}", "务工监测中务工月收入99.99元，低于100.00元"),
    }


def test_work06_ignores_rows_of_removed_members(township, findings):
    _spell(_member(township, status="自然减少"), monthly_income=Decimal("50000.00"))
    assert findings("WORK-06") == []


def test_work07_finds_work_without_a_county(township, findings):
    member = _member(township)
    _spell(member, work_county="")
    _spell(member, work_county="")
    _spell(member)
    _spell(_member(township), work_county="", working=False)
    _spell(_member(township))
    assert _found(findings, "WORK-07") == {(f"M{member.pk}", "务工监测中有2条已务工记录未填写务工所在县")}


def test_work08_finds_an_empty_or_non_mobile_phone(township, findings):
    empty = _household(township, "")
    landline = _household(township, "0887-8223456")
    short = _household(township, "1391234567")
    no_such_prefix = _household(township, "12912345678")
    _household(township, "19912345678")
    assert _found(findings, "WORK-08") == {
        (f"H{empty.pk}", "户联系电话为空"),
        (f"H{landline.pk}", "户联系电话“0887-8223456”不是11位手机号码"),
        (f"H{short.pk}", "户联系电话“1391234567”不是11位手机号码"),
        (f"H{no_such_prefix.pk}", "户联系电话“12912345678”不是11位手机号码"),
    }


def test_work09_finds_a_phone_shared_by_households(township, findings):
    first = _household(township, "13800001111")
    second = _household(township, "13800001111")
    _household(township, "13800002222")
    _household(township, "")
    _household(township, "")
    numbers = "、".join(sorted([first.household_no, second.household_no]))
    assert _found(findings, "WORK-09") == {
        (f"H{first.pk}", f"户联系电话13800001111在2户中重复（户编号：{numbers}）"),
        (f"H{second.pk}", f"户联系电话13800001111在2户中重复（户编号：{numbers}）"),
    }


def test_work10_finds_months_without_a_place_and_a_place_without_months(township, findings):
    no_place = _member(township, work_months=Decimal("6"))
    no_months = _member(township, work_place="乡镇内")
    _member(township, work_months=Decimal("6"), work_place="乡镇内")
    _member(township, work_months=Decimal("0"))
    assert _found(findings, "WORK-10") == {
        (f"M{no_place.pk}", "务工时间（月）为6，务工所在地为空"),
        (f"M{no_months.pk}", "务工时间（月）为空，务工所在地为“乡镇内”"),
    }
