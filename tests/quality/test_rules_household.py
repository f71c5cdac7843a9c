import datetime as dt
import itertools

from fangfanpin.core.idcard import make_id

from ..factories import HouseholdFactory, HouseholdYearFactory, MemberFactory


def _household(township, **record):
    household = HouseholdFactory(village=township.lianhe)
    HouseholdYearFactory(household=household, **record)
    return household


_serials = itertools.count(5)


def _member(household, relation, *, name="张三", born=dt.date(1980, 1, 1), sex="男", **fields):
    """A member whose ID, sex and birth date agree (an odd serial makes the ID male)."""
    number = make_id("533421", born, 2 * (next(_serials) % 499) + (1 if sex == "男" else 0))
    return MemberFactory(household=household, relation=relation, name=name, id_number=number, **fields)


def _found(findings, code):
    return [(f.subject, f.description) for f in findings(code)]


def test_hh01_finds_a_household_whose_head_was_removed(township, findings):
    headless = _household(township)
    _member(headless, "户主", status="自然减少")
    _member(headless, "之子")
    _member(_household(township), "户主")
    assert _found(findings, "HH-01") == [(f"H{headless.pk}", "在册成员1人，其中没有户主")]


def test_hh01_finds_a_household_without_registered_members(township, findings):
    empty = _household(township)
    result = findings("HH-01")
    assert [(f.subject, f.id_number, f.name, f.description) for f in result] == [
        (f"H{empty.pk}", "", "", "户内没有在册成员，也就没有户主")
    ]


def test_hh02_names_every_registered_head(township, findings):
    two_heads = _household(township)
    _member(two_heads, "户主", name="张三")
    _member(two_heads, "户主", name="李四")
    one_head = _household(township)
    _member(one_head, "户主")
    _member(one_head, "户主", status="自然减少")
    assert _found(findings, "HH-02") == [(f"H{two_heads.pk}", "在册户主有2人：张三、李四")]


def test_hh03_finds_two_registered_spouses_but_not_a_removed_one(township, findings):
    two = _household(township)
    _member(two, "户主")
    _member(two, "配偶", name="王芳", sex="女")
    _member(two, "配偶", name="李梅", sex="女")
    one = _household(township)
    _member(one, "户主")
    _member(one, "配偶", sex="女")
    _member(one, "配偶", sex="女", status="自然减少")
    assert _found(findings, "HH-03") == [(f"H{two.pk}", "在册配偶有2人：李梅、王芳")]


def test_hh04_finds_head_and_spouse_of_the_same_sex(township, findings):
    same = _household(township)
    _member(same, "户主", name="张三")
    _member(same, "配偶", name="李四")
    usual = _household(township)
    _member(usual, "户主")
    _member(usual, "配偶", sex="女")
    assert _found(findings, "HH-04") == [(f"H{same.pk}", "户主张三与配偶李四性别同为“男”")]


def test_hh05_finds_a_daughter_registered_as_male_and_a_father_as_female(township, findings):
    household = _household(township)
    _member(household, "户主")
    son_as_daughter = _member(household, "之女", sex="男", born=dt.date(2005, 1, 1))
    mother_as_father = _member(household, "之父", sex="女", born=dt.date(1950, 1, 1))
    _member(household, "之子", sex="男", born=dt.date(2006, 1, 1))
    _member(household, "之兄弟姐妹", sex="女")
    assert sorted(_found(findings, "HH-05")) == sorted(
        [
            (f"M{son_as_daughter.pk}", "与户主关系为“之女”，性别为“男”"),
            (f"M{mother_as_father.pk}", "与户主关系为“之父”，性别为“女”"),
        ]
    )


def test_hh06_finds_a_son_older_than_the_head(township, findings):
    household = _household(township)
    _member(household, "户主", name="张三", born=dt.date(1980, 5, 1))
    son = _member(household, "之子", born=dt.date(1980, 4, 30))
    _member(household, "之女", sex="女", born=dt.date(1980, 5, 1))
    assert _found(findings, "HH-06") == [
        (f"M{son.pk}", "之子出生于1980-04-30，早于户主张三（出生于1980-05-01）")
    ]


def test_hh06_finds_a_mother_less_than_15_years_older_than_the_head(township, findings):
    household = _household(township)
    _member(household, "户主", name="张三", born=dt.date(1980, 5, 1))
    mother = _member(household, "之母", sex="女", born=dt.date(1965, 5, 2))
    _member(household, "之父", born=dt.date(1965, 5, 1))
    assert _found(findings, "HH-06") == [
        (f"M{mother.pk}", "之母出生于1965-05-02，仅比户主张三（出生于1980-05-01）大14岁，不足15岁")
    ]


def test_hh06_finds_a_father_younger_than_the_head(township, findings):
    household = _household(township)
    _member(household, "户主", name="张三", born=dt.date(1980, 5, 1))
    father = _member(household, "之父", born=dt.date(1990, 1, 1))
    assert _found(findings, "HH-06") == [
        (f"M{father.pk}", "之父出生于1990-01-01，不早于户主张三（出生于1980-05-01）")
    ]


def test_hh06_gap_is_a_parameter(township, findings):
    household = _household(township)
    _member(household, "户主", born=dt.date(1980, 5, 1))
    father = _member(household, "之父", born=dt.date(1960, 5, 1))
    assert findings("HH-06") == []
    [finding] = findings("HH-06", overrides={"HH-06": {"parent_min_gap": "21"}})
    assert finding.subject == f"M{father.pk}"


def test_hh07_finds_a_head_under_16_at_30_september(township, findings):
    young = _household(township)
    head = _member(young, "户主", name="小明", born=dt.date(2005, 10, 1))
    _member(_household(township), "户主", born=dt.date(2005, 9, 30))
    result = findings("HH-07")
    assert [(f.subject, f.name, f.description) for f in result] == [
        (f"M{head.pk}", "小明", "户主年龄15岁（出生于2005-10-01），未满16岁")
    ]


def test_hh08_finds_a_population_differing_from_registered_members(township, findings):
    wrong = _household(township, population_recorded=3)
    _member(wrong, "户主")
    _member(wrong, "之子")
    _member(wrong, "之女", sex="女", status="自然减少")
    right = _household(township, population_recorded=2)
    _member(right, "户主")
    _member(right, "配偶", sex="女")
    assert _found(findings, "HH-08") == [(f"H{wrong.pk}", "家庭人口数登记为3人，在册成员2人")]


def test_hh08_finds_an_empty_population(township, findings):
    empty = _household(township, population_recorded=None)
    _member(empty, "户主")
    assert _found(findings, "HH-08") == [(f"H{empty.pk}", "家庭人口数为空，在册成员1人")]
