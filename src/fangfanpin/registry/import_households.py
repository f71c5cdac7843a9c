"""Import the household-member export (FORMATS §1).

A reader process reads the file once (an XLSX's sheet is parsed in a helper process of its own, see
core.tabular): it checks every row for file errors and, while the file is still clean, groups the rows by
household and parses each member's fields. The importing process receives these chunks as they come,
parses each household's and year's fields once, compares them with what the registry holds and writes in one
transaction with plain executemany or COPY (core.bulk); the transaction commits only when the reader has
checked the last row and found no file error. One read of the file, the work shared between the cores.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.db import transaction

from fangfanpin.areas.models import Area
from fangfanpin.areas.services import group_ensure
from fangfanpin.core.audit import audit
from fangfanpin.core.bulk import ids_of, indexes_deferred, insert_many, insert_rows, page_cache, update_many
from fangfanpin.core.collector import collector_paused
from fangfanpin.core.enums import HEAD, MemberStatus
from fangfanpin.core.pinyin import name_initials
from fangfanpin.core.streamed import Streamed
from fangfanpin.core.tabular import FileRefused, pack_cells, unpack_cells
from fangfanpin.core.values import cell_text, format_value, parser_for
from fangfanpin.registry import income
from fangfanpin.registry.columns import FILE_KINDS, Column
from fangfanpin.registry.importer import (
    ErrorList,
    ImportResult,
    Progress,
    check_year,
    data_cells,
    file_layout,
    out_of_scope,
    village_index,
)
from fangfanpin.registry.layout import (
    STEP_FIELD,
    Layout,
    Step,
    cell_errors,
    cells_of,
    cut_plan,
    read_entity,
    read_fields,
)
from fangfanpin.registry.models import Change, Household, HouseholdYear, Member

CHUNK_ROWS = 5000
_AS_TEXT: dict[str, tuple[Callable[[Any], str], Callable[[str], Any]]] = {  # column kind → (to text, back)
    "date": (dt.date.isoformat, dt.date.fromisoformat),
    "month": (dt.date.isoformat, dt.date.fromisoformat),
    "decimal": (str, Decimal),
    "coordinate": (str, Decimal),
}
IMPORT_CACHE_MIB = 1024  # SQLite pages the import may keep in memory: a million persons fit
COLUMN_OF = {(c.entity, c.field): c for kind in FILE_KINDS.values() for c in kind.columns}
Cells = list[Any]
Key = tuple[str, int]
CheckedRow = tuple[int, Cells, Key | None]  # row number, cells, household key (None: the row has errors)


def _text(cells: Cells, index: int | None) -> str:
    return cell_text(cells[index]) if index is not None and index < len(cells) else ""


@dataclass
class Positions:
    """Where the cells the check and the grouping look at sit in a row."""

    household_no: int | None
    area: tuple[int | None, int | None, int | None]
    year: int | None
    signature: list[tuple[int, str]]  # (cell index, header) of every household-level column
    years: dict[tuple[type, Any], int | None] = field(default_factory=dict)  # 年度 cell → year, parsed once
    area_names: dict[tuple, tuple[str, str, str]] = field(default_factory=dict)  # area cells → names

    @classmethod
    def of(cls, layout: Layout) -> Positions:
        at = {(c.entity, c.field): i for c, i, _ in layout.cells}
        signature = [(i, c.header) for c, i, _ in layout.cells if c.entity in ("area", "household", "year")]
        return cls(
            at.get(("household", "household_no")),
            (at.get(("area", "county")), at.get(("area", "town")), at.get(("area", "village"))),
            at.get(("year", "year")),
            signature,
        )

    def names(self, cells: Cells) -> tuple[str, str, str]:
        county, town, village = self.area
        width = len(cells)
        key = (
            cells[county] if county is not None and county < width else "",
            cells[town] if town is not None and town < width else "",
            cells[village] if village is not None and village < width else "",
        )
        found = self.area_names.get(key)
        if found is None:
            found = self.area_names[key] = (
                _text(cells, self.area[0]),
                _text(cells, self.area[1]),
                _text(cells, self.area[2]),
            )
        return found

    def year_in(self, cells: Cells) -> int | None:
        cell = cells[self.year] if self.year is not None and self.year < len(cells) else None
        key = (type(cell), cell)  # True and 1 are equal keys, but not the same 年度
        if key not in self.years:
            value = parser_for("int")(cell)[0]
            self.years[key] = int(value) if value is not None else None
        return self.years[key]

    def signature_of(self, cells: Cells) -> tuple:
        if len(cells) > self.widest:
            return self.getter(cells)
        width = len(cells)
        return tuple(cells[i] if i < width else "" for i, _ in self.signature)

    @cached_property
    def getter(self) -> Callable[[Cells], tuple]:
        return operator.itemgetter(*(i for i, _ in self.signature))

    @cached_property
    def widest(self) -> int:
        return max(i for i, _ in self.signature)

    def first_difference(self, number: int, first: tuple, this: tuple) -> str:
        for (_, header), first_cell, this_cell in zip(self.signature, first, this, strict=True):
            a, b = cell_text(first_cell), cell_text(this_cell)
            if a != b:
                return f"第{number}行，列“{header}”：同一户编号的各行不一致（{a or '空'} / {b or '空'}）"
        return ""


@dataclass
class Checked:
    rows: int = 0
    households: int = 0


class Checker:
    """Check rows one by one for file errors; `finish` lists every error found, or the counts."""

    def __init__(
        self,
        layout: Layout,
        at: Positions,
        year: int | None,
        scope: str | None,
        villages: dict[tuple[str, str, str], str],
    ) -> None:
        self.layout, self.at, self.year, self.scope, self.villages = layout, at, year, scope, villages
        self.errors = ErrorList()
        self.checked = Checked()
        self.seen: dict[tuple[str, int | None], tuple[int, int]] = {}
        self.current: tuple[tuple[str, int | None], tuple] | None = None
        self.reported_areas: set[tuple[str, str, str]] = set()

    @property
    def refused(self) -> bool:
        return self.errors.count > 0

    def rows(self, rows: Iterator[tuple[int, Cells]]) -> Iterator[CheckedRow]:
        """Pass the rows on with their household keys, checking each."""
        for number, cells in rows:
            yield number, cells, self.row(number, cells)

    def row(self, number: int, cells: Cells) -> Key | None:
        """Check one row; return its household key (户编号, 年度), None when the row cannot have one."""
        errors, at = self.errors, self.at
        self.checked.rows += 1
        problems = cell_errors(self.layout, number, cells)
        for message in problems:
            errors.add(message)
        household_no = _text(cells, at.household_no)
        if problems or not household_no:
            if not household_no and not problems:
                errors.add(f"第{number}行，列“户编号”：户编号为空，无法确定该成员属于哪一户")
            return None
        names = at.names(cells)
        if names not in self.reported_areas:
            if names not in self.villages:
                self.reported_areas.add(names)
                errors.add(
                    f"第{number}行：行政区划“{'/'.join(names)}”不在系统中，请先导入行政村信息（含村代码）"
                )
            elif out_of_scope(number, names, self.villages[names], self.scope, errors):
                self.reported_areas.add(names)
        resolved = check_year(number, at.year_in(cells), self.year, errors)
        key = (household_no, resolved or 0)
        signature = at.signature_of(cells)
        if self.current and self.current[0] == key:
            if signature != self.current[1]:
                errors.add(at.first_difference(number, self.current[1], signature))
        elif key in self.seen:
            if hash(signature) != self.seen[key][1]:
                errors.add(f"第{number}行，户编号“{household_no}”：户信息与第{self.seen[key][0]}行不一致")
        else:
            self.seen[key] = (number, hash(signature))
            self.current = (key, signature)
        return key

    def finish(self) -> Checked:
        errors = self.errors
        self.checked.households = len(self.seen)
        file_years = sorted({y for _, y in self.seen if y})  # 0: no year, already reported
        if len(file_years) > 1:
            errors.add(
                f"文件中有{len(file_years)}个年度（{'、'.join(map(str, file_years))}），一个文件只能导入一个年度"
            )
        if not self.checked.rows:
            errors.add("文件中只有表头，没有任何数据行")
        errors.raise_if_any()
        return self.checked


@dataclass(frozen=True)
class Fields:
    """The fields of one entity a file carries, in its plan's order, and where each sits."""

    names: list[str]
    at: dict[str, int]
    textual: list[tuple[int, Callable[[Any], str], Callable[[str], Any]]]  # dates and Decimals: see to_text

    @classmethod
    def of(cls, entity: str, plan: list[Step]) -> Fields:
        names = list(map(STEP_FIELD, plan))
        kinds = [COLUMN_OF[(entity, name)].kind for name in names]
        textual = [(i, *_AS_TEXT[kind]) for i, kind in enumerate(kinds) if kind in _AS_TEXT]
        return cls(names, {name: i for i, name in enumerate(names)}, textual)

    def pick(self, values: Sequence[Any], name: str, default: Any = "") -> Any:
        i = self.at.get(name)
        return values[i] if i is not None else default

    def to_text(self, values: list[Any]) -> list[Any]:
        """Dates and Decimals as their text, in place: the databases store the text alike (COPY and SQLite's
        adapters write that very text), and a process hands text to another at a fraction of the cost."""
        for i, as_text, _ in self.textual:
            if values[i] is not None:
                values[i] = as_text(values[i])
        return values

    def from_text(self, values: list[Any]) -> list[Any]:
        """The values `to_text` made text, back as dates and Decimals, in place: to compare with the registry."""
        for i, _, from_text in self.textual:
            if values[i] is not None:
                values[i] = from_text(values[i])
        return values


