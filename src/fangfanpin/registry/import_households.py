"""Import the household-member export (FORMATS §1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from fangfanpin.areas.models import Area
from fangfanpin.areas.services import group_ensure
from fangfanpin.core.audit import audit
from fangfanpin.core.enums import HEAD, MemberStatus
from fangfanpin.core.pinyin import name_initials
from fangfanpin.core.values import format_value
from fangfanpin.registry import income
from fangfanpin.registry.columns import FILE_KINDS, HOUSEHOLD_COLUMNS, Column
from fangfanpin.registry.importer import (
    ErrorList,
    ImportResult,
    Progress,
    check_year,
    data_rows,
    out_of_scope,
    village_index,
)
from fangfanpin.registry.layout import Row, area_names
from fangfanpin.registry.models import Change, Household, HouseholdYear, Member

CHUNK_ROWS = 2000
COLUMN_OF = {(c.entity, c.field): c for kind in FILE_KINDS.values() for c in kind.columns} | {
    (c.entity, c.field): c for c in HOUSEHOLD_COLUMNS
}
HOUSEHOLD_ENTITIES = ("household", "year")


def _signature(row: Row) -> tuple:
    """The household's fields as this row states them (area names included)."""
    return tuple(
        (
            entity,
            tuple(sorted(row.values.get(entity, {}).items(), key=lambda kv: kv[0])),
            tuple(sorted(row.raw.get(entity, {}).items())),
        )
        for entity in ("area", *HOUSEHOLD_ENTITIES)
    )


def _first_difference(first: Row, row: Row) -> str:
    for entity in ("area", *HOUSEHOLD_ENTITIES):
        a, b = first.values.get(entity, {}), row.values.get(entity, {})
        for name in a.keys() | b.keys():
            if name == "year" or (entity == "area" and name == "group"):
                continue
            old = format_value(
                COLUMN_OF[(entity, name)].kind, a.get(name), first.raw.get(entity, {}).get(name)
            )
            new = format_value(COLUMN_OF[(entity, name)].kind, b.get(name), row.raw.get(entity, {}).get(name))
            if old != new:
                header = COLUMN_OF[(entity, name)].header
                return (
                    f"第{row.number}行，列“{header}”：同一户编号的各行不一致（{old or '空'} / {new or '空'}）"
                )
    return ""


@dataclass
class Checked:
    rows: int = 0
    households: int = 0


def check(path: Path, year: int | None, progress: Progress | None, scope: str | None = None) -> Checked:
    """Phase 1: read every row and collect every file error; write nothing."""
    errors, villages = ErrorList(), village_index()
    _, rows = data_rows(path)
    checked = Checked()
    seen: dict[tuple[str, int | None], tuple[int, int]] = {}
    current: tuple[tuple[str, int | None], Row, tuple] | None = None
    unknown_areas: dict[tuple[str, str, str], int] = {}
    for row in rows:
        checked.rows += 1
        for message in row.errors:
            errors.add(message)
        if row.errors:
            continue
        household_no = row.values.get("household", {}).get("household_no", "")
        if not household_no:
            errors.add(f"第{row.number}行，列“户编号”：户编号为空，无法确定该成员属于哪一户")
            continue
        names = area_names(row)
        if names not in villages and names not in unknown_areas:
            unknown_areas[names] = row.number
            errors.add(
                f"第{row.number}行：行政区划“{'/'.join(names)}”不在系统中，请先导入行政村信息（含村代码）"
            )
        elif (
            names in villages
            and names not in unknown_areas
            and out_of_scope(row, villages[names], scope, errors)
        ):
            unknown_areas[names] = row.number
        key = (household_no, check_year(row, "year", year, errors))
        signature = _signature(row)
        if current and current[0] == key:
            if signature != current[2]:
                errors.add(_first_difference(current[1], row))
        elif key in seen:
            if hash(signature) != seen[key][1]:
                errors.add(f"第{row.number}行，户编号“{household_no}”：户信息与第{seen[key][0]}行不一致")
        else:
            seen[key] = (row.number, hash(signature))
            current = (key, row, signature)
        if progress and checked.rows % 20000 == 0:
            progress("检查", checked.rows, 0)
    checked.households = len(seen)
    if not checked.rows:
        errors.add("文件中只有表头，没有任何数据行")
    errors.raise_if_any()
    return checked


def _label(entity: str, name: str) -> str:
    return COLUMN_OF[(entity, name)].header


def _show(entity: str, name: str, value: Any, raw: dict[str, str]) -> str:
    column: Column | None = COLUMN_OF.get((entity, name))
    return format_value(column.kind if column else "text", value, raw.get(name))


def apply_values(obj: Any, entity: str, values: dict[str, Any], raw: dict[str, str], what: str) -> list[dict]:
    """Set the file's values on obj and return what changed, as change-history items."""
    items = []
    old_raw = dict(obj.raw or {})
    for name, new in values.items():
        if name == "year":
            continue
        old = getattr(obj, name)
        if old != new or old_raw.get(name) != raw.get(name):
            items.append(
                {
                    "what": what,
                    "field": _label(entity, name),
                    "old": _show(entity, name, old, old_raw),
                    "new": _show(entity, name, new, raw),
                }
            )
            setattr(obj, name, new)
    new_raw = {k: v for k, v in old_raw.items() if k not in values} | raw
    if new_raw != old_raw:
        obj.raw = new_raw
    return items


