import datetime as dt

from fangfanpin.core.idcard import make_id

from ..factories import MemberFactory, household_make


def _member(township, **fields):
    household = household_make(village=township.lianhe)
    return MemberFactory(household=household, relation="之子", **fields)


def test_id01_finds_an_id_of_wrong_length_and_not_a_valid_one(township, findings):
    short = _member(township, name="李四", id_number="53342119800101")
    _member(township, name="王五")
    result = findings("ID-01")
    assert [(f.subject, f.name, f.description) for f in result] == [
        (f"M{short.pk}", "李四", "证件号码“53342119800101”为14位（应为18、20或22位）")
    ]


def test_id01_ignores_removed_members(township, findings):
    _member(township, id_number="", status="自然减少")
    assert findings("ID-01") == []


def test_id02_names_the_expected_check_digit(township, findings):
    good = make_id("533421", dt.date(1990, 5, 6), 12)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    member = _member(township, id_number=wrong)
    _member(township, id_number=make_id("533421", dt.date(1991, 5, 6), 12))
    [finding] = findings("ID-02")
    assert finding.subject == f"M{member.pk}"
    assert finding.description == f"证件号码“{wrong}”校验位应为{good[17]}，实为{wrong[17]}"


def test_id02_finds_an_impossible_birth_date(township, findings):
    first17 = "53342119900230123"
    from fangfanpin.core.idcard import check_char

    bad = first17 + check_char(first17)
    _member(township, id_number=bad)
    [finding] = findings("ID-02")
    assert finding.description == f"证件号码“{bad}”中的出生日期“19900230”不是真实日期"


def test_id04_reports_every_member_sharing_an_id(township, findings):
    shared = make_id("533421", dt.date(1970, 3, 3), 7)
    a = _member(township, id_number=shared)
    b = _member(township, id_number=shared.lower()[:17] + shared[17])
    _member(township, id_number=shared, status="自然减少")
    result = findings("ID-04")
    assert sorted(f.subject for f in result) == sorted([f"M{a.pk}", f"M{b.pk}"])
    assert result[0].description.startswith(f"证件号码{shared}在2名在册人员中重复（户编号：")


def test_id05_finds_sex_contradicting_the_id(township, findings):
    male_id = make_id("533421", dt.date(1985, 1, 1), 11)  # sequence 11: odd → 男
    member = _member(township, id_number=male_id, sex="女", birth_date=dt.date(1985, 1, 1))
    _member(township, id_number=make_id("533421", dt.date(1985, 1, 2), 11), sex="男")
    [finding] = findings("ID-05")
    assert (finding.subject, finding.description) == (
        f"M{member.pk}",
        "性别登记为“女”，身份证号码第17位表示“男”",
    )


def test_id06_finds_a_birth_date_differing_from_the_id(township, findings):
    member = _member(
        township, id_number=make_id("533421", dt.date(1985, 1, 1), 3), birth_date=dt.date(1985, 1, 2)
    )
    _member(township, id_number=make_id("533421", dt.date(1986, 1, 1), 3), birth_date=dt.date(1986, 1, 1))
    [finding] = findings("ID-06")
    assert finding.subject == f"M{member.pk}"
    assert finding.description == "出生日期登记为1985-01-02，身份证号码中为1985-01-01"