@dataclass
class Group:
    """The rows of one household and year within a chunk: its members parsed, its household and year not.

    The reader process hands the household's and the year's cells on, each packed into one string, when
    they come here first, and the writer parses them (`read_cells`): the two processes share the parsing,
    and a household's fields and a year's many amounts do not cross the pipe as dicts and Decimals, which
    cost the writer about as much to unpickle as to parse them (and the reader as much again to pickle).
    """

    key: Key  # (户编号, year)
    household_cells: str | Cells | None = None  # the household's cells (`pack_cells`), when it is new here
    year_cells: str | Cells | None = None  # the year's cells, when the year is new here
    # Each member's values in the member plan's order (dates and Decimals as text: Fields.to_text), raw texts,
    # pinyin initials.
    members: list[tuple[list, dict, str]] = field(default_factory=list)
    population: int = 0
    head: str = ""
    # What the writer parses of those cells: the household's fields (its area's names under "_county"…) and
    # raw texts; the year's values in the year plan's order and raw texts.
    household: tuple[dict, dict] | None = None
    year: tuple[list, dict] | None = None


def read_and_check(
    path: Path,
    year: int | None,
    scope: str | None,
    villages: dict[tuple[str, str, str], str],
) -> Iterator[list[Group] | Checked]:
    """Read the file once: yield each chunk's groups while no file error is found, then the counts.

    After the first file error nothing more is parsed, but every row is still checked so that the clerk gets
    the whole list of errors (FileRefused at the end).
    """
    layout, rows = data_cells(path)
    at = Positions.of(layout)
    checker = Checker(layout, at, year, scope, villages)
    reader = Reader(layout)
    for chunk in _chunks(checker.rows(rows)):
        if not checker.refused:
            yield reader.groups(chunk)
    yield checker.finish()