@dataclass
class Writer:
    """Phase 2 state: what this import has written so far."""

    year: int | None
    batch: Any
    actor: Any
    source: str
    villages: dict[tuple[str, str, str], str]
    result: ImportResult
    households: dict[str, int] = field(default_factory=dict)  # household_no → pk
    years: set[tuple[int, int]] = field(default_factory=set)
    consumed: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    next_seq: dict[int, int] = field(default_factory=dict)
    groups: dict[tuple[str, str], Area] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    changes: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    created_households: set[int] = field(default_factory=set)

    def bump(self, counts: str, label: str, n: int = 1) -> None:
        target = self.result.created if counts == "created" else self.result.updated
        target[label] = target.get(label, 0) + n


def _household_values(w: Writer, row: Row) -> dict[str, Any]:
    values = dict(row.values.get("household", {}))
    village_code = w.villages[area_names(row)]
    village = w.areas.get(village_code) or w.areas.setdefault(
        village_code, Area.objects.get(code=village_code)
    )
    values["village_id"] = village_code
    group_name = row.values.get("area", {}).get("group", "")
    values["group_id"] = (
        group_ensure(village=village, name=group_name, cache=w.groups).code if group_name else None
    )
    return values


def write_households(w: Writer, rows: list[Row]) -> None:
    first: dict[str, Row] = {}
    for row in rows:
        first.setdefault(row.values["household"]["household_no"], row)
    fresh = [no for no in first if no not in w.households]
    existing = {h.household_no: h for h in Household.objects.filter(household_no__in=fresh)}
    created, changed = [], []
    for no in fresh:
        values = _household_values(w, first[no])
        raw = first[no].raw.get("household", {})
        if no in existing:
            household = existing[no]
            items = _apply_household(household, values, raw)
            if items:
                changed.append(household)
                w.changes[household.pk].extend(items)
        else:
            created.append(Household(**values, raw=raw))
    Household.objects.bulk_create(created, batch_size=1000)
    if changed:
        Household.objects.bulk_update(
            changed, [f.name for f in Household._meta.concrete_fields[1:]], batch_size=500
        )
    for household in [*created, *existing.values()]:
        w.households[household.household_no] = household.pk
    w.created_households.update(h.pk for h in created)
    w.bump("created", "户", len(created))
    w.bump("updated", "户", len(changed))


def _apply_household(household: Household, values: dict[str, Any], raw: dict[str, str]) -> list[dict]:
    items = apply_values(
        household, "household", {k: v for k, v in values.items() if not k.endswith("_id")}, raw, "户"
    )
    for key, label in (("village_id", "村"), ("group_id", "组")):
        if getattr(household, key) != values[key]:
            items.append(
                {"what": "户", "field": label, "old": getattr(household, key) or "", "new": values[key] or ""}
            )
            setattr(household, key, values[key])
    return items


def _row_year(w: Writer, row: Row) -> int:
    return int(row.values.get("year", {}).get("year") or w.year or 0)


def write_years(w: Writer, rows: list[Row]) -> None:
    first: dict[tuple[int, int], Row] = {}
    for row in rows:
        key = (w.households[row.values["household"]["household_no"]], _row_year(w, row))
        if key not in w.years:
            first.setdefault(key, row)
    pks, years = {k[0] for k in first}, {k[1] for k in first}
    existing = {
        (y.household_id, y.year): y
        for y in HouseholdYear.objects.filter(household_id__in=pks, year__in=years)
    }
    created, changed = [], []
    for key, row in first.items():
        values, raw = row.values.get("year", {}), row.raw.get("year", {})
        if key in existing:
            record = existing[key]
            items = apply_values(record, "year", values, raw, f"{key[1]}年度")
            if items:
                changed.append(record)
                w.changes[key[0]].extend(items)
        else:
            created.append(
                HouseholdYear(
                    household_id=key[0],
                    year=key[1],
                    raw=raw,
                    **{k: v for k, v in values.items() if k != "year"},
                )
            )
    HouseholdYear.objects.bulk_create(created, batch_size=500)
    if changed:
        fields = [
            f.name for f in HouseholdYear._meta.concrete_fields if f.name not in ("id", "household", "year")
        ]
        HouseholdYear.objects.bulk_update(changed, fields, batch_size=200)
    w.years.update(first)
    w.bump("created", "户年度", len(created))
    w.bump("updated", "户年度", len(changed))


def _member_key(values: dict[str, Any]) -> str:
    return values.get("id_number") or "姓名:" + values.get("name", "")


