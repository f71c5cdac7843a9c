"""Read a department file into chunks of text columns, found by header name.

A well-formed CSV goes through Arrow's reader (fast); an XLSX, and a CSV that Arrow cannot number exactly
(blank lines, line breaks inside cells, ragged rows, bad bytes), goes through core/tabular row by row, so
that every row number is the one the clerk sees.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pcsv

from fangfanpin.core.idcard import id_clean
from fangfanpin.core.tabular import FileRefused, Table, clean_header, open_table
from fangfanpin.core.values import cell_text
from fangfanpin.quality.departments import DEPARTMENTS, DepartmentFormat
from fangfanpin.quality.departments.base import ID_HEADER, NAME_HEADER, WARNING_HEADER

CHUNK_ROWS = 100_000
_ARROW_BLOCK = 16 << 20
_COUNT_BLOCK = 16 << 20
# Keys of the columns every file may carry, besides the department's own columns (keyed by Parquet name).
ID_KEY, NAME_KEY, WARNING_KEY, PRE_KEY, ROW_KEY = "id_raw", "name", "warning_reason", "id_pre", "row_no"


class SlowPathNeeded(Exception):
    """Arrow read the file, but its row numbers might not be the clerk's: read it again row by row."""


@dataclass
class DeptLayout:
    """Where a department's columns stand in a file, and what else the file holds."""

    fmt: DepartmentFormat
    header_row: int
    positions: dict[str, int]  # key → cell index
    headers: dict[str, str]  # key → Chinese header
    unknown: list[str] = field(default_factory=list)

    @property
    def has_warning(self) -> bool:
        return WARNING_KEY in self.positions


def dept_layout(fmt: DepartmentFormat, table: Table) -> DeptLayout:
    """Map a header row to the department's columns; refuse a missing or repeated column, or another department's file."""
    wanted = {ID_KEY: ID_HEADER, NAME_KEY: NAME_HEADER, WARNING_KEY: WARNING_HEADER}
    wanted.update({c.name: c.header for c in fmt.columns})
    found: dict[str, list[int]] = {}
    for index, header in enumerate(table.headers):
        found.setdefault(header, []).append(index)
    cells = {key: found.get(clean_header(h), []) for key, h in wanted.items()}
    errors = [
        f"表头第{table.header_row}行：列“{wanted[key]}”出现了{len(at)}次，无法确定使用哪一列"
        for key, at in cells.items()
        if len(at) > 1
    ]
    missing = [wanted[key] for key, at in cells.items() if key != WARNING_KEY and not at]
    if missing:
        errors = _wrong_department(fmt, set(found)) or [
            f"缺少必需的列“{h}”：这不是一份完整的{fmt.title}数据文件" for h in missing
        ]
    if errors:
        raise FileRefused(errors)
    known = {clean_header(h) for h in wanted.values()}
    return DeptLayout(
        fmt=fmt,
        header_row=table.header_row,
        positions={key: at[0] for key, at in cells.items() if at},
        headers={key: wanted[key] for key, at in cells.items() if at},
        unknown=[h for h in found if h and h not in known],
    )


def _wrong_department(fmt: DepartmentFormat, headers: set[str]) -> list[str]:
    """Name the department whose columns the file has, when it is not the one it was loaded as."""
    fits = [
        other for other in DEPARTMENTS.values() if other.code != fmt.code and set(other.headers) <= headers
    ]
    if not fits:
        return []
    best = max(fits, key=lambda other: len(other.headers))
    return [f"该文件的列与“{best.title}”一致，不是“{fmt.title}”的数据"]


def open_department_file(path: Path, fmt: DepartmentFormat) -> tuple[Table, DeptLayout]:
    """Open a file and map its header; raise FileRefused when it cannot be read as this department's file."""
    table = open_table(path, (ID_HEADER,), header_only=True)
    return table, dept_layout(fmt, table)


def fast_chunks(path: Path, table: Table, layout: DeptLayout) -> Iterator[dict[str, pa.Array]]:
    """Read a CSV through Arrow; raise SlowPathNeeded when its row numbers cannot be trusted."""
    if not table.encoding:
        raise SlowPathNeeded
    invalid: list[int] = []
    seen = 0
    try:
        for batch in _arrow_reader(path, table, layout, invalid):
            if invalid:
                raise SlowPathNeeded
            chunk = {key: batch.column(f"c{i}") for key, i in layout.positions.items()}
            first = table.header_row + 1 + seen
            chunk[ROW_KEY] = pa.array(range(first, first + batch.num_rows), pa.int64())
            seen += batch.num_rows
            yield chunk
    except pa.ArrowInvalid:
        raise SlowPathNeeded from None
    if invalid or _records(path) != table.header_row + seen:
        raise SlowPathNeeded


def _arrow_reader(path: Path, table: Table, layout: DeptLayout, invalid: list[int]) -> Any:
    names = [f"c{i}" for i in range(len(table.headers))]

    def on_invalid(row: Any) -> str:
        invalid.append(1)
        return "skip"

    return pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(
            skip_rows=table.header_row,
            column_names=names,
            encoding="utf8" if table.encoding.startswith("utf") else table.encoding,
            block_size=_ARROW_BLOCK,
        ),
        parse_options=pcsv.ParseOptions(invalid_row_handler=on_invalid),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=[names[i] for i in layout.positions.values()],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _records(path: Path) -> int:
    """Count the lines of a file up to its last non-blank character."""
    newlines, last = 0, b""
    with path.open("rb") as f:
        while block := f.read(_COUNT_BLOCK):
            newlines += block.count(b"\n")
            last = (last + block)[-65536:]
    stripped = last.rstrip(b"\r\n\t ")
    if not stripped:
        return 0
    return newlines - last[len(stripped) :].count(b"\n") + 1


def slow_chunks(path: Path, layout: DeptLayout) -> Iterator[dict[str, pa.Array]]:
    """Read any file row by row through core/tabular, in chunks of text columns."""
    table = open_table(path, (ID_HEADER,))
    rows = iter(table.rows)
    while batch := list(itertools.islice(rows, CHUNK_ROWS)):
        yield _transpose(batch, layout)


def _transpose(batch: list[tuple[int, list[Any]]], layout: DeptLayout) -> dict[str, pa.Array]:
    chunk: dict[str, pa.Array] = {ROW_KEY: pa.array([number for number, _ in batch], pa.int64())}
    for key, index in layout.positions.items():
        cells = [cells[index] if index < len(cells) else None for _, cells in batch]
        if key == ID_KEY:
            cells, pre = _id_cells(cells)
            chunk[PRE_KEY] = pa.array(pre, pa.string())
        chunk[key] = pa.array([_text(c) for c in cells], pa.string())
    return chunk


def _id_cells(cells: list[Any]) -> tuple[list[Any], list[str | None]]:
    """Read ID cells that Excel holds as numbers now, while their type is still known."""
    pre: list[str | None] = [None] * len(cells)
    for i, cell in enumerate(cells):
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            pre[i] = id_clean(cell)[1] or None
    return cells, pre


def _text(cell: Any) -> str | None:
    if cell is None or type(cell) is str:
        return cell
    return cell_text(cell)
