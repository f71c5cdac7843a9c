import datetime as dt

from fangfanpin.core.tabular import Table
from fangfanpin.registry.layout import cells_of, cut_plan, layout_for, read_entity, read_fields

HEADERS = ["县", "乡", "村", "户编号", "姓名", "出生日期", "证件号码", "与户主关系", "其他"]


def _member_plan():
    return layout_for(Table(headers=HEADERS, header_row=1, rows=iter(()))).plan("member")


def test_a_row_is_read_into_the_member_values_in_the_columns_order():
    row = ["迪庆", "小中甸镇", "和平村", "H1", "扎西", "1990-05-01", "533421199005010012", "户主", "x"]
    assert read_fields(_member_plan(), row) == (
        ["扎西", "533421199005010012", dt.date(1990, 5, 1), "户主"],
        {},
    )
    assert read_entity(_member_plan(), row) == (
        {
            "name": "扎西",
            "id_number": "533421199005010012",
            "birth_date": dt.date(1990, 5, 1),
            "relation": "户主",
        },
        {},
    )


def test_the_cells_of_an_entity_cut_out_of_a_short_row_read_as_the_row_does():
    row = ["迪庆", "小中甸镇", "和平村", "H1", "扎西", "1990-02-30"]
    cells = cells_of(_member_plan(), row)
    assert cells == ["扎西", "", "1990-02-30", ""]
    assert read_fields(cut_plan(_member_plan()), cells) == (
        ["扎西", "", None, ""],
        {"birth_date": "1990-02-30"},
    )


def test_a_value_that_cannot_be_read_is_empty_and_keeps_its_raw_text():
    row = ["迪庆", "小中甸镇", "和平村", "H1", "扎西", "1990-02-30", "533421199005010012", "户主"]
    assert read_fields(_member_plan(), row) == (
        ["扎西", "533421199005010012", None, "户主"],
        {"birth_date": "1990-02-30"},
    )


def test_a_short_row_reads_its_missing_cells_as_empty():
    assert read_fields(_member_plan(), ["迪庆", "小中甸镇", "和平村", "H1", "扎西"]) == (
        ["扎西", "", None, ""],
        {},
    )


def test_an_excel_row_with_numbers_and_dates_is_read():
    row = ["迪庆", "小中甸镇", "和平村", 1, "扎西", dt.datetime(1990, 5, 1), 533421199005010012, "户主"]
    assert read_fields(_member_plan(), row) == (
        ["扎西", "533421199005010012", dt.date(1990, 5, 1), "户主"],
        {},
    )


def test_a_one_column_entity_is_read_into_that_field_alone():
    plan = layout_for(Table(headers=HEADERS, header_row=1, rows=iter(()))).plan("household")
    assert read_entity(plan, ["迪庆", "小中甸镇", "和平村", "H1", "扎西"]) == ({"household_no": "H1"}, {})
