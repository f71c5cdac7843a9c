import datetime as dt
import os
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fangfanpin.core.tabular import FileRefused
from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.dept_load import department_file_load
from fangfanpin.quality.models import DepartmentBatch
from tests.factories import MemberFactory, id_for

from .dept_files import HUJI, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("township")
ZHANG, LI, WANG = id_for(1), id_for(2), id_for(3)


@pytest.fixture
def members():
    for number, name in ((ZHANG, "张三"), (LI, "李四"), (WANG, "王五")):
        MemberFactory(id_number=number, name=name)


def _load(path, department="gongan_huji", **kwargs) -> DepartmentBatch:
    return department_file_load(path=path, department=department, **kwargs)


def _listed(batch):
    return [(i.row_no, i.kind, i.reason) for i in batch.issues.order_by("row_no")]


def _parquet(batch):
    return pq.read_table(batch.parquet_path).to_pylist()


def test_it_writes_the_rows_sorted_by_id_with_the_departments_schema(members, tmp_path):
    path = write_csv(
        tmp_path / "huji.csv",
        [
            [WANG, "王五", "正常", "2020-05-06"],
            [ZHANG, "张三", "死亡注销", "20210302"],
            [LI, "李四", "服刑", ""],
        ],
    )
    batch = _load(path)
    assert pq.read_schema(batch.parquet_path).remove_metadata() == DEPARTMENTS["gongan_huji"].schema()
    # id_key: the first 17 digits × 11 + the check character (X = 10), e.g. 53342119800101001|3
    assert _parquet(batch) == [
        {"batch_id": batch.pk, "row_no": 3, "id_number": ZHANG, "name": "张三", "warning_reason": None,
         "id_key": 586763317801111014, "hukou_status": "死亡注销", "changed_on": dt.date(2021, 3, 2)},
        {"batch_id": batch.pk, "row_no": 4, "id_number": LI, "name": "李四", "warning_reason": None,
         "id_key": 586763317801111023, "hukou_status": "服刑", "changed_on": None},
        {"batch_id": batch.pk, "row_no": 2, "id_number": WANG, "name": "王五", "warning_reason": None,
         "id_key": 586763317801111043, "hukou_status": "正常", "changed_on": dt.date(2020, 5, 6)},
    ]  # fmt: skip
    assert (batch.status, batch.is_current, batch.rows_total, batch.rows_loaded, batch.rows_matched) == (
        "done", True, 3, 3, 3,
    )  # fmt: skip
    assert batch.parquet_path.endswith(f"departments/{batch.pk}.parquet")
    assert "departments/originals/" in batch.stored_path


def test_it_normalises_spaces_full_width_digits_and_a_lower_case_x(tmp_path):
    serial = next(s for s in range(100, 400) if id_for(s)[17] == "X")
    with_x = id_for(serial)
    MemberFactory(id_number=with_x, name="张三")
    MemberFactory(id_number=LI, name="李四")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in LI)
    path = write_csv(
        tmp_path / "huji.csv",
        [
            [f"{with_x[:6]} {with_x[6:14]}\t{with_x[14:17]}x", "张三", "正常", ""],
            [f"　{wide}", "李四", "正常", ""],
        ],
    )
    batch = _load(path)
    assert [r["id_number"] for r in _parquet(batch)] == sorted([with_x, LI])
    assert (batch.rows_matched, _listed(batch)) == (2, [])


def test_it_turns_a_15_digit_old_id_into_18_digits(members, tmp_path):
    batch = _load(write_csv(tmp_path / "huji.csv", [[ZHANG[:6] + ZHANG[8:17], "张三", "正常", ""]]))
    assert [r["id_number"] for r in _parquet(batch)] == [ZHANG]
    assert batch.rows_matched == 1


def test_it_rejects_an_id_that_excel_turned_into_scientific_notation(members, tmp_path):
    batch = _load(write_csv(tmp_path / "huji.csv", [["5.33421E+17", "张三", "正常", ""]]))
    assert _listed(batch) == [
        (
            2,
            "rejected",
            "第2行：证件号码被Excel转成了科学计数法（5.33421E+17），无法还原，请把该列设为文本后重新导出",
        )
    ]
    assert (batch.rows_total, batch.rows_loaded, batch.rows_rejected) == (1, 0, 1)
    assert batch.issues.get().id_raw == "5.33421E+17"


def test_it_rejects_an_xlsx_id_held_as_a_number_but_takes_an_exact_15_digit_one(members, tmp_path):
    path = write_xlsx(
        tmp_path / "huji.xlsx",
        [[int(ZHANG), "张三", "正常", None], [int(LI[:6] + LI[8:17]), "李四", "正常", None]],
    )
    batch = _load(path)
    assert _listed(batch) == [
        (
            2,
            "rejected",
            "第2行：证件号码在Excel中存成了数字，末几位已经丢失，无法还原，请把该列设为文本后重新导出",
        )
    ]
    assert [r["id_number"] for r in _parquet(batch)] == [LI]


