import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from fangfanpin.areas.seed import DEMO_TOWN, DEMO_VILLAGES
from fangfanpin.areas.services import area_ensure_many, area_seed_base
from fangfanpin.core.tabular import FileRefused
from fangfanpin.registry.models import Change, Household, HouseholdYear, ImportBatch, Member
from fangfanpin.registry.services import national_file_load

from .national_files import HEADERS, family, person, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def township():
    area_seed_base()
    area_ensure_many(specs=[DEMO_TOWN, *DEMO_VILLAGES])


def load(path: Path, year: int | None = None):
    return national_file_load(path=path, year=year)


def refused(path: Path, year: int | None = None) -> list[str]:
    with pytest.raises(FileRefused) as info:
        load(path, year)
    assert Household.objects.count() == 0 and Member.objects.count() == 0
    return info.value.errors


def test_it_imports_a_household_with_members_and_computes_income(tmp_path):
    result = load(write_csv(tmp_path / "a.csv", family()))
    assert result.summary() == "读取3行，新增户1、户年度1、成员3"
    household = Household.objects.get()
    assert (household.household_no, household.village_id, household.head_name) == (
        "5334011012010001",
        "533401101201",
        "扎西",
    )
    assert household.group.name == "示例一组"
    assert (household.lon, household.lat, household.raw) == (Decimal("99.750329"), Decimal("27.812345"), {})
    year = HouseholdYear.objects.get()
    assert (year.population, year.net_income, year.per_capita) == (3, Decimal("15400"), Decimal("5133.33"))
    assert list(Member.objects.values_list("name", "name_initials", "seq")) == [
        ("扎西", "zx", 1),
        ("卓玛", "zm", 2),
        ("次仁", "cr", 3),
    ]


def test_a_member_removed_before_the_period_end_does_not_count(tmp_path):
    people = family()
    people[2].update({"人员状态": "自然减少", "变更原因": "死亡", "变更时间": "20210615"})
    load(write_csv(tmp_path / "a.csv", people))
    assert HouseholdYear.objects.get().population == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_it_reads_csv_in_every_listed_encoding(tmp_path, encoding):
    load(write_csv(tmp_path / "a.csv", family(), encoding=encoding))
    assert sorted(Member.objects.values_list("name", flat=True)) == ["卓玛", "扎西", "次仁"]


def test_it_reads_xlsx_with_a_merged_title_and_notes_above_the_header(tmp_path):
    load(write_xlsx(tmp_path / "a.xlsx", family()))
    assert Member.objects.count() == 3
    assert HouseholdYear.objects.get().per_capita == Decimal("5133.33")


def _registry() -> list:
    members = Member.objects.order_by("seq").values()
    return [
        list(Household.objects.values_list("household_no", "head_name", "village_id")),
        list(HouseholdYear.objects.values_list("year", "population", "per_capita")),
        [{k: v for k, v in m.items() if k not in ("id", "household_id")} for m in members],
    ]


def test_an_xlsx_gives_the_same_registry_as_a_csv_of_the_same_rows(tmp_path):
    # The reader process parses a CSV's members; for a spreadsheet the writer does.
    people = family()
    people[1]["出生日期"] = "19850231"  # not a date: kept as raw text
    load(write_csv(tmp_path / "a.csv", people))
    from_csv = _registry()
    for model in (Member, HouseholdYear, Household):
        model.objects.all().delete()
    load(write_xlsx(tmp_path / "a.xlsx", people))
    assert _registry() == from_csv
    assert from_csv[1] == [(2021, 3, Decimal("5133.33"))]
    assert [(m["name"], m["birth_date"], m["raw"]) for m in from_csv[2]] == [
        ("扎西", dt.date(1975, 3, 2), {}),
        ("卓玛", None, {"birth_date": "19850231"}),
        ("次仁", dt.date(2010, 9, 1), {}),
    ]


def test_blank_rows_are_skipped(tmp_path):
    people = family()
    path = write_csv(tmp_path / "a.csv", people[:1] + [{}] + people[1:])
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("\r\n\r\n", "\r\n,,,\r\n"), encoding="utf-8-sig"
    )
    assert load(path).rows == 3


