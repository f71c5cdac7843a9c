"""Department files for the tests: CSV or XLSX with the given header and rows, and a VAR_DIR of their own."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HUJI = ("证件号码", "姓名", "户籍状态", "变动日期")


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HUJI, *, encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HUJI) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path
