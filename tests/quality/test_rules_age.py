"""AGE rules; ages are at 2021-09-30, school ages at 2021-09-01 (the 2021 run)."""

import datetime as dt
import itertools
from decimal import Decimal

from fangfanpin.core.idcard import make_id

from ..factories import HouseholdFactory, MemberFactory

_serials = itertools.count(1)


def _member(township, born, **fields):
    """A registered 之子 born on `born` (in his ID too), healthy, 初中, 普通劳动力 unless `fields` say otherwise."""
    defaults = {"relation": "之子", "education": "初中", "health": "健康", "labour_skill": "普通劳动力"}
    number = make_id("533421", born, 2 * (next(_serials) % 499) + 1)
    household = HouseholdFactory(village=township.lianhe)
    return MemberFactory(household=household, id_number=number, **{**defaults, **fields})


def _found(findings, code, **overrides):
    return {
        (f.subject, f.description) for f in findings(code, overrides={code: overrides} if overrides else None)
    }


def test_age01_finds_a_child_with_labour(township, findings):
    child = _member(township, dt.date(2005, 10, 1))
    _member(township, dt.date(2005, 9, 30))
    _member(township, dt.date(2010, 1, 1), labour_skill="无劳动力")
    assert _found(findings, "AGE-01") == {
        (f"M{child.pk}", "年龄15岁，劳动技能为“普通劳动力”（未满16岁应为无劳动力）")
    }


def test_age02_finds_a_65_year_old_skilled_labourer(township, findings):
    old = _member(township, dt.date(1956, 9, 30), labour_skill="技能劳动力")
    _member(township, dt.date(1956, 10, 1))
    _member(township, dt.date(1940, 1, 1), labour_skill="弱劳动力或半劳动力")
    assert _found(findings, "AGE-02") == {(f"M{old.pk}", "年龄65岁，劳动技能为“技能劳动力”")}


def test_age02_age_is_a_parameter(township, findings):
    _member(township, dt.date(1960, 1, 1))
    assert _found(findings, "AGE-02") == set()
    assert len(_found(findings, "AGE-02", old_age="60")) == 1


def test_age03_finds_a_healthy_adult_without_labour(township, findings):
    idle = _member(township, dt.date(1990, 1, 1), labour_skill="无劳动力")
    _member(township, dt.date(1990, 1, 1), labour_skill="无劳动力", health="长期慢性病")
    _member(township, dt.date(2001, 1, 1), labour_skill="无劳动力", school_status="本科二年级")
    _member(township, dt.date(1961, 9, 30), labour_skill="丧失劳动力")
    assert _found(findings, "AGE-03") == {(f"M{idle.pk}", "年龄31岁，健康，不在校，劳动技能为“无劳动力”")}


def test_age04_finds_an_out_of_school_child(township, findings):
    child = _member(township, dt.date(2012, 5, 1), labour_skill="无劳动力", education="")
    preschool = _member(township, dt.date(2015, 8, 31), labour_skill="无劳动力", school_status="学龄前儿童")
    _member(township, dt.date(2012, 5, 1), labour_skill="无劳动力", school_status="小学")
    _member(township, dt.date(2012, 5, 1), labour_skill="无劳动力", out_of_school_reason="因残")
    _member(township, dt.date(2015, 9, 2), labour_skill="无劳动力", school_status="学龄前儿童")
    assert _found(findings, "AGE-04") == {
        (f"M{child.pk}", "年龄9岁（按2021-09-01计），在校生状况为空，未填写义务教育阶段未上学原因"),
        (
            f"M{preschool.pk}",
            "年龄6岁（按2021-09-01计），在校生状况为“学龄前儿童”，未填写义务教育阶段未上学原因",
        ),
    }


def test_age05_finds_school_levels_that_do_not_fit_the_age(township, findings):
    too_young = _member(township, dt.date(2015, 9, 2), labour_skill="无劳动力", school_status="小学")
    too_old = _member(township, dt.date(2014, 1, 1), labour_skill="无劳动力", school_status="学前教育")
    undergraduate = _member(
        township, dt.date(2006, 1, 1), labour_skill="无劳动力", school_status="本科一年级"
    )
    _member(township, dt.date(2015, 9, 1), labour_skill="无劳动力", school_status="小学")
    _member(township, dt.date(2006, 9, 1), labour_skill="无劳动力", school_status="九年级")
    _member(township, dt.date(2000, 9, 2), labour_skill="无劳动力", school_status="中职三年级")
    assert _found(findings, "AGE-05") == {
        (f"M{too_young.pk}", "年龄5岁（按2021-09-01计），在校生状况为“小学”（应为6–14岁）"),
        (f"M{too_old.pk}", "年龄7岁（按2021-09-01计），在校生状况为“学前教育”（应不超过6岁）"),
        (f"M{undergraduate.pk}", "年龄15岁（按2021-09-01计），在校生状况为“本科一年级”（应满16岁）"),
    }


def test_age06_finds_a_healthy_young_adult_with_primary_schooling(township, findings):
    young = _member(township, dt.date(2000, 1, 1), education="小学")
    _member(township, dt.date(1998, 9, 30), education="文盲或半文盲")
    _member(township, dt.date(2000, 1, 1), education="小学", health="残疾")
    _member(township, dt.date(2000, 1, 1), education="初中")
    assert _found(findings, "AGE-06") == {(f"M{young.pk}", "年龄21岁，健康，文化程度为“小学”")}


def test_age07_finds_a_student_with_labour(township, findings):
    student = _member(
        township, dt.date(2002, 1, 1), school_status="高职高专一年级", labour_skill="弱劳动力或半劳动力"
    )
    _member(township, dt.date(2002, 1, 1), school_status="高职高专一年级", labour_skill="无劳动力")
    _member(township, dt.date(2016, 1, 1), school_status="学前教育", labour_skill="普通劳动力")
    assert _found(findings, "AGE-07") == {
        (
            f"M{student.pk}",
            "在校生状况为“高职高专一年级”，劳动技能为“弱劳动力或半劳动力”（在校生应为无劳动力）",
        )
    }


def test_age08_finds_a_pupil_with_work_months(township, findings):
    pupil = _member(
        township,
        dt.date(2005, 1, 1),
        school_status="普通高中二年级",
        work_months=Decimal("2.5"),
        labour_skill="无劳动力",
    )
    worker = _member(
        township,
        dt.date(2008, 1, 1),
        school_status="八年级",
        work_months=Decimal("3"),
        labour_skill="无劳动力",
    )
    _member(township, dt.date(2001, 1, 1), school_status="本科三年级", work_months=Decimal("3"))
    _member(township, dt.date(2005, 1, 1), school_status="中职一年级", work_months=Decimal("0"))
    assert _found(findings, "AGE-08") == {
        (f"M{pupil.pk}", "在校生状况为“普通高中二年级”，务工时间2.50个月"),
        (f"M{worker.pk}", "在校生状况为“八年级”，务工时间3个月"),
    }


def test_age09_finds_a_healthy_child_out_of_school_for_illness(township, findings):
    child = _member(township, dt.date(2010, 1, 1), labour_skill="无劳动力", out_of_school_reason="因病")
    _member(
        township, dt.date(2010, 1, 1), labour_skill="无劳动力", out_of_school_reason="因病", health="患有大病"
    )
    _member(township, dt.date(2010, 1, 1), labour_skill="无劳动力", out_of_school_reason="因家庭困难")
    assert _found(findings, "AGE-09") == {
        (f"M{child.pk}", "义务教育阶段未上学原因为“因病”，健康状况为“健康”")
    }
