"""Writers of the synthetic files: streaming CSV (UTF-8 with BOM) and streaming XLSX (openpyxl write-only).

Both keep only a small batch in memory. The XLSX writer pins every time stamp (document properties and
zip entries), so the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

Cells = tuple[str, ...]
FIXED_TIME = dt.datetime(2021, 1, 1)
XLSX_MAX_ROWS = 1_048_576
_BATCH = 4000


class SynthWriteError(ValueError):
    """A file cannot hold what is being written (an XLSX sheet past its row limit)."""


class Table(Protocol):
    def write(self, cells: Cells) -> None: ...

    def household(self, prefix: Cells, members: list[Cells], suffix: Cells) -> None: ...

    def close(self) -> None: ...


class _LastLine:
    """A stand-in file for csv.writer that keeps the one line it was last given."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


class CsvTable:
    """A CSV file written in batches; a household's shared columns are encoded once for all its members."""

    def __init__(self, path: Path, headers: Cells) -> None:
        self._file = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by close()
        self._line = _LastLine()
        # Segments are quoted field by field exactly as csv would quote the whole row (each has several
        # fields, so csv's lone-empty-field rule never applies), then joined with commas.
        self._encoder = csv.writer(self._line, lineterminator="")
        self._parts: list[str] = []
        self.write(headers)

    def _encode(self, cells: Cells) -> str:
        self._encoder.writerow(cells)
        return self._line.text

    def write(self, cells: Cells) -> None:
        """Write one row."""
        self._parts.append(self._encode(cells) + "\r\n")
        if len(self._parts) >= _BATCH:
            self._flush()

    def household(self, prefix: Cells, members: list[Cells], suffix: Cells) -> None:
        """Write one row per member, the household's columns repeated on each."""
        head = self._encode(prefix) + ","
        tail = "," + self._encode(suffix) + "\r\n"
        encode, parts = self._encode, self._parts
        for member in members:
            parts.append(head + encode(member) + tail)
        if len(parts) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        self._file.write("".join(self._parts))
        self._parts.clear()

    def close(self) -> None:
        """Write what is left and close the file."""
        self._flush()
        self._file.close()


class _SteadyZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, so that equal content gives equal bytes."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(str(zinfo_or_arcname))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        with open(filename, "rb") as source, self.open(self._info(str(arcname or filename)), "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1 << 20)


class XlsxTable:
    """An XLSX file of one sheet, streamed through openpyxl's write-only mode; empty cells are left out."""

    def __init__(self, path: Path, title: str, headers: Cells) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title)
        self._rows = 0
        self.write(headers)

    def write(self, cells: Cells) -> None:
        """Write one row."""
        self._rows += 1
        if self._rows > XLSX_MAX_ROWS:
            raise SynthWriteError(f"{self._path.name}超过 Excel 单表上限 {XLSX_MAX_ROWS:,} 行，请改用 --format csv")
        self._sheet.append([c or None for c in cells])

    def household(self, prefix: Cells, members: list[Cells], suffix: Cells) -> None:
        """Write one row per member, the household's columns repeated on each."""
        for member in members:
            self.write(prefix + member + suffix)

    def close(self) -> None:
        """Save the workbook with fixed time stamps."""
        props = self._book.properties
        props.created = props.modified = FIXED_TIME
        ExcelWriter(self._book, _SteadyZip(self._path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def open_table(folder: Path, title: str, headers: Cells, fmt: str) -> Table:
    """Open `title`.csv or `title`.xlsx in the folder, its header row written."""
    if fmt == "xlsx":
        return XlsxTable(folder / f"{title}.xlsx", title, headers)
    return CsvTable(folder / f"{title}.csv", headers)