def test_it_rejects_an_empty_id(members, tmp_path):
    batch = _load(write_csv(tmp_path / "huji.csv", [["", "张三", "正常", ""], [" ", "李四", "正常", ""]]))
    assert _listed(batch) == [(2, "rejected", "第2行：证件号码为空"), (3, "rejected", "第3行：证件号码为空")]


def test_it_rejects_a_wrong_check_digit_unless_the_registry_holds_the_same_id(members, tmp_path):
    wrong = ZHANG[:17] + ("0" if ZHANG[17] != "0" else "1")
    held = LI[:17] + ("0" if LI[17] != "0" else "1")
    MemberFactory(id_number=held, name="赵六")
    path = write_csv(tmp_path / "huji.csv", [[wrong, "某某", "正常", ""], [held, "赵六", "正常", ""]])
    batch = _load(path)
    assert _listed(batch) == [(2, "rejected", "第2行：证件号码校验位或出生日期不正确")]
    assert [r["id_number"] for r in _parquet(batch)] == [held]


def test_it_loads_and_lists_ids_that_match_no_member(members, tmp_path):
    stranger = id_for(900)
    batch = _load(
        write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "正常", ""], [stranger, "路人", "正常", ""]])
    )
    assert _listed(batch) == [(3, "unmatched", "第3行：农户信息中没有这个证件号码")]
    assert (batch.rows_loaded, batch.rows_matched, batch.rows_unmatched) == (2, 1, 1)
    assert batch.issues.get().id_number == stranger


def test_it_matches_members_of_any_status(tmp_path):
    MemberFactory(id_number=ZHANG, name="张三", status="自然减少")
    batch = _load(write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "死亡注销", "2021-03-02"]]))
    assert batch.rows_matched == 1


def test_it_rejects_a_row_with_an_impossible_date(members, tmp_path):
    batch = _load(
        write_csv(
            tmp_path / "huji.csv",
            [[ZHANG, "张三", "正常", "2021-13-01"], [LI, "李四", "正常", "2021/3/2 10:30:00"]],
        )
    )
    assert _listed(batch) == [(2, "rejected", "第2行，列“变动日期”：不是有效日期（2021-13-01）")]
    assert _parquet(batch)[0]["changed_on"] == dt.date(2021, 3, 2)


def test_it_rejects_a_value_outside_the_code_list_and_names_every_problem_of_the_row(members, tmp_path):
    batch = _load(write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "死亡", "2021-02-30"]]))
    assert _listed(batch) == [
        (
            2,
            "rejected",
            "第2行，列“户籍状态”：不是规定的取值（死亡），应为：正常、死亡注销、迁出注销、服刑；"
            "列“变动日期”：不是有效日期（2021-02-30）",
        )
    ]


def test_it_lists_an_exact_duplicate_of_an_earlier_row_and_loads_it_once(members, tmp_path):
    row = [ZHANG, "张三", "死亡注销", "2021-03-02"]
    path = write_csv(tmp_path / "huji.csv", [row, [LI, "李四", "正常", ""], row, [ZHANG, "张三", "正常", ""]])
    batch = _load(path)
    assert _listed(batch) == [(4, "duplicate", "第4行：与第2行完全相同")]
    assert (batch.rows_total, batch.rows_loaded, batch.rows_duplicate, batch.rows_matched) == (4, 3, 1, 3)


def test_it_ignores_unknown_columns_with_a_notice(members, tmp_path):
    path = write_csv(tmp_path / "huji.csv", [[1, ZHANG, "张三", "正常", "", "x"]], ("序号", *HUJI, "备注"))
    batch = _load(path)
    assert batch.notices == ["以下列不是公安 户籍数据的列，已忽略：序号、备注"]
    assert batch.rows_loaded == 1


def test_it_refuses_another_departments_file_and_writes_nothing_else(members, tmp_path):
    header = ("证件号码", "姓名", "号牌号码", "车辆类型", "初次登记日期", "车辆状态")
    path = write_csv(
        tmp_path / "cars.csv", [[ZHANG, "张三", "藏R12345", "小型汽车", "2019-01-02", "正常"]], header
    )
    with pytest.raises(FileRefused) as refused:
        _load(path)
    assert refused.value.errors == ["该文件的列与“公安 车辆”一致，不是“公安 户籍”的数据"]
    batch = DepartmentBatch.objects.get()
    assert (batch.status, batch.errors, batch.is_current, batch.parquet_path) == (
        "refused",
        refused.value.errors,
        False,
        "",
    )
    assert batch.issues.count() == 0


def test_it_refuses_a_file_missing_a_column(members, tmp_path):
    path = write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "正常"]], ("证件号码", "姓名", "户籍状态"))
    with pytest.raises(FileRefused) as refused:
        _load(path)
    assert refused.value.errors == ["缺少必需的列“变动日期”：这不是一份完整的公安 户籍数据文件"]


def test_it_refuses_a_column_given_twice(members, tmp_path):
    path = write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "正常", "", "正常"]], (*HUJI, "户籍状态"))
    with pytest.raises(FileRefused) as refused:
        _load(path)
    assert refused.value.errors == ["表头第1行：列“户籍状态”出现了2次，无法确定使用哪一列"]


