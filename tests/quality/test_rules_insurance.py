from ..factories import HouseholdFactory, MemberFactory, id_for


def _member(township, **fields):
    """A registered 之子 insured by 城乡居民 basic medical insurance, unless `fields` say otherwise."""
    household = HouseholdFactory(village=township.lianhe)
    return MemberFactory(household=household, relation="之子", **{"resident_medical": True, **fields})


def _found(findings, code):
    return {(f.subject, f.description) for f in findings(code)}


def test_ins01_finds_a_member_without_basic_medical_insurance(township, findings):
    uninsured = _member(township, resident_medical=False, employee_medical=None)
    _member(township)
    _member(township, resident_medical=None, employee_medical=True)
    _member(township, resident_medical=False, status="自然减少")
    assert _found(findings, "INS-01") == {
        (f"M{uninsured.pk}", "是否参加城乡居民基本医疗保险为“否”，是否参加城镇职工基本医疗保险为“空”")
    }


def test_ins02_finds_a_member_insured_twice(township, findings):
    twice = _member(township, employee_medical=True)
    _member(township, employee_medical=False)
    assert _found(findings, "INS-02") == {
        (f"M{twice.pk}", "同时参加城乡居民基本医疗保险和城镇职工基本医疗保险")
    }


def test_ins03_finds_medical_aid_without_insurance(township, findings):
    aided = _member(township, resident_medical=False, employee_medical=False, medical_aid=True)
    _member(township, medical_aid=True)
    _member(township, resident_medical=False, employee_medical=False, medical_aid=False)
    assert _found(findings, "INS-03") == {
        (
            f"M{aided.pk}",
            "是否参加城乡居民基本医疗保险为“否”，是否参加城镇职工基本医疗保险为“否”，是否接受医疗救助为“是”",
        )
    }


def test_dis01_finds_a_disabled_member_without_certificate_or_category(township, findings):
    bare = _member(township, health="长期慢性病、残疾")
    _member(township, health="残疾", disability_kind="视力")
    _member(township, health="残疾", id_kind="残疾人证", id_number=id_for(31) + "11")
    _member(township, health="长期慢性病")
    assert _found(findings, "DIS-01") == {
        (f"M{bare.pk}", "健康状况为“长期慢性病、残疾”，证件类型为“居民身份证”，残疾类别为空")
    }


def test_dis02_finds_a_severe_limb_disability_with_full_labour(township, findings):
    severe = _member(
        township, health="残疾", disability_kind="肢体", disability_grade="二级", labour_skill="技能劳动力"
    )
    _member(
        township, health="残疾", disability_kind="肢体", disability_grade="三级", labour_skill="普通劳动力"
    )
    _member(
        township,
        health="残疾",
        disability_kind="肢体",
        disability_grade="一级",
        labour_skill="弱劳动力或半劳动力",
    )
    _member(
        township, health="残疾", disability_kind="视力", disability_grade="一级", labour_skill="普通劳动力"
    )
    assert _found(findings, "DIS-02") == {(f"M{severe.pk}", "肢体二级残疾，劳动技能为“技能劳动力”")}


def test_dis03_finds_a_category_or_grade_differing_from_the_certificate_number(township, findings):
    # 19th digit 4 = 肢体, 20th digit 2 = 二级
    fields = {"health": "残疾", "id_kind": "残疾人证"}
    differs = _member(
        township, id_number=id_for(41) + "42", disability_kind="肢体", disability_grade="一级", **fields
    )
    empty = _member(township, id_number=id_for(42) + "4201", **fields)
    _member(township, id_number=id_for(43) + "42", disability_kind="肢体", disability_grade="二级", **fields)
    _member(township, id_number=id_for(44) + "82", **fields)
    assert _found(findings, "DIS-03") == {
        (f"M{differs.pk}", "残疾人证号表示肢体二级残疾，残疾类别为“肢体”，残疾等级为“一级”"),
        (f"M{empty.pk}", "残疾人证号表示肢体二级残疾，残疾类别为空，残疾等级为空"),
    }
