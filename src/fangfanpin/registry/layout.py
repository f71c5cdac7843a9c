"""Map a file's header row to the national columns, and read its rows into parsed values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from fangfanpin.core.tabular import MAX_CELL_CHARS, FileRefused, Table, clean_header
from fangfanpin.core.values import parse_cell
from fangfanpin.registry.columns import FILE_KINDS, Column, FileKind
from fangfanpin.registry.models import Household, HouseholdYear, Member, VillageYear, WorkSpell

ENTITY_MODELS: dict[str, dict[str, type[models.Model]]] = {
    "household": {"household": Household, "member": Member, "year": HouseholdYear},
    "work": {"row": WorkSpell},
    "village": {"row": VillageYear},
}
_NEUTRALISED = ("'=", "'+", "'-", "'@")


@dataclass
class Layout:
    kind: FileKind
    cells: list[tuple[Column, int, int | None]]  # column, cell index, max length
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def has(self, header: str) -> bool:
        return any(c.header == header for c, _, _ in self.cells)


@dataclass
class Row:
    number: int
    values: dict[str, dict[str, Any]]
    raw: dict[str, dict[str, str]]
    errors: list[str]


def detect_kind(headers: list[str]) -> FileKind:
    """Tell which national export a header row belongs to."""
    if "村代码" in headers and "证件号码" not in headers:
        return FILE_KINDS["village"]
    if "是否已务工" in headers and "与户主关系" not in headers:
        return FILE_KINDS["work"]
    return FILE_KINDS["household"]


def layout_for(table: Table) -> Layout:
    """Find every known column by name or alias; refuse missing required columns and repeated headers."""
    kind = detect_kind(table.headers)
    positions: dict[str, list[int]] = {}
    for i, header in enumerate(table.headers):
        positions.setdefault(header, []).append(i)
    errors: list[str] = []
    cells: list[tuple[Column, int, int | None]] = []
    known: set[str] = set()
    for column in kind.columns:
        names = dict.fromkeys(clean_header(n) for n in column.names)
        found = [(name, i) for name in names for i in positions.get(name, [])]
        known.update(name for name, _ in found)
        if len(found) > 1:
            errors.append(
                f"表头第{table.header_row}行：列“{column.header}”出现了{len(found)}次，无法确定使用哪一列"
            )
        elif found:
            cells.append((column, found[0][1], _max_length(kind.code, column)))
        elif column.required:
            errors.append(f"缺少必需的列“{column.header}”：这不是一份完整的{kind.title}导出文件")
    if errors:
        raise FileRefused(errors)
    unknown = [h for h in dict.fromkeys(table.headers) if h and h not in known]
    missing = [c.header for c in kind.columns if c.header not in {col.header for col, _, _ in cells}]
    return Layout(kind=kind, cells=cells, unknown=unknown, missing=missing)


def _max_length(kind: str, column: Column) -> int | None:
    model = ENTITY_MODELS[kind].get(column.entity)
    if model is None:
        return None
    try:
        return getattr(model._meta.get_field(column.field), "max_length", None)
    except Exception:  # the field is not stored on that model (e.g. the village file's group names)
        return None


def read_row(layout: Layout, number: int, cells: list[Any]) -> Row:
    """Parse one row's cells; oversize cells are file errors, unreadable values keep their raw text."""
    row = Row(number=number, values={}, raw={}, errors=[])
    width = len(cells)
    for column, index, max_length in layout.cells:
        value = cells[index] if index < width else None
        if isinstance(value, str) and value.startswith(_NEUTRALISED):
            value = value[1:]  # our own exports neutralise formula-like text with a leading quote
        text_len = len(value) if isinstance(value, str) else 0
        if text_len > MAX_CELL_CHARS:
            row.errors.append(f"第{number}行，列“{column.header}”：内容过长（{text_len}个字符）")
            continue
        parsed, raw = parse_cell(column.kind, value)
        limit = max_length if column.kind != "id" else 40
        if limit and isinstance(parsed, str) and len(parsed) > limit:
            row.errors.append(
                f"第{number}行，列“{column.header}”：内容过长（{len(parsed)}个字，最多{limit}个字）"
            )
            continue
        row.values.setdefault(column.entity, {})[column.field] = parsed
        if raw is not None:
            row.raw.setdefault(column.entity, {})[column.field] = raw
    return row


def area_names(row: Row) -> tuple[str, str, str]:
    area = row.values.get("area", {})
    return area.get("county", ""), area.get("town", ""), area.get("village", "")


def describe_counts(counter: Counter[str]) -> str:
    return "，".join(f"{k}{v}" for k, v in counter.items() if v)
