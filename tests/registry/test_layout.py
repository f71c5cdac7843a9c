import datetime as dt

from fangfanpin.core.tabular import Table
from fangfanpin.registry.layout import layout_for, read_entity, uncut

HEADERS = ["县", "乡", "村", "户编号", "姓名", "出生日期", "证件号码", "与户主关系", "其他"]


def _cut_and_plan():
    table = Table(headers=HEADERS, header_row=1, rows=iter(()))
    return layout_for(table).cut("member")


def test_a_text_row_is_cut_to_one_string_of_the_member_cells_and_read_back():
    cut, plan = _cut_and_plan()
    row = ["迪庆", "小中甸镇", "和平村", "H1", "扎西", "1990-05-01", "533421199005010012", "户主", "x"]
    handed = cut(row)
    assert handed == "扎西\x1f533421199005010012\x1f1990-05-01\x1f户主"  # in the columns' order
    values, raw = read_entity(plan, uncut(handed))
    assert (values["name"], values["birth_date"], values["id_number"], values["relation"], raw) == (
        "扎西",
        dt.date(1990, 5, 1),
        "533421199005010012",
        "户主",
        {},
    )


def test_a_cell_holding_the_separator_keeps_the_row_as_a_tuple():
    cut, plan = _cut_and_plan()
    row = ["迪庆", "小中甸镇", "和平村", "H1", "扎\x1f西", "", "533421199005010012", "户主"]
    handed = cut(row)
    assert handed == ("扎\x1f西", "533421199005010012", "", "户主")
    assert uncut(handed) == handed


def test_an_excel_row_with_numbers_and_dates_stays_a_tuple():
    cut, _ = _cut_and_plan()
    row = ["迪庆", "小中甸镇", "和平村", 1, "扎西", dt.datetime(1990, 5, 1), 5.33421e17, "户主"]
    assert cut(row) == ("扎西", 5.33421e17, dt.datetime(1990, 5, 1), "户主")


def test_a_short_row_is_padded_with_empty_cells():
    cut, _ = _cut_and_plan()
    assert cut(["迪庆", "小中甸镇", "和平村", "H1", "扎西"]) == "扎西\x1f\x1f\x1f"
    assert uncut(cut(["迪庆", "小中甸镇", "和平村", "H1", "扎西"])) == ["扎西", "", "", ""]


def test_a_one_column_entity_is_cut_to_that_column_alone():
    table = Table(headers=HEADERS, header_row=1, rows=iter(()))
    cut, plan = layout_for(table).cut("household")
    assert cut(["迪庆", "小中甸镇", "和平村", "H1", "扎西"]) == "H1"
    assert read_entity(plan, uncut("H1")) == ({"household_no": "H1"}, {})
