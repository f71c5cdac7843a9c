"""Writers of the synthetic files: CSV parts written by the shards, then assembled into CSV or XLSX.

A shard encodes rows once, into a part file of UTF-8 CSV lines, and notes where each village's lines
start and end. The final files are then put together village by village: byte ranges copied for CSV
(UTF-8 with BOM, so Excel opens it), rows re-read and streamed through openpyxl's write-only mode for XLSX.
Nothing holds more than a batch of rows or one village in memory. XLSX time stamps are pinned, so equal
data gives equal bytes.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

Cells = tuple[str, ...]
Span = tuple[int, int, int]  # (shard, first byte, end byte) of one village's lines in that shard's part
FIXED_TIME = dt.datetime(2021, 1, 1)
XLSX_MAX_ROWS = 1_048_576
_BATCH = 4000
_COPY_CHUNK = 1 << 20


class SynthWriteError(ValueError):
    """A file cannot hold what is being written (an XLSX sheet past its row limit)."""


class _LastLine:
    """A stand-in file for csv.writer that keeps the one line it was last given."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


class CsvPart:
    """A part file of CSV lines (UTF-8, no BOM, no header), written in batches; knows its size in bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._line = _LastLine()
        # A household's segments are quoted field by field exactly as csv would quote the whole row (each
        # has several fields, so csv's rule for a lone empty field never applies), then joined with commas.
        self._encoder = csv.writer(self._line, lineterminator="")
        self._parts: list[str] = []
        self.size = 0

    def encode(self, cells: Iterable[str]) -> str:
        """Return one row as a CSV line without its line end."""
        self._encoder.writerow(cells)
        return self._line.text

    def write(self, cells: Cells) -> None:
        """Write one row."""
        self._parts.append(self.encode(cells) + "\r\n")
        if len(self._parts) >= _BATCH:
            self._flush()

    def household(self, prefix: Cells, members: list[Cells], suffix: Cells) -> None:
        """Write one row per member, the household's columns repeated on each."""
        head = self.encode(prefix) + ","
        tail = "," + self.encode(suffix) + "\r\n"
        encode, parts = self.encode, self._parts
        for member in members:
            parts.append(head + encode(member) + tail)
        if len(parts) >= _BATCH:
            self._flush()

    def mark(self) -> int:
        """Flush and return the number of bytes written so far (a village boundary)."""
        self._flush()
        return self.size

    def _flush(self) -> None:
        data = "".join(self._parts).encode("utf-8")
        self._file.write(data)
        self.size += len(data)
        self._parts.clear()

    def close(self) -> None:
        """Write what is left and close the file."""
        self._flush()
        self._file.close()


def _header_line(headers: Cells) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(headers)
    return buffer.getvalue().encode("utf-8")


def assemble_csv(path: Path, headers: Cells, parts: list[Path], spans: list[Span]) -> None:
    """Write a CSV file (BOM, header, then each village's lines in order) from the shards' parts."""
    with open(path, "wb") as out:
        out.write(codecs.BOM_UTF8 + _header_line(headers))
        sources = [open(part, "rb") for part in parts]  # noqa: SIM115 - closed below
        try:
            for shard, start, end in spans:
                _copy_range(sources[shard], out, start, end)
        finally:
            for source in sources:
                source.close()


def _copy_range(source: Any, out: Any, start: int, end: int) -> None:
    """Append bytes start…end of source to out; inside the kernel where it can (no trip through Python)."""
    left = end - start
    if hasattr(os, "copy_file_range"):
        out.flush()
        try:
            while left > 0 and (copied := os.copy_file_range(source.fileno(), out.fileno(), left, start)):
                start += copied
                left -= copied
        except OSError:
            pass  # a file system without it: copy the rest below
        out.seek(0, os.SEEK_END)
    source.seek(start)
    while left > 0:
        chunk = source.read(min(_COPY_CHUNK, left))
        out.write(chunk)
        left -= len(chunk)


def assemble_xlsx(path: Path, title: str, headers: Cells, parts: list[Path], spans: list[Span]) -> None:
    """Write an XLSX file of one sheet from the shards' parts, one village's rows at a time."""
    table = XlsxTable(path, title, headers)
    sources = [open(part, "rb") for part in parts]  # noqa: SIM115 - closed below
    try:
        for shard, start, end in spans:
            source = sources[shard]
            source.seek(start)
            text = source.read(end - start).decode("utf-8")
            for row in csv.reader(io.StringIO(text, newline="")):
                table.write(tuple(row))
    finally:
        for source in sources:
            source.close()
    table.close()


def write_small(path: Path, title: str, headers: Cells, rows: Iterable[Cells], fmt: str) -> None:
    """Write a small table (villages, planted errors) straight to CSV or XLSX."""
    if fmt == "xlsx":
        table = XlsxTable(path, title, headers)
        for row in rows:
            table.write(row)
        table.close()
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


class _SteadyZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, so that equal content gives equal bytes."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(
        self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(str(zinfo_or_arcname))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None
    ) -> None:
        info = self._info(str(arcname or filename))
        with open(filename, "rb") as source, self.open(info, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, _COPY_CHUNK)


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
            raise SynthWriteError(
                f"{self._path.name}超过 Excel 单表上限 {XLSX_MAX_ROWS:,} 行，请改用 --format csv"
            )
        self._sheet.append([c or None for c in cells])

    def close(self) -> None:
        """Save the workbook with fixed time stamps."""
        props = self._book.properties
        props.created = props.modified = FIXED_TIME
        ExcelWriter(self._book, _SteadyZip(self._path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
