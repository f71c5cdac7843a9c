import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from fangfanpin.core import xlsx_blocks
from fangfanpin.core.tabular import FileRefused, is_blank, open_table
from fangfanpin.core.xlsx_blocks import BrokenSheet, UncomputedFormulas, sheet_blocks, xlsx_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def workbook(
    path: Path,
    sheets: dict[str, str],
    *,
    strings: list[str] | None = None,
    target_prefix: str = "",
) -> Path:
    """Write an .xlsx by hand: `sheets` maps each part name, in workbook order, to its sheetData rows."""
    entries = "".join(f'<sheet name="表{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="{target_prefix}{part.removeprefix("xl/")}"/>'
        for i, part in enumerate(sheets, start=1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>'
        )
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{"".join(strings)}</sst>')
        for part, rows in sheets.items():
            z.writestr(part, f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>')
    return path


def text(value: str, ref: str = "") -> str:
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int | None, *cells: str) -> str:
    at = f' r="{number}"' if number else ""
    return f"<row{at}>{''.join(cells)}</row>"


SHEET = "xl/worksheets/sheet1.xml"


def test_it_reads_each_kind_of_cell_the_same_whatever_the_block_size(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "收入", "日期", "时刻", "是否", "备注"])
    bold = TextBlock(InlineFont(b=True), "香格")
    sheet.append(
        [
            "扎西",
            12000,
            dt.date(2021, 6, 15),
            dt.datetime(2021, 6, 15, 8, 30),
            True,
            CellRichText([bold, "里拉"]),
        ]
    )
    sheet.append(["卓玛", 1.5, None, None, False, "0012"])
    book.save(path := tmp_path / "a.xlsx")
    expected = [
        (1, ["姓名", "收入", "日期", "时刻", "是否", "备注"]),
        (2, ["扎西", 12000.0, dt.date(2021, 6, 15), dt.datetime(2021, 6, 15, 8, 30), True, "香格里拉"]),
        (3, ["卓玛", 1.5, "", "", False, "0012"]),
    ]
    for block_rows in (1, 2, 3, 1000):
        assert list(xlsx_rows(path, block_rows)) == expected


def test_it_reads_shared_and_rich_shared_strings_in_every_block(tmp_path):
    strings = [
        "<si><t>证件号码</t></si>",
        "<si><r><t>扎</t></r><r><rPr><b/></rPr><t>西</t></r></si>",
        "<si><t>卓玛</t></si>",
    ]
    shared = '<c r="A{0}" t="s"><v>{1}</v></c>'
    rows = "".join(row(n, shared.format(n, i)) for n, i in ((1, 0), (2, 1), (3, 2), (4, 1)))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows}, strings=strings)
    assert list(xlsx_rows(path, 3)) == [(1, ["证件号码"]), (2, ["扎西"]), (3, ["卓玛"]), (4, ["扎西"])]


@pytest.mark.parametrize("read_bytes", [5, 1 << 20])
def test_the_sheet_is_cut_after_every_block_of_rows_whatever_the_reads(monkeypatch, read_bytes):
    monkeypatch.setattr(xlsx_blocks, "_READ_BYTES", read_bytes)
    rows = [row(n, text(str(n), f"A{n}")) for n in range(1, 8)]
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    blocks = list(sheet_blocks(io.BytesIO(sheet.encode()), 3))
    assert [b"".join(body).decode() for _, body in blocks] == ["".join(rows[:3]), "".join(rows[3:6]), rows[6]]
    frame = blocks[0][0]
    assert frame.head == f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    assert frame.tail == b"</sheetData></worksheet>"


def test_rows_keep_their_sheet_numbers_and_blank_rows_inside_a_block(tmp_path):
    rows = "".join(row(n, text(f"第{n}行", f"A{n}")) for n in (1, 2, 5, 8, 9, 12))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    # Blocks of 3 rows: 1, 2, 5 and 8, 9, 12; rows 6 and 7 lie between them and hold nothing.
    assert list(xlsx_rows(path, 3)) == [
        (1, ["第1行"]),
        (2, ["第2行"]),
        (3, [""]),
        (4, [""]),
        (5, ["第5行"]),
        (8, ["第8行"]),
        (9, ["第9行"]),
        (10, [""]),
        (11, [""]),
        (12, ["第12行"]),
    ]


