import pytest

from fangfanpin.core.pinyin import name_initials


@pytest.mark.parametrize(
    ("name", "initials"),
    [("张三", "zs"), ("扎西·多吉", "zxdj"), ("和丽华", "hlh"), ("李 Anna", "la"), ("", "")],
)
def test_it_gives_the_lower_case_initials_of_a_name(name, initials):
    assert name_initials(name) == initials