def test_a_file_with_a_warning_reason_column_is_a_warning_list(members, tmp_path):
    path = write_csv(
        tmp_path / "w.csv", [[ZHANG, "张三", "死亡注销", "2021-03-02", "已死亡仍在册"]], (*HUJI, "预警原因")
    )
    batch = _load(path)
    assert batch.is_warning is True
    assert batch.notices == ["文件含有“预警原因”列，按预警名单载入"]
    assert _parquet(batch)[0]["warning_reason"] == "已死亡仍在册"


def test_loading_again_makes_the_new_batch_current_apart_from_warning_lists(members, tmp_path):
    path = write_csv(tmp_path / "huji.csv", [[ZHANG, "张三", "正常", ""]])
    first = _load(path)
    warning = _load(path, is_warning=True)
    second = _load(path)
    current = {b.pk for b in DepartmentBatch.objects.filter(is_current=True)}
    assert current == {warning.pk, second.pk}
    assert first.pk not in current


def test_row_numbers_are_the_clerks_despite_a_title_row_and_blank_lines_in_a_gbk_file(members, tmp_path):
    path = tmp_path / "huji.csv"
    text = f"公安户籍数据\n{','.join(HUJI)}\n{ZHANG},张三,正常,\n\n,,,\n{LI},李四,正常,2021-13-01\n"
    path.write_bytes(text.encode("gb18030"))
    batch = _load(path)
    assert _listed(batch) == [(6, "rejected", "第6行，列“变动日期”：不是有效日期（2021-13-01）")]
    assert batch.rows_total == 2


def test_numbers_flags_and_years_are_typed(members, tmp_path):
    header = ("证件号码", "姓名", "坐落", "用途", "建筑面积", "登记日期", "是否城镇商品房")
    rows = [
        [ZHANG, "张三", "香格里拉市建塘镇", "住宅", "1,234.5", "2019-05-01", "是"],
        [LI, "李四", "", "商业", "88", "", "否"],
    ]
    batch = _load(write_csv(tmp_path / "b.csv", rows, header), "ziranziyuan_budongchan")
    assert [(r["floor_area"], r["urban_commercial"], r["location"]) for r in _parquet(batch)] == [
        (Decimal("1234.50"), True, "香格里拉市建塘镇"),
        (Decimal("88.00"), False, None),
    ]
    header = ("证件号码", "姓名", "险种", "参保状态", "年度", "个人负担医疗费用（元）")
    batch = _load(
        write_csv(
            tmp_path / "y.csv",
            [
                [ZHANG, "张三", "城乡居民", "参保", "2021", "abc"],
                [LI, "李四", "城乡居民", "参保", "2021", "25000"],
            ],
            header,
        ),
        "yibao_canbao",
    )
    assert _listed(batch) == [(2, "rejected", "第2行，列“个人负担医疗费用（元）”：不是有效的数字（abc）")]
    assert [(r["year"], r["personal_cost"]) for r in _parquet(batch)] == [(2021, Decimal("25000.00"))]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (f"公安户籍数据\n{','.join(HUJI)}\n{ZHANG},张三,正常,\n{LI},李四,正常,2021-13-01\n", 4),
        (f'{",".join(HUJI)}\n{ZHANG},"张\n三",正常,\n{LI},李四,正常,2021-13-01\n', 3),
    ],
    ids=["title row", "line break in a cell"],
)
def test_row_numbers_are_the_rows_a_spreadsheet_shows(members, tmp_path, text, row):
    path = tmp_path / "huji.csv"
    path.write_text(text, encoding="utf-8")
    assert _listed(_load(path)) == [(row, "rejected", f"第{row}行，列“变动日期”：不是有效日期（2021-13-01）")]


def test_files_loaded_before_id_key_get_it_and_snapshots_keep_the_old_file(db, tmp_path):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("fangfanpin.quality.migrations.0002_department_id_key")
    schema = DEPARTMENTS["gongan_huji"].schema()
    old_schema = schema.remove(schema.get_field_index("id_key"))
    rows = {"batch_id": [7, 7], "row_no": [2, 3], "id_number": [ZHANG, WANG], "name": ["张三", "王五"],
            "warning_reason": [None, None], "hukou_status": ["正常", "死亡注销"], "changed_on": [None, None]}  # fmt: skip
    path = tmp_path / "7.parquet"
    pq.write_table(pa.Table.from_pydict(rows, schema=old_schema), path)
    kept = tmp_path / "snapshot-link.parquet"
    os.link(path, kept)
    DepartmentBatch.objects.create(department="gongan_huji", file_name="户籍.csv", parquet_path=str(path))

    migration.add_id_key(apps, None)
    migration.add_id_key(apps, None)  # a second run finds nothing to do

    assert pq.read_schema(path).remove_metadata() == schema
    assert pq.read_table(path).column("id_key").to_pylist() == [586763317801111014, 586763317801111043]
    assert pq.read_table(path).column("name").to_pylist() == ["张三", "王五"]
    assert pq.read_schema(kept).remove_metadata() == old_schema
    assert sorted(p.name for p in tmp_path.iterdir()) == ["7.parquet", "snapshot-link.parquet"]