def test_rows_without_numbers_are_counted_across_blocks(tmp_path):
    cells = [[text("户编号"), text("姓名")], [text("1"), text("扎西")], [], [text("1"), text("卓玛")]]
    rows = "".join(row(None, *c) for c in cells * 2)
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    numbered = [(n, cells) for n, cells in xlsx_rows(path, 3) if cells != ["", ""]]
    assert numbered == [
        (1, ["户编号", "姓名"]),
        (2, ["1", "扎西"]),
        (4, ["1", "卓玛"]),
        (5, ["户编号", "姓名"]),
        (6, ["1", "扎西"]),
        (8, ["1", "卓玛"]),
    ]


def test_a_block_whose_cells_begin_past_column_a_keeps_their_columns(tmp_path):
    rows = row(1, text("村", "A1"), text("组", "B1"), text("姓名", "C1")) + row(2, text("次仁", "C2"))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    assert list(xlsx_rows(path, 1)) == [(1, ["村", "组", "姓名"]), (2, ["", "", "次仁"])]


def test_a_block_boundary_after_the_last_row_adds_nothing(tmp_path):
    rows = "".join(row(n, text(str(n), f"B{n}")) for n in range(1, 7))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    assert list(xlsx_rows(path, 3)) == [(n, ["", str(n)]) for n in range(1, 7)]


def test_the_first_sheet_is_the_first_the_workbook_lists_whatever_its_part_is_called(tmp_path):
    sheets = {"xl/worksheets/people.xml": row(1, text("人员", "A1")), SHEET: row(1, text("说明", "A1"))}
    assert list(xlsx_rows(workbook(tmp_path / "a.xlsx", sheets), 2)) == [(1, ["人员"])]
    absolute = workbook(tmp_path / "b.xlsx", sheets, target_prefix="/xl/")
    assert list(xlsx_rows(absolute, 2)) == [(1, ["人员"])]


def test_a_namespace_prefix_on_the_sheet_elements_is_kept(tmp_path):
    cell = '<x:c r="A{0}" t="inlineStr"><x:is><x:t>{1}</x:t></x:is></x:c>'
    rows = "".join(
        f'<x:row r="{n}">{cell.format(n, v)}</x:row>' for n, v in ((1, "户编号"), (2, "扎西"), (3, "卓玛"))
    )
    sheet = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    path = workbook(tmp_path / "a.xlsx", {SHEET: ""})
    _replace_part(path, SHEET, sheet.encode())
    assert list(xlsx_rows(path, 2)) == [(1, ["户编号"]), (2, ["扎西"]), (3, ["卓玛"])]


def test_an_empty_sheet_has_no_rows(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {SHEET: ""})
    _replace_part(path, SHEET, f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode())
    assert list(xlsx_rows(path, 2)) == []


def test_a_sheet_that_ends_inside_its_rows_is_refused_after_its_whole_blocks(tmp_path):
    rows = "".join(row(n, text(str(n), f"A{n}")) for n in range(1, 6))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}'
    _replace_part(path, SHEET, sheet[: sheet.index('<row r="4">') + 20].encode())
    rows_read = []
    with pytest.raises(BrokenSheet):
        for number_and_cells in xlsx_rows(path, 2):
            rows_read.append(number_and_cells)
    assert rows_read == [(1, ["1"]), (2, ["2"])]
    with pytest.raises(FileRefused) as refused:
        list(open_table(path, ("1",)).rows)
    assert refused.value.errors == ["文件已损坏或不完整，无法作为Excel文件读取（BrokenSheet）"]


def test_a_damaged_compressed_sheet_is_refused(tmp_path):
    rows = "".join(row(n, text(f"扎西{n}" * 50, f"A{n}")) for n in range(1, 200))
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
    data = bytearray(path.read_bytes())
    middle = info.header_offset + 30 + len(SHEET) + info.compress_size // 2
    data[middle : middle + 16] = bytes(16)
    path.write_bytes(bytes(data))
    with pytest.raises((zipfile.BadZipFile, zlib.error)):
        list(xlsx_rows(path, 20))
    with pytest.raises(FileRefused) as refused:
        open_table(path, ("证件号码",))
    assert refused.value.errors == ["文件已损坏或不完整，无法作为Excel文件读取"]


