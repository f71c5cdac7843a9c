"""Read the first worksheet of an .xlsx a block of rows at a time, so that memory stays bounded.

calamine reads a worksheet whole: a 1,000,000-row export needs gigabytes. Here the worksheet's XML is
streamed out of the archive and cut after every `block_rows` rows; each block becomes a small workbook of
its own (the original's workbook, shared strings and styles, and a worksheet holding only those rows)
that calamine reads exactly as it would read the whole file: shared and rich strings, dates, numbers.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fangfanpin.core.collector import collector_paused

BLOCK_ROWS = 20_000
_READ_BYTES = 1 << 22
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
# What calamine reads besides the worksheet (the content types tell it an .xlsx). Pictures, themes and
# the other sheets stay out of the blocks: they would be copied into every one of them for nothing.
_CALAMINE_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    _WORKBOOK,
    _WORKBOOK_RELS,
    "xl/sharedStrings.xml",
    "xl/styles.xml",
)
_ROOT = re.compile(rb"<(?![?!])([\w.:-]+)")
_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData(?:\s[^>]*)?(/?)>")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row(?:(\s[^>]*)|/)?>")
_R_ATTRIBUTE = re.compile(rb"\sr\s*=")
# A formula cell whose result was never computed: <c r="B5" ...><f>...</f></c> with no <v>.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<is>.*?</is>)?\s*</c>'
)


class BrokenSheet(ValueError):
    """The workbook's first worksheet cannot be found or is cut short."""


class MissingSheet(BrokenSheet):
    """The workbook names no first worksheet, or its part is not there."""


class UncomputedFormulas(ValueError):
    """Formula cells without a computed value: reading them would silently give empty cells."""

    def __init__(self, cells: list[str]):
        super().__init__(", ".join(cells))
        self.cells = cells


@dataclass(frozen=True)
class Frame:
    """What surrounds the rows of a worksheet: enough to build a worksheet around any run of them."""

    head: bytes  # everything up to and including the opening <sheetData>
    tail: bytes  # </sheetData></worksheet>, with the file's namespace prefixes
    row_open: bytes  # <row
    row_close: bytes  # </row>
    data_close: bytes  # </sheetData>


def xlsx_rows(path: Path, block_rows: int = BLOCK_ROWS) -> Iterator[tuple[int, list[Any]]]:
    """Yield (1-based row number, cells from column A) of the first worksheet, one block at a time."""
    for block in xlsx_row_blocks(path, block_rows):
        yield from block


def xlsx_row_blocks(path: Path, block_rows: int = BLOCK_ROWS) -> Iterator[list[tuple[int, list[Any]]]]:
    """The rows `xlsx_rows` yields, a block of (up to) `block_rows` sheet rows at a time."""
    with zipfile.ZipFile(path) as archive:
        sheet = first_sheet(archive)
        parts = _calamine_parts(archive)
        rows_before = 0
        with archive.open(sheet) as stream:
            for frame, body in sheet_blocks(stream, block_rows):
                if cells := uncomputed_formulas(body):
                    raise UncomputedFormulas(cells)
                # Rows that carry no number (some generators omit r="…") are numbered from 0 in each block.
                offset = 0 if _first_row_numbered(body) else rows_before
                rows_before += sum(piece.count(frame.row_open) for piece in body)
                start, rows = read_first_sheet(_block_workbook(parts, sheet, frame, body))
                yield list(numbered(start, rows, offset))


def uncomputed_formulas(body: list[bytes]) -> list[str]:
    """The first five cells of these rows that hold a formula but no computed value (A1-style names).

    Each piece of a block holds whole rows, so a cell never straddles two. Most sheets hold no formula at
    all: a plain search for "<f" passes over them, not the expression.
    """
    found: list[str] = []
    for piece in body:
        if b"<f" in piece:
            found += [f"{m[1].decode()}{m[2].decode()}" for m in _FORMULA_WITHOUT_VALUE.finditer(piece)]
    return list(dict.fromkeys(found))[:5]


def read_first_sheet(book: str | IO[bytes]) -> tuple[tuple[int, int], list[list[Any]]]:
    """Read a workbook's first sheet whole with calamine: its first used (row, column), 0-based, and rows."""
    from python_calamine import load_workbook

    sheet = load_workbook(book).get_sheet_by_index(0)
    if sheet.start is None:
        return (0, 0), []
    # Rows from the first used cell: iter_rows would also make every empty row above it, one by one.
    # The collector would scan the rows again and again while they are made; they hold no cycles.
    with collector_paused():
        return sheet.start, sheet.to_python(skip_empty_area=True)