def write_members(w: Writer, rows: list[Row]) -> None:
    pks = {w.households[r.values["household"]["household_no"]] for r in rows}
    existing: dict[int, dict[str, list[Member]]] = defaultdict(lambda: defaultdict(list))
    for member in Member.objects.filter(household_id__in=pks - w.created_households).order_by("seq", "id"):
        existing[member.household_id][_member_key(member.__dict__)].append(member)
        w.next_seq[member.household_id] = max(w.next_seq.get(member.household_id, 0), member.seq + 1)
    created, changed = [], []
    for row in rows:
        pk = w.households[row.values["household"]["household_no"]]
        values, raw = row.values.get("member", {}), row.raw.get("member", {})
        key = _member_key(values)
        k = w.consumed[pk].get(key, 0)
        w.consumed[pk][key] = k + 1
        matches = existing[pk][key]
        if k < len(matches):
            member = matches[k]
            items = apply_values(member, "member", values, raw, f"成员{values.get('name', '')}")
            if items:
                member.name_initials = name_initials(member.name)
                changed.append(member)
                w.changes[pk].extend(items)
        else:
            seq = w.next_seq.get(pk, 1)
            w.next_seq[pk] = seq + 1
            created.append(_new_member(pk, seq, values, raw, row))
    Member.objects.bulk_create(created, batch_size=1000)
    if changed:
        fields = [f.name for f in Member._meta.concrete_fields if f.name not in ("id", "household", "seq")]
        Member.objects.bulk_update(changed, fields, batch_size=500)
    w.bump("created", "成员", len(created))
    w.bump("updated", "成员", len(changed))


def _new_member(pk: int, seq: int, values: dict[str, Any], raw: dict[str, str], row: Row) -> Member:
    member = Member(household_id=pk, seq=seq, raw=raw, **values)
    if "status" not in values:
        member.status = MemberStatus.REGISTERED
    member.name_initials = name_initials(member.name)
    return member


def refresh_income(keys: Iterable[tuple[int, int]]) -> int:
    """Recompute population, net and per-capita income, and the head's name, of these household-years."""
    keys = sorted(keys)
    updated = 0
    for start in range(0, len(keys), 2000):
        updated += _refresh_chunk(keys[start : start + 2000])
    return updated


def _refresh_chunk(keys: list[tuple[int, int]]) -> int:
    pks = {pk for pk, _ in keys}
    members: dict[int, list[tuple[str, Any, str, str]]] = defaultdict(list)
    for row in (
        Member.objects.filter(household_id__in=pks)
        .order_by("seq", "id")
        .values_list("household_id", "status", "change_date", "relation", "name")
    ):
        members[row[0]].append(row[1:])
    years = HouseholdYear.objects.filter(household_id__in=pks, year__in={y for _, y in keys})
    changed = [
        y for y in years if (y.household_id, y.year) in set(keys) and _recompute(y, members[y.household_id])
    ]
    HouseholdYear.objects.bulk_update(changed, ["population", "net_income", "per_capita"], batch_size=500)
    heads = {
        pk: next((m[3] for m in ms if m[2] == HEAD and m[0] != MemberStatus.REMOVED), "")
        for pk, ms in members.items()
    }
    stale = [
        h
        for h in Household.objects.filter(pk__in=pks).only("id", "head_name")
        if h.head_name != heads.get(h.pk, "")
    ]
    for household in stale:
        household.head_name = heads.get(household.pk, "")
    Household.objects.bulk_update(stale, ["head_name"], batch_size=500)
    return len(changed)


def _recompute(record: HouseholdYear, members: list[tuple[str, Any, str, str]]) -> bool:
    population = income.population_of(((m[0], m[1]) for m in members), record.year)
    net = income.net_income({k: getattr(record, k) for k in income.INCOME_FIELDS})
    per_capita = income.per_capita(net, population)
    if (record.population, record.net_income, record.per_capita) == (population, net, per_capita):
        return False
    record.population, record.net_income, record.per_capita = population, net, per_capita
    return True


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
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
    """Check the file, then write it in one transaction; return what was created and changed."""
    checked = check(path, year, progress, scope)
    result = ImportResult(kind="household", rows=checked.rows)
    w = Writer(
        year=year,
        batch=batch,
        actor=actor,
        source=f"导入{path.name}",
        villages=village_index(),
        result=result,
    )
    _, rows = data_rows(path)
    with transaction.atomic():
        done = 0
        for chunk in _chunks(rows):
            write_households(w, chunk)
            write_years(w, chunk)
            write_members(w, chunk)
            done += len(chunk)
            if progress:
                progress("写入", done, checked.rows)
        refresh_income(w.years)
        _record_changes(w)
        audit("registry.household.imported", actor=actor, subject=path.name, summary=result.summary())
    return result


def _record_changes(w: Writer) -> None:
    batch_id = getattr(w.batch, "pk", None)
    actor = w.actor if getattr(w.actor, "pk", None) else None
    entries = [
        Change(household_id=pk, batch_id=batch_id, actor=actor, source=w.source, items=items)
        for pk, items in w.changes.items()
        if items
    ]
    entries += [
        Change(household_id=pk, batch_id=batch_id, actor=actor, source=f"{w.source}（新建）", items=[])
        for pk in w.created_households
    ]
    Change.objects.bulk_create(entries, batch_size=1000)
    w.result.unchanged = (
        len(w.households) - len(w.created_households) - len([1 for i in w.changes.values() if i])
    )