def test_open_table_numbers_rows_from_the_top_of_the_sheet_and_cells_from_column_a(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"], sheet["B4"], sheet["C4"] = "证件号码", "姓名", "533401199001011234", "扎西"
    book.save(path := tmp_path / "a.xlsx")
    table = open_table(path, ("证件号码",))
    assert (table.header_row, table.headers) == (3, ["", "证件号码", "姓名"])
    assert list(table.rows) == [(4, ["", "533401199001011234", "扎西"])]


def _replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for n, content in parts.items():
            dst.writestr(n, content)


def test_finding_the_header_reads_one_small_block_only(tmp_path, monkeypatch):
    rows = [row(1, text("姓名", "A1"), text("证件号码", "B1"))]
    rows += [row(n, text(f"人{n}", f"A{n}"), text(f"{n}", f"B{n}")) for n in range(2, 200)]
    path = workbook(tmp_path / "a.xlsx", {SHEET: "".join(rows)})
    blocks = []
    real = xlsx_blocks.sheet_blocks

    def counted(stream, block_rows):
        for block in real(stream, block_rows):
            blocks.append(block_rows)
            yield block

    monkeypatch.setattr(xlsx_blocks, "sheet_blocks", counted)
    table = open_table(path, ("证件号码",), header_only=True)
    assert (table.headers, table.header_row, blocks) == (["姓名", "证件号码"], 1, [30])


def test_a_formula_without_a_value_refuses_the_sheet_when_its_block_is_read(tmp_path):
    rows = "".join(row(n, text(str(n), f"A{n}")) for n in range(1, 5))
    rows += '<row r="5"><c r="B5"><f>SUM(A1:A4)</f></c><c r="C5"><f>A1</f></c></row>'
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    rows_read = []
    with pytest.raises(UncomputedFormulas) as error:
        for number_and_cells in xlsx_rows(path, 2):
            rows_read.append(number_and_cells)
    assert (rows_read, error.value.cells) == ([(1, ["1"]), (2, ["2"]), (3, ["3"]), (4, ["4"])], ["B5", "C5"])
    with pytest.raises(FileRefused) as refused:
        list(open_table(path, ("1",)).rows)
    assert refused.value.errors == [
        "单元格B5、C5含有未计算的公式，请在Excel或WPS中打开、保存后重新导入，或将公式复制为数值"
    ]


def test_a_formula_with_its_value_is_read_as_the_value(tmp_path):
    rows = row(1, text("1", "A1")) + '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    assert list(xlsx_rows(path, 1)) == [(1, ["1"]), (2, [2])]


def test_a_workbook_whose_first_sheet_is_missing_is_refused(tmp_path):
    path = workbook(tmp_path / "a.xlsx", {SHEET: row(1, text("证件号码", "A1"))})
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist() if n != SHEET}
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    with pytest.raises(FileRefused) as refused:
        list(open_table(path, ("证件号码",)).rows)
    assert refused.value.errors == ["文件不是有效的Excel文件（找不到工作表）"]


def test_rows_come_over_from_the_reading_process_as_calamine_read_them(tmp_path):
    rows = row(1, text("证件号码", "A1"), text("姓名", "B1"))
    rows += row(2, text("533401199001011234", "A2"), text("扎西", "B2"))
    rows += row(3, text("a_x001F_b", "A3"), text("c", "B3"))  # the separator the text rows are joined with
    rows += '<row r="4"><c r="A4"><v>12.5</v></c><c r="B4" t="inlineStr"><is><t>卓玛</t></is></c></row>'
    path = workbook(tmp_path / "a.xlsx", {SHEET: rows})
    assert list(open_table(path, ("证件号码",)).rows) == [
        (2, ["533401199001011234", "扎西"]),
        (3, ["a\x1fb", "c"]),
        (4, [12.5, "卓玛"]),
    ]


@pytest.mark.parametrize(
    ("cells", "blank"),
    [
        ([], True),
        (["", " ", "\u3000", None, "\t"], True),
        (["", "", "x"], False),
        (["", 0], False),
        ([None, 0.0], False),
        ([False], False),
        ([dt.date(2021, 1, 1)], False),
    ],
)
def test_a_row_is_blank_when_its_cells_hold_only_whitespace(cells, blank):
    assert is_blank(cells) is blank