def numbered(
    start: tuple[int, int], rows: list[list[Any]], offset: int = 0
) -> Iterator[tuple[int, list[Any]]]:
    """Number calamine's rows from the sheet's first used row and pad them so that cells begin at column A."""
    first_row, first_column = start
    pad = [""] * first_column
    for number, cells in enumerate(rows, start=offset + first_row + 1):
        yield number, pad + cells if first_column else cells


def first_sheet(archive: zipfile.ZipFile) -> str:
    """Name the part of the workbook's first sheet, found as calamine's `get_sheet_by_index(0)` finds it."""
    names = {name.lower(): name for name in archive.namelist()}
    try:
        workbook = ET.fromstring(archive.read(names[_WORKBOOK]))
        rels = ET.fromstring(archive.read(names[_WORKBOOK_RELS]))
        sheet = next(e for e in workbook.iter() if _local(e.tag) == "sheet")
        rel_id = next(v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id")
        target = next(e.get("Target", "") for e in rels if e.get("Id") == rel_id)
    except (KeyError, StopIteration, ET.ParseError):
        raise MissingSheet("the workbook names no first sheet") from None
    path = target.removeprefix("/") if target.startswith(("/xl/", "xl/")) else f"xl/{target}"
    if path.lower() not in names:
        raise MissingSheet(f"the first sheet {path} is missing")
    return names[path.lower()]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _calamine_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    wanted = {name.lower() for name in _CALAMINE_PARTS}
    return {n: archive.read(n) for n in archive.namelist() if n.lower() in wanted}


def sheet_blocks(stream: IO[bytes], block_rows: int) -> Iterator[tuple[Frame, list[bytes]]]:
    """Cut a worksheet's XML after every `block_rows` rows; yield each run of whole rows with its frame."""
    # The consumer may empty each list it is given, so that a block's bytes go as soon as they are used.
    head, rest = _read_head(stream)
    if head is None:
        return
    frame, body, count, pending = _frame(head), [], 0, b""
    close = frame.row_close
    for chunk in itertools.chain([rest], iter(lambda: stream.read(_READ_BYTES), b"")):
        pending += chunk
        last = pending.rfind(close)
        whole = last + len(close) if last >= 0 else 0  # where the last complete row ends
        closes = pending.count(close, 0, whole)
        while count + closes >= block_rows:
            cut = _nth_end(pending, close, block_rows - count)
            body.append(pending[:cut])
            pending, whole, closes = pending[cut:], whole - cut, closes - (block_rows - count)
            yield frame, body
            body, count = [], 0
        if whole:
            body.append(pending[:whole])
            pending, count = pending[whole:], count + closes
    end = pending.find(frame.data_close)
    if end < 0:
        raise BrokenSheet("the worksheet ends inside its rows")
    body.append(pending[:end])
    if any(piece.strip() for piece in body):
        yield frame, body


def _read_head(stream: IO[bytes]) -> tuple[bytes | None, bytes]:
    """Read up to the opening <sheetData> and return it with what was read past it; None: no rows."""
    data = b""
    while chunk := stream.read(_READ_BYTES):
        data += chunk
        if found := _SHEET_DATA.search(data):
            return (None, b"") if found[2] else (data[: found.end()], data[found.end() :])
    return None, b""


def _frame(head: bytes) -> Frame:
    data = _SHEET_DATA.search(head)
    root = _ROOT.search(head)
    if not data or not root:
        raise BrokenSheet("no worksheet element")
    prefix = data[1]
    return Frame(
        head=head,
        tail=b"</" + prefix + b"sheetData></" + root[1] + b">",
        row_open=b"<" + prefix + b"row",
        row_close=b"</" + prefix + b"row>",
        data_close=b"</" + prefix + b"sheetData>",
    )


def _nth_end(data: bytes, close: bytes, n: int) -> int:
    """Where the n-th `close` tag in `data` ends."""
    at = -len(close)
    for _ in range(n):
        at = data.find(close, at + len(close))
    return at + len(close)


def _first_row_numbered(body: list[bytes]) -> bool:
    for piece in body:
        if row := _ROW_TAG.search(piece):
            return bool(row[1] and _R_ATTRIBUTE.search(row[1]))
    return True


def _block_workbook(parts: dict[str, bytes], sheet: str, frame: Frame, body: list[bytes]) -> IO[bytes]:
    """Build a workbook holding the block's rows as its only sheet; empty `body` on the way."""
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(sheet, "w", force_zip64=True) as out:
            out.write(frame.head)
            body.reverse()
            while body:
                out.write(body.pop())
            out.write(frame.tail)
    book.seek(0)
    return book