@dataclass
class Reader:
    """Cut chunks of rows into groups, parsing their members; remember what came."""

    layout: Layout
    households: set[str] = field(default_factory=set)
    years: set[Key] = field(default_factory=set)

    @cached_property
    def member_fields(self) -> Fields:
        return Fields.of("member", self.layout.plan("member"))

    @cached_property
    def household_plan(self) -> list[Step]:
        return household_steps(self.layout)

    def groups(self, chunk: list[CheckedRow]) -> list[Group]:
        grouped: dict[Key, list[Cells]] = {}
        for _, cells, key in chunk:
            grouped.setdefault(key or ("", 0), []).append(cells)
        groups = []
        for key, rows in grouped.items():
            group = Group(key=key)
            if key[0] not in self.households:
                self.households.add(key[0])
                group.household_cells = pack_cells(cells_of(self.household_plan, rows[0]))
            if key not in self.years:
                self.years.add(key)
                group.year_cells = pack_cells(cells_of(self.layout.plan("year"), rows[0]))
            self.read_members(group, rows)
            groups.append(group)
        return groups

    def read_members(self, group: Group, rows: list[Cells]) -> None:
        """Parse the group's member rows, counting its population and noting its head."""
        plan, fields, year = self.layout.plan("member"), self.member_fields, group.key[1]
        pick = fields.pick
        for cells in rows:
            values, raw = read_fields(plan, cells)
            status = pick(values, "status")
            if income.counts_in_population(status, pick(values, "change_date", None), year):
                group.population += 1
            if not group.head and status != MemberStatus.REMOVED and pick(values, "relation") == HEAD:
                group.head = pick(values, "name")
            group.members.append((fields.to_text(values), raw, name_initials(pick(values, "name"))))


