"""Map a file's header row to the national columns, and read its rows into parsed values."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models

from fangfanpin.core.tabular import MAX_CELL_CHARS, FileRefused, Table, clean_header
from fangfanpin.core.values import parser_for
from fangfanpin.registry.columns import FILE_KINDS, Column, FileKind
from fangfanpin.registry.models import Household, HouseholdYear, Member, VillageYear, WorkSpell

MEMO_LIMIT = 10_000  # distinct texts remembered per column
Step = tuple[str, int, Any, Any, dict[str, tuple[Any, str | None]]]  # field, cell index, parser, empty, memo
STEP_FIELD = operator.itemgetter(0)  # a step's field name
ENTITY_MODELS: dict[str, dict[str, type[models.Model]]] = {
    "household": {"household": Household, "member": Member, "year": HouseholdYear},
    "work": {"row": WorkSpell},
    "village": {"row": VillageYear},
}


@dataclass
class Layout:
    kind: FileKind
    cells: list[tuple[Column, int, int | None]]  # column, cell index, max length
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    plans: dict[str, list[Step]] = field(default_factory=dict, repr=False)

    @cached_property
    def limits(self) -> list[int]:
        """Per cell position, the longest text it may hold (unknown columns: the file-wide limit)."""
        width = max((i for _, i, _ in self.cells), default=-1) + 1
        limits = [MAX_CELL_CHARS] * width
        for column, index, max_length in self.cells:
            limits[index] = 40 if column.kind == "id" else max_length or MAX_CELL_CHARS
        return limits

    def plan(self, entity: str) -> list[Step]:
        if entity not in self.plans:
            self.plans[entity] = _plan(self, entity)
        return self.plans[entity]


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


def _plan(layout: Layout, entity: str) -> list[Step]:
    return [
        (c.field, i, parser_for(c.kind), "" if c.kind in ("text", "multi", "id") else None, {})
        for c, i, _ in layout.cells
        if c.entity == entity
    ]


def read_entity(plan: list[Step], cells: Sequence[Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse the cells of one entity: (field → value, raw texts of the values that could not be read)."""
    values, raw = read_fields(plan, cells)
    return dict(zip(map(STEP_FIELD, plan), values, strict=True)), raw


def read_fields(plan: list[Step], cells: Sequence[Any]) -> tuple[list[Any], dict[str, str]]:
    """Parse the cells of one entity: (values in the plan's order, raw texts of the values not read).

    Most columns hold a few distinct texts (codes, yes/no, years): each column remembers what its first
    MEMO_LIMIT distinct texts parsed to, so that a million rows parse each code once. Parsed values are
    immutable (str, Decimal, date, bool, int), so sharing them is safe.
    """
    values: list[Any] = []
    append = values.append
    raw: dict[str, str] = {}
    width = len(cells)
    for name, index, parse, empty, memo in plan:
        cell = cells[index] if index < width else None
        if cell == "" or cell is None:  # most cells of an export are empty: no call for them
            append(empty)
            continue
        if type(cell) is str:  # not numbers: True, 1 and 1.0 are equal keys
            parsed = memo.get(cell)
            if parsed is None:
                parsed = parse(cell)
                if len(memo) < MEMO_LIMIT:
                    memo[cell] = parsed
        else:
            parsed = parse(cell)
        value, unread = parsed
        append(value)
        if unread is not None:
            raw[name] = unread
    return values, raw


def cells_of(plan: list[Step], cells: Sequence[Any]) -> list[Any]:
    """The cells of one entity, in its plan's order: what `cut_plan(plan)` reads."""
    width = len(cells)
    return [cells[index] if index < width else "" for _, index, _, _, _ in plan]


def cut_plan(plan: list[Step]) -> list[Step]:
    """The plan that reads the cells `cells_of(plan, …)` took out of a row (it shares the plan's memos)."""
    return [(name, j, parse, empty, memo) for j, (name, _, parse, empty, memo) in enumerate(plan)]


def read_row(layout: Layout, number: int, cells: list[Any], entities: tuple[str, ...] | None = None) -> Row:
    """Parse one row's cells; oversize cells are file errors, unreadable values keep their raw text."""
    row = Row(number=number, values={}, raw={}, errors=cell_errors(layout, number, cells))
    for entity in entities or tuple(dict.fromkeys(c.entity for c, _, _ in layout.cells)):
        row.values[entity], raw = read_entity(layout.plan(entity), cells)
        if raw:
            row.raw[entity] = raw
    return row


def cell_errors(layout: Layout, number: int, cells: list[Any]) -> list[str]:
    """Name every cell too long for the file to be a real export, or for its field."""
    try:
        if not any(map(operator.gt, map(len, cells), layout.limits)):  # a CSV row is all text: in C
            return []
        lengths = list(map(len, cells))
    except TypeError:  # an Excel row also holds numbers and dates
        lengths = [len(c) if type(c) is str else 0 for c in cells]
        if not any(map(operator.gt, lengths, layout.limits)):
            return []
    errors = []
    for column, index, _ in layout.cells:
        length, limit = (lengths[index] if index < len(lengths) else 0), layout.limits[index]
        if length <= limit:
            continue
        if length > MAX_CELL_CHARS:
            errors.append(f"第{number}行，列“{column.header}”：内容过长（{length}个字符）")
        elif len(text := cells[index].strip()) > limit:
            errors.append(f"第{number}行，列“{column.header}”：内容过长（{len(text)}个字，最多{limit}个字）")
    return errors


def area_names(row: Row) -> tuple[str, str, str]:
    area = row.values.get("area", {})
    return area.get("county", ""), area.get("town", ""), area.get("village", "")
