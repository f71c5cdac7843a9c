"""Read a table from .xlsx/.xls or .csv (UTF-8 with or without BOM, GBK/GB18030), header found by name.

Everything that makes a file unreadable raises `FileRefused` with messages a clerk understands.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fangfanpin.core.idcard import normalize_text
from fangfanpin.core.xlsx_blocks import (
    MissingSheet,
    UncomputedFormulas,
    numbered,
    read_first_sheet,
    xlsx_row_blocks,
    xlsx_rows,
)

HEADER_SEARCH_ROWS = 30
MAX_CELL_CHARS = 5000
_SNIFF_BYTES = 64 * 1024
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_SEPARATOR = "\x1f"  # the unit separator: XML cannot hold it, so a worksheet's cells hardly ever do


class FileRefused(Exception):
    """The file cannot be imported; `errors` lists every reason, in Chinese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Table:
    headers: list[str]
    header_row: int  # 1-based
    rows: Iterator[tuple[int, list[Any]]]  # (1-based row number, cells)
    encoding: str = ""
    notes: list[str] = field(default_factory=list)


def clean_header(value: Any) -> str:
    """Normalise a header cell: half-width, no whitespace or line breaks inside."""
    return re.sub(r"\s+", "", normalize_text(str(value))) if value is not None else ""


def open_table(path: Path, key_headers: tuple[str, ...], *, header_only: bool = False) -> Table:
    """Open a spreadsheet and find its header row: the first row holding one of `key_headers`.

    An XLSX is read a block of rows at a time; with `header_only`, only up to its header: enough to tell
    which export a file is.
    """
    head = _read_head(path)
    if not head:
        raise FileRefused(["文件为空，没有任何内容"])
    if head.startswith(_XLSX_MAGIC):
        return _find_header(_xlsx_head_rows(path) if header_only else _xlsx_rows(path), key_headers)
    if head.startswith(_XLS_MAGIC):
        return _find_header(_xls_rows(path), key_headers)
    if path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raise FileRefused(["文件不是有效的Excel文件（可能已损坏，或只是改了扩展名）"])
    if b"\x00" in head:
        raise FileRefused(["文件不是CSV或Excel表格（含有二进制内容）"])
    encoding = _sniff_encoding(head)
    table = _find_header(_csv_rows(path, encoding), key_headers)
    table.encoding = encoding
    return table


def _read_head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(_SNIFF_BYTES)


def _sniff_encoding(head: bytes) -> str:
    """Tell UTF-8 from GB18030 (a superset of GBK) by how the first bytes decode.

    Text that is valid UTF-8 up to a bad byte is UTF-8 with damage, reported as such, not GBK.
    """
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as e:
        return "utf-8-sig" if any(b >= 0x80 for b in head[: e.start]) else "gb18030"
    return "utf-8-sig"


def _decoded_lines(path: Path, encoding: str) -> Iterator[str]:
    """Decode line by line, so that a bad byte is reported with its line number."""
    label = "UTF-8" if encoding.startswith("utf") else "GBK/GB18030"
    with path.open("rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                yield line.decode(encoding if number == 1 else encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise FileRefused(
                    [
                        f"第{number}行有无法识别的字符（按{label}编码读取失败），"
                        "请用Excel或WPS另存为CSV（UTF-8）或xlsx后重新导入"
                    ]
                ) from None


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(_decoded_lines(path, encoding))
    row_no = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise FileRefused([_csv_error(reader.line_num, e)]) from None
        row_no += 1
        yield row_no, cells