HouseholdPlans = tuple[list[Step], list[Step]]  # the plans of the household's fields and of its area's names


def household_steps(layout: Layout) -> list[Step]:
    """The steps whose cells the reader packs as a household's: its own fields', then its area's names'."""
    return layout.plan("household") + layout.plan("area")


def cut_household_plans(layout: Layout) -> HouseholdPlans:
    """The plans that read a household's packed cells: its own fields and its area's names."""
    cut, own = cut_plan(household_steps(layout)), len(layout.plan("household"))
    return cut[:own], cut[own:]


def read_household(plans: HouseholdPlans, cells: Cells) -> tuple[dict[str, Any], dict[str, str]]:
    """A household's fields, with its area's names under "_county", "_town"…, and raw texts."""
    values, raw = read_entity(plans[0], cells)
    names, _ = read_entity(plans[1], cells)
    return values | {f"_{k}": v for k, v in names.items()}, raw


def _show(entity: str, name: str, value: Any, raw: dict[str, str]) -> str:
    column: Column | None = COLUMN_OF.get((entity, name))
    return format_value(column.kind if column else "text", value, raw.get(name))


def changes_of(
    entity: str, old: dict[str, Any], new: dict[str, Any], new_raw: dict[str, str], what: str
) -> list[dict]:
    """Compare what the registry holds with the file's values; return the change-history items."""
    old_raw = old.get("raw") or {}
    items = []
    for name, value in new.items():
        if old[name] != value or old_raw.get(name) != new_raw.get(name):
            header = COLUMN_OF[(entity, name)].header if (entity, name) in COLUMN_OF else name
            items.append(
                {
                    "what": what,
                    "field": header,
                    "old": _show(entity, name, old[name], old_raw),
                    "new": _show(entity, name, value, new_raw),
                }
            )
    return items


def merged_raw(old: dict[str, str] | None, fields: Iterable[str], new: dict[str, str]) -> dict[str, str]:
    """Keep raw texts of fields the file does not carry; replace those it does."""
    names = set(fields)
    return {k: v for k, v in (old or {}).items() if k not in names} | new


def apply_values(obj: Any, entity: str, values: dict[str, Any], raw: dict[str, str], what: str) -> list[dict]:
    """Set the file's values on a model instance and return the change-history items."""
    values = {k: v for k, v in values.items() if k != "year"}
    old = {name: getattr(obj, name) for name in values} | {"raw": obj.raw}
    items = changes_of(entity, old, values, raw, what)
    if items:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.raw = merged_raw(obj.raw, values, raw)
    return items