def test_data_problems_are_imported_as_they_are(tmp_path):
    people = family()
    people[0]["证件号码"] = people[0]["证件号码"][:17] + ("0" if people[0]["证件号码"][17] != "0" else "1")
    people[1]["出生日期"] = "19850231"
    people[1]["民族"] = ""
    people[2]["证件号码"] = people[1]["证件号码"]
    people[0]["工资性收入"] = people[1]["工资性收入"] = people[2]["工资性收入"] = "-500"
    load(write_csv(tmp_path / "a.csv", people))
    wife = Member.objects.get(name="卓玛")
    assert (wife.birth_date, wife.raw, wife.ethnicity) == (None, {"birth_date": "19850231"}, "")
    assert Member.objects.filter(id_number=wife.id_number).count() == 2
    assert HouseholdYear.objects.get().wage_income == Decimal("-500")


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "a.csv", family())
    load(path)
    changes = Change.objects.count()
    result = load(path)
    assert result.summary() == "读取3行，没有任何变化"
    assert Change.objects.count() == changes


def test_a_newer_file_updates_and_the_history_says_what_changed(tmp_path):
    load(write_csv(tmp_path / "a.csv", family()))
    newer = family(工资性收入="18000")
    newer[2]["在校生状况"] = "八年级"
    result = load(write_csv(tmp_path / "b.csv", newer))
    assert result.summary() == "读取3行，更新户年度1、成员1"
    change = Change.objects.filter(source="导入b.csv").get()
    assert change.items == [
        {"what": "2021年度", "field": "工资性收入", "old": "12000", "new": "18000"},
        {"what": "成员次仁", "field": "在校生状况", "old": "七年级", "new": "八年级"},
    ]
    assert HouseholdYear.objects.get().per_capita == Decimal("7133.33")


def test_rows_of_one_household_that_disagree_refuse_the_file(tmp_path):
    people = family()
    people[1]["户类型"] = "一般农户"
    assert refused(write_csv(tmp_path / "a.csv", people)) == [
        "第5行，列“户类型”：同一户编号的各行不一致（脱贫户 / 一般农户）"
    ]


def test_a_missing_required_column_is_named(tmp_path):
    headers = [h for h in write_csv.__globals__["HEADERS"] if h != "与户主关系"]
    errors = refused(write_csv(tmp_path / "a.csv", family(), headers=headers))
    assert errors == ["缺少必需的列“与户主关系”：这不是一份完整的监测对象信息导出文件"]


def test_a_header_twice_is_refused(tmp_path):
    headers = [*write_csv.__globals__["HEADERS"], "户类型"]
    assert refused(write_csv(tmp_path / "a.csv", family(), headers=headers)) == [
        "表头第3行：列“户类型”出现了2次，无法确定使用哪一列"
    ]


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("姓名,年龄\n张三,30\n", encoding="utf-8")
    assert refused(path) == ["找不到表头：前30行中没有一行含有“证件号码”或“村代码”列，不是可识别的导出文件"]


