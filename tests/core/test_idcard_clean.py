import pytest

from fangfanpin.core.idcard import id_clean, upgrade_id15
from tests.factories import id_for

ID = id_for(7)  # 533421198001010..., a valid 18-digit ID
OLD = ID[:6] + ID[8:17]  # its 15-digit first-generation form


def test_it_removes_spaces_and_tabs_anywhere():
    assert id_clean(f" {ID[:6]} {ID[6:14]}\t{ID[14:]} ") == (ID, "")


def test_it_folds_full_width_digits_and_letters():
    wide = "".join(chr(ord(c) + 0xFEE0) for c in ID[:17]) + "ｘ"
    assert id_clean(wide) == (ID[:17] + "X", "")


def test_it_upper_cases_a_lower_case_x():
    assert id_clean("53342119800101001x") == ("53342119800101001X", "")


def test_it_turns_a_15_digit_id_into_18_digits():
    assert upgrade_id15(OLD) == ID
    assert id_clean(OLD) == (ID, "")


def test_it_keeps_the_first_18_characters_of_a_disability_certificate_number():
    assert id_clean(ID + "11") == (ID, "")


def test_it_refuses_scientific_notation():
    assert id_clean("5.33421E+17") == (
        "",
        "证件号码被Excel转成了科学计数法（5.33421E+17），无法还原，请把该列设为文本后重新导出",
    )


@pytest.mark.parametrize("value", [5.33421198001010e17, 533421198001010013])
def test_it_refuses_an_18_digit_id_held_as_a_number(value):
    assert id_clean(value) == (
        "",
        "证件号码在Excel中存成了数字，末几位已经丢失，无法还原，请把该列设为文本后重新导出",
    )


def test_it_takes_an_exact_15_digit_number():
    assert id_clean(float(OLD)) == (ID, "")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "证件号码为空"),
        (None, "证件号码为空"),
        ("5334211980", "证件号码长度为10位，应为18位"),
        ("53342119800101001A", "证件号码含有数字以外的字符（只有第18位可以是X）"),
    ],
)
def test_it_names_what_is_wrong(value, problem):
    assert id_clean(value) == ("", problem)