@dataclass
class Writer:
    """What this import has written so far."""

    result: ImportResult
    villages: dict[tuple[str, str, str], str]
    households: dict[str, int] = field(default_factory=dict)  # household_no → pk
    created: set[int] = field(default_factory=set)
    years: set[tuple[int, int]] = field(default_factory=set)
    stale: set[tuple[int, int]] = field(default_factory=set)  # household-years to recompute at the end
    consumed: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    next_seq: dict[int, int] = field(default_factory=dict)
    groups: dict[tuple[str, str], Area] = field(default_factory=dict)
    changes: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    # Whether the registry held households when the import began: if not, none of the file's is there yet
    # but those this import wrote (`households`), and the writer need not look them up.
    had_households: bool = True

    def count(self, created: bool, label: str, n: int) -> None:
        target = self.result.created if created else self.result.updated
        target[label] = target.get(label, 0) + n


def read_cells(year_plan: list[Step], cut_households: HouseholdPlans, groups: list[Group]) -> None:
    """Parse the year's and the household's cells the reader left to the writer (the plans: cut plans)."""
    for group in groups:
        if group.year_cells is not None:
            group.year = read_fields(year_plan, unpack_cells(group.year_cells))
        if group.household_cells is not None:
            group.household = read_household(cut_households, unpack_cells(group.household_cells))


def write_households(w: Writer, groups: list[Group]) -> None:
    parsed = {g.key[0]: (g.household, g.head) for g in groups if g.household is not None}
    names = [n for n in next(iter(parsed.values()))[0][0] if not n.startswith("_")] if parsed else []
    fields = ["id", *names, "village_id", "group_id", "raw"]
    known = ids_of(Household, "household_no", parsed) if w.had_households else {}
    existing = {r["household_no"]: r for r in Household.objects.filter(pk__in=known.values()).values(*fields)}
    inserts, updates = [], []
    for no, ((values, raw), head) in parsed.items():
        row = {k: v for k, v in values.items() if not k.startswith("_")} | _place(w, values)
        old = existing.get(no)
        if old is None:
            inserts.append(row | {"raw": raw, "head_name": head})
            continue
        items = changes_of("household", old, {k: row[k] for k in names}, raw, "户")
        items += [
            {"what": "户", "field": label, "old": old[k] or "", "new": row[k] or ""}
            for k, label in (("village_id", "村"), ("group_id", "组"))
            if old[k] != row[k]
        ]
        if items:
            w.changes[old["id"]].extend(items)
            updates.append(row | {"id": old["id"], "raw": merged_raw(old["raw"], names, raw)})
        w.households[no] = old["id"]
    insert_many(Household, inserts)
    update_many(Household, updates, [*names, "village_id", "group_id", "raw"])
    new_ids = ids_of(Household, "household_no", (r["household_no"] for r in inserts))
    w.households.update(new_ids)
    w.created.update(new_ids.values())
    w.count(True, "户", len(inserts))
    w.count(False, "户", len(updates))


def _place(w: Writer, values: dict[str, Any]) -> dict[str, Any]:
    village_code = w.villages[
        (values.get("_county", ""), values.get("_town", ""), values.get("_village", ""))
    ]
    group_name = values.get("_group", "")
    if not group_name:
        return {"village_id": village_code, "group_id": None}
    group = group_ensure(village_code=village_code, name=group_name, cache=w.groups)
    return {"village_id": village_code, "group_id": group.code}