def test_undecodable_bytes_are_refused_with_the_line(tmp_path):
    path = write_csv(tmp_path / "a.csv", family() * 1, encoding="utf-8")
    path.write_bytes(path.read_bytes() + b"\xff\xfe\xfa broken\n")
    errors = refused(path)
    assert errors == [
        "第7行有无法识别的字符（按UTF-8编码读取失败），请用Excel或WPS另存为CSV（UTF-8）或xlsx后重新导入"
    ]


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"")
    assert refused(path) == ["文件为空，没有任何内容"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert refused(path) == ["文件不是有效的Excel文件（可能已损坏，或只是改了扩展名）"]
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    assert refused(binary) == ["文件不是CSV或Excel表格（含有二进制内容）"]


def test_a_truncated_xlsx_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", family())
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert refused(path) == ["文件已损坏或不完整，无法作为Excel文件读取"]


def test_a_ten_megabyte_cell_is_refused(tmp_path):
    people = family()
    people[0]["家庭住址"] = "长" * 10_000_000
    assert refused(write_csv(tmp_path / "a.csv", people)) == ["第4行：单元格内容过长，不是正常的导出文件"]
    # openpyxl, like Excel, stores at most 32767 characters in a cell
    assert refused(write_xlsx(tmp_path / "a.xlsx", people)) == [
        "第4行，列“家庭住址”：内容过长（32767个字符）"
    ]


def _with_formula(path: Path, value_kept: bool) -> Path:
    import zipfile

    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    target = '<c r="BG4" t="n"><v>12000</v></c>'
    assert target in sheet
    formula = '<c r="BG4"><f>6000*2</f><v>12000</v></c>' if value_kept else '<c r="BG4"><f>6000*2</f></c>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(target, formula).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def test_a_formula_with_its_computed_value_is_read(tmp_path):
    people = [dict(p, 工资性收入=12000) for p in family()]
    load(_with_formula(write_xlsx(tmp_path / "a.xlsx", people), value_kept=True))
    assert HouseholdYear.objects.get().wage_income == Decimal("12000")


def test_a_formula_never_computed_is_refused(tmp_path):
    people = [dict(p, 工资性收入=12000) for p in family()]
    path = _with_formula(write_xlsx(tmp_path / "a.xlsx", people), value_kept=False)
    assert refused(path) == [
        "单元格BG4含有未计算的公式，请在Excel或WPS中打开、保存后重新导入，或将公式复制为数值"
    ]


def test_an_unknown_village_is_refused(tmp_path):
    assert refused(write_csv(tmp_path / "a.csv", family(村="不存在村"))) == [
        "第4行：行政区划“香格里拉市/小中甸镇/不存在村”不在系统中，请先导入行政村信息（含村代码）"
    ]


def test_a_year_is_required_from_the_file_or_the_command(tmp_path):
    people = [dict(p, 年度="") for p in family()]
    errors = refused(write_csv(tmp_path / "a.csv", people))
    assert errors[0] == "第4行：没有年度（文件中没有“年度”列，导入时也没有指定年度）"
    load(write_csv(tmp_path / "b.csv", people), year=2021)
    assert HouseholdYear.objects.get().year == 2021


def test_a_file_without_the_year_column_takes_the_year_given(tmp_path):
    headers = [h for h in HEADERS if h != "年度"]
    load(write_csv(tmp_path / "a.csv", family(), headers=headers), year=2021)
    year = HouseholdYear.objects.get()
    assert (year.year, year.population, year.net_income, year.wage_income) == (
        2021,
        3,
        Decimal("15400"),
        12000,
    )


def test_a_refused_file_is_recorded_on_its_batch(tmp_path):
    people = family()
    people[1]["户类型"] = "一般农户"
    refused(write_csv(tmp_path / "a.csv", people))
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.summary, batch.errors) == (
        "refused",
        "文件未导入",
        ["第5行，列“户类型”：同一户编号的各行不一致（脱贫户 / 一般农户）"],
    )


def test_full_width_text_and_lower_case_x_are_normalised(tmp_path):
    people = family()
    people[0]["证件号码"] = person("h", "x", "户主", dt.date(1975, 3, 2), 11)["证件号码"].replace("5", "５")
    load(write_csv(tmp_path / "a.csv", people))
    assert Member.objects.get(name="扎西").id_number == family()[0]["证件号码"]


def test_a_file_error_found_after_chunks_were_written_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("fangfanpin.registry.import_households.CHUNK_ROWS", 2)
    people = [p for n in range(1, 5) for p in family(f"533401101201{n:04d}")]
    people[-1]["户类型"] = "一般农户"
    assert refused(write_csv(tmp_path / "a.csv", people)) == [
        "第15行，列“户类型”：同一户编号的各行不一致（脱贫户 / 一般农户）"
    ]
    assert HouseholdYear.objects.count() == 0


def test_households_split_across_chunks_are_written_once(tmp_path, monkeypatch):
    monkeypatch.setattr("fangfanpin.registry.import_households.CHUNK_ROWS", 2)
    people = [p for n in range(1, 4) for p in family(f"533401101201{n:04d}")]
    result = load(write_csv(tmp_path / "a.csv", people))
    assert result.summary() == "读取9行，新增户3、户年度3、成员9"
    assert list(
        HouseholdYear.objects.order_by("household__household_no").values_list("population", flat=True)
    ) == [
        3,
        3,
        3,
    ]


def test_the_same_unreadable_text_keeps_its_raw_text_on_every_row(tmp_path):
    people = family()
    people[1]["出生日期"] = people[2]["出生日期"] = "19850231"
    load(write_csv(tmp_path / "a.csv", people))
    assert list(Member.objects.order_by("seq").values_list("birth_date", "raw")) == [
        (dt.date(1975, 3, 2), {}),
        (None, {"birth_date": "19850231"}),
        (None, {"birth_date": "19850231"}),
    ]


def test_household_and_year_cells_holding_the_unit_separator_are_kept(tmp_path):
    # The reader packs a household's and a year's cells into one string joined by "\x1f"
    people = [p | {"家庭住址": "一组\x1f二号", "其他备注": "甲\x1f乙"} for p in family()]
    load(write_csv(tmp_path / "a.csv", people))
    assert Household.objects.get().address == "一组\x1f二号"
    assert HouseholdYear.objects.get().other_remark == "甲\x1f乙"