def _csv_error(line: int, error: csv.Error) -> str:
    if "field larger" in str(error):
        return f"第{line}行：单元格内容过长，不是正常的导出文件"
    return f"第{line}行：CSV格式错误（{error}）"


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The rows of an XLSX, read in a helper process a block at a time.

    calamine's parsing of the sheet's XML is most of the work of reading an export: in a process of its own
    it runs beside the checks of the rows already read (and the writing of those checked before them).
    """
    from fangfanpin.core.streamed import Streamed

    stream = Streamed(_packed_xlsx_blocks, path, ahead=2)
    try:
        for block in stream:
            for number, cells in block:
                yield number, unpack_cells(cells)
    finally:
        stream.close()


def _packed_xlsx_blocks(path: Path) -> Iterator[list[tuple[int, str | list[Any]]]]:
    """Blocks of numbered rows, each row of text joined into one string (`pack_cells`)."""
    from python_calamine import CalamineError

    try:
        for block in xlsx_row_blocks(path):
            yield [(number, pack_cells(cells)) for number, cells in block]
    except UncomputedFormulas as e:
        raise _formulas_refused(e) from None
    except MissingSheet:
        raise FileRefused(["文件不是有效的Excel文件（找不到工作表）"]) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise FileRefused(["文件已损坏或不完整，无法作为Excel文件读取"]) from None
    except (CalamineError, ValueError, OSError) as e:
        raise FileRefused([_broken_excel(e)]) from None


def pack_cells(cells: list[Any]) -> str | list[Any]:
    """Cells of text as one string: a process hands it to another at a fraction of the cost of a list.

    Pickling costs per object: a row's hundred-odd strings cost many times one string of them all. Cells
    holding a number or a date, or the separator itself, stay a list.
    """
    try:
        joined = _SEPARATOR.join(cells)
    except TypeError:
        return cells
    return joined if joined.count(_SEPARATOR) == len(cells) - 1 else cells


def unpack_cells(packed: str | list[Any]) -> list[Any]:
    """The cells `pack_cells` packed."""
    return packed.split(_SEPARATOR) if isinstance(packed, str) else packed


def _formulas_refused(error: UncomputedFormulas) -> FileRefused:
    return FileRefused(
        [
            f"单元格{'、'.join(error.cells)}含有未计算的公式，请在Excel或WPS中打开、保存后重新导入，或将公式复制为数值"
        ]
    )


def _xls_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Read old binary Excel whole: it holds at most 65,536 rows."""
    from python_calamine import CalamineError

    try:
        yield from numbered(*read_first_sheet(str(path)))
    except (CalamineError, ValueError, OSError) as e:
        raise FileRefused([_broken_excel(e)]) from None


def _broken_excel(error: Exception) -> str:
    return f"文件已损坏或不完整，无法作为Excel文件读取（{type(error).__name__}）"


def _xlsx_head_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The first rows of an XLSX, read as one small block: the sheet's XML is read no further."""
    from python_calamine import CalamineError

    try:
        for number, cells in xlsx_rows(path, block_rows=HEADER_SEARCH_ROWS):
            if number > HEADER_SEARCH_ROWS:
                return
            yield number, cells
    except UncomputedFormulas as e:
        raise _formulas_refused(e) from None
    except (CalamineError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, KeyError):
        raise FileRefused(["文件已损坏或不完整，无法作为Excel文件读取"]) from None


def _find_header(rows: Iterator[tuple[int, list[Any]]], key_headers: tuple[str, ...]) -> Table:
    for row_no, cells in rows:
        if row_no > HEADER_SEARCH_ROWS:
            break
        headers = [clean_header(c) for c in cells]
        if any(k in headers for k in key_headers):
            return Table(headers=headers, header_row=row_no, rows=rows)
    wanted = "”或“".join(key_headers)
    raise FileRefused(
        [f"找不到表头：前{HEADER_SEARCH_ROWS}行中没有一行含有“{wanted}”列，不是可识别的导出文件"]
    )


def is_blank(cells: list[Any]) -> bool:
    """No cell holds anything but whitespace (a number, 0 too, or a date is something)."""
    for cell in cells:  # most rows hold something in their first cells: the loop ends there
        if cell is None or cell == "":
            continue
        if type(cell) is not str or not cell.isspace():
            return False
    return True