def write_years(w: Writer, fields: Fields, groups: list[Group]) -> None:
    parsed = {(w.households[g.key[0]], g.key[1]): (g.year, g.population) for g in groups if g.year}
    names = [n for n in fields.names if n != "year"]
    existing = {
        (r["household_id"], r["year"]): r
        for r in HouseholdYear.objects.filter(
            household_id__in={pk for pk, _ in parsed} - w.created, year__in={y for _, y in parsed}
        ).values("id", "household_id", "year", *names, "raw")
    }
    year_at = fields.at.get("year")
    inserts, updates = [], []
    for key, ((values, raw), population) in parsed.items():
        if key[0] not in w.created:
            w.stale.add(key)  # members the file does not list may count: recompute from the registry
        old = existing.get(key)
        if old is None:
            net = income.net_income({k: fields.pick(values, k, None) for k in income.INCOME_FIELDS})
            if year_at is not None:
                values[year_at] = key[1]  # the file's 年度, or the year given when its cell is empty
            row = (*values, key[0], population, net, income.per_capita(net, population), raw)
            inserts.append(row if year_at is not None else (*row, key[1]))
            continue
        new = {name: value for name, value in zip(fields.names, values, strict=True) if name != "year"}
        items = changes_of("year", old, new, raw, f"{key[1]}年度")
        if items:
            w.changes[key[0]].extend(items)
            updates.append(new | {"id": old["id"], "raw": merged_raw(old["raw"], names, raw)})
    columns = [*fields.names, "household_id", "population", "net_income", "per_capita", "raw"]
    insert_rows(HouseholdYear, columns if year_at is not None else [*columns, "year"], inserts)
    update_many(HouseholdYear, updates, [*names, "raw"])
    w.years.update(parsed)
    w.count(True, "户年度", len(inserts))
    w.count(False, "户年度", len(updates))


def _member_key(values: dict[str, Any]) -> str:
    return values.get("id_number") or "姓名:" + values.get("name", "")


def _existing_members(w: Writer, pks: set[int], names: list[str]) -> dict[int, dict[str, list[dict]]]:
    existing: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    if not pks:
        return existing
    query = Member.objects.filter(household_id__in=pks).order_by("household_id", "seq", "id")
    for row in query.values("id", "household_id", "seq", *names, "raw"):
        existing[row["household_id"]][_member_key(row)].append(row)
        w.next_seq[row["household_id"]] = max(w.next_seq.get(row["household_id"], 1), row["seq"] + 1)
    return existing


def write_members(w: Writer, fields: Fields, groups: list[Group]) -> None:
    """Insert the members of households this import created as they come; compare the others' first."""
    names = fields.names
    rows = [(w.households[g.key[0]], member) for g in groups for member in g.members]
    existing = _existing_members(w, {pk for pk, _ in rows} - w.created, names)
    status = () if "status" in fields.at else (MemberStatus.REGISTERED,)
    inserts: list[tuple] = []
    updates = []
    for pk, (values, raw, initials) in rows:
        if pk not in w.created:
            named = dict(zip(names, fields.from_text(values), strict=True))
            key = _member_key(named)
            k = w.consumed[pk].get(key, 0)
            w.consumed[pk][key] = k + 1
            matches = existing[pk][key] if pk in existing else []
            if k < len(matches):
                old = matches[k]
                items = changes_of("member", old, named, raw, f"成员{named.get('name', '')}")
                if items:
                    w.changes[pk].extend(items)
                    raw = merged_raw(old["raw"], names, raw)
                    updates.append(named | {"id": old["id"], "raw": raw, "name_initials": initials})
                continue
        seq = w.next_seq.get(pk, 1)
        w.next_seq[pk] = seq + 1
        inserts.append((*values, pk, seq, raw, initials, *status))
    columns = [*names, "household_id", "seq", "raw", "name_initials", *(["status"] if status else [])]
    insert_rows(Member, columns, inserts)
    update_many(Member, updates, [*names, "raw", "name_initials"])
    w.count(True, "成员", len(inserts))
    w.count(False, "成员", len(updates))


def refresh_income(keys: Iterable[tuple[int, int]]) -> None:
    """Recompute population, net and per-capita income, and the head's name, of these household-years."""
    ordered = sorted(keys)
    for start in range(0, len(ordered), 5000):
        _refresh_chunk(ordered[start : start + 5000])


