"""One writer for every export: CSV (UTF-8 with BOM, so Excel opens it) or XLSX, chosen by the file name.

Text that a spreadsheet would run as a formula (=, +, -, @) is neutralised with a leading quote in CSV;
in XLSX every text cell is written as a string, which Excel never evaluates.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

_FORMULA_START = ("=", "+", "-", "@")
_FIXED_TIME = dt.datetime(2000, 1, 1)


def neutralise(text: str) -> str:
    """Prefix formula-like text with a quote; plain negative numbers stay as they are."""
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() == text and text[0] in "+-0123456789."


class TableWriter:
    """Write rows of strings (numbers as Decimal where a column is numeric) to .csv or .xlsx."""

    def __init__(self, path: Path, sheet_title: str = "Sheet1"):
        self.path = path
        self.xlsx = path.suffix.lower() == ".xlsx"
        if self.xlsx:
            from openpyxl import Workbook

            self.workbook = Workbook(write_only=True)
            self.workbook.properties.created = _FIXED_TIME
            self.workbook.properties.modified = _FIXED_TIME
            self.sheet = self.workbook.create_sheet(title=sheet_title)
        else:
            self.file = path.open("w", encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.file)

    def add_sheet(self, title: str) -> None:
        """Start a new sheet (XLSX only; a CSV keeps writing in its one table)."""
        if self.xlsx:
            self.sheet = self.workbook.create_sheet(title=title[:31])

    def row(self, values: Sequence[Any]) -> None:
        if self.xlsx:
            self.sheet.append([self._xlsx_cell(v) for v in values])
        else:
            self.writer.writerow([neutralise(v) if isinstance(v, str) else _plain(v) for v in values])

    def rows(self, rows: Iterable[Sequence[Any]]) -> None:
        for values in rows:
            self.row(values)

    def _xlsx_cell(self, value: Any) -> Any:
        if not isinstance(value, str) or value == "":
            return value
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        if self.xlsx:
            self.workbook.save(self.path)
            _fix_zip_times(self.path)
        else:
            self.file.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _fix_zip_times(path: Path) -> None:
    """Give every member of the XLSX archive a fixed time, so the same data gives the same bytes."""
    import shutil
    import tempfile
    import zipfile

    with tempfile.NamedTemporaryFile(delete=False, dir=path.parent, suffix=".tmp") as tmp:
        tmp_path = Path(tmp.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2000-01-01T00:00:00Z<", data
                )
            dst.writestr(fixed, data)
    shutil.move(tmp_path, path)