def _refresh_chunk(keys: list[tuple[int, int]]) -> None:
    pks, wanted = {pk for pk, _ in keys}, set(keys)
    members: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    query = Member.objects.filter(household_id__in=pks).order_by("household_id", "seq", "id")
    for household_id, *rest in query.values_list("household_id", "status", "change_date", "relation", "name"):
        members[household_id].append(tuple(rest))
    fields = ["id", "household_id", "year", "population", "net_income", "per_capita", *income.INCOME_FIELDS]
    years = HouseholdYear.objects.filter(household_id__in=pks, year__in={y for _, y in keys}).values(*fields)
    updates = [
        new
        for row in years
        if (row["household_id"], row["year"]) in wanted
        if (new := _recomputed(row, members[row["household_id"]])) is not None
    ]
    update_many(HouseholdYear, updates, ["population", "net_income", "per_capita"])
    heads = {
        pk: next((m[3] for m in ms if m[2] == HEAD and m[0] != MemberStatus.REMOVED), "")
        for pk, ms in members.items()
    }
    stale = [
        {"id": pk, "head_name": heads.get(pk, "")}
        for pk, name in Household.objects.filter(pk__in=pks).values_list("id", "head_name")
        if name != heads.get(pk, "")
    ]
    update_many(Household, stale, ["head_name"])


def _recomputed(row: dict[str, Any], members: list[tuple[Any, ...]]) -> dict[str, Any] | None:
    population = income.population_of(((m[0], m[1]) for m in members), row["year"])
    net = income.net_income({k: row[k] for k in income.INCOME_FIELDS})
    per_capita = income.per_capita(net, population)
    if (row["population"], row["net_income"], row["per_capita"]) == (population, net, per_capita):
        return None
    return {"id": row["id"], "population": population, "net_income": net, "per_capita": per_capita}


def _chunks(rows: Iterator[CheckedRow]) -> Iterator[list[CheckedRow]]:
    """Cut the rows into chunks that end where a household's rows end."""
    chunk: list[CheckedRow] = []
    for row in rows:
        if len(chunk) >= CHUNK_ROWS and row[2] != chunk[-1][2]:
            yield chunk
            chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


def run(
    *,
    path: Path,
    year: int | None,
    actor: Any,
    batch: Any,
    progress: Progress | None,
    scope: str | None = None,
) -> ImportResult:
    """Write what the reader process hands over in one transaction that commits only if the file was clean."""
    villages = village_index()
    result = ImportResult(kind="household")
    w = Writer(result=result, villages=villages)
    layout = file_layout(path)
    members, years = Fields.of("member", layout.plan("member")), Fields.of("year", layout.plan("year"))
    stream = Streamed(read_and_check, path, year, scope, villages)
    try:
        with collector_paused(), page_cache(IMPORT_CACHE_MIB), transaction.atomic():
            w.had_households = Household.objects.exists()
            try:
                with indexes_deferred(Household, HouseholdYear, Member):
                    checked = _write_all(w, stream, layout, members, years, progress)
            except Exception as error:
                if not isinstance(error, FileRefused):
                    stream.drain()  # a refused file explains the failure better than the error it caused
                raise
            result.rows = checked.rows
            refresh_income(w.stale)
            _record_changes(w, batch, actor, f"导入{path.name}")
            audit("registry.household.imported", actor=actor, subject=path.name, summary=result.summary())
    finally:
        stream.close()
    return result


def _write_all(
    w: Writer, stream: Streamed, layout: Layout, members: Fields, years: Fields, progress: Progress | None
) -> Checked:
    done, year_plan, cut_households = 0, cut_plan(layout.plan("year")), cut_household_plans(layout)
    for item in stream:
        if isinstance(item, Checked):
            return item
        for group in item:
            no, year = group.key
            if no in w.households and (w.households[no], year) in w.years:
                w.stale.add((w.households[no], year))  # its rows are not consecutive: count from the registry
        read_cells(year_plan, cut_households, item)
        write_households(w, item)
        write_years(w, years, item)
        write_members(w, members, item)
        done += sum(len(g.members) for g in item)
        if progress:
            progress("写入", done, 0)
    raise RuntimeError("文件读取进程没有给出检查结果")


def _record_changes(w: Writer, batch: Any, actor: Any, source: str) -> None:
    common = {"batch_id": getattr(batch, "pk", None), "actor_id": getattr(actor, "pk", None)}
    entries = [
        common | {"household_id": pk, "source": source, "items": items} for pk, items in w.changes.items()
    ]
    insert_many(Change, entries)
