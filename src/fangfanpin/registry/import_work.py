"""Import the work-monitoring export (FORMATS §2): one row per person and work spell."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction

from fangfanpin.core.audit import audit
from fangfanpin.registry.import_households import apply_values
from fangfanpin.registry.importer import (
    ErrorList,
    ImportResult,
    Progress,
    check_year,
    data_rows,
    out_of_scope,
    village_index,
)
from fangfanpin.registry.layout import area_names
from fangfanpin.registry.models import Member, WorkSpell


def run(
    *,
    path: Path,
    year: int | None,
    actor: Any,
    batch: Any,
    progress: Progress | None,
    scope: str | None = None,
) -> ImportResult:
    """Check every row, then match spells to members by ID and write them in one transaction."""
    errors, villages = ErrorList(), village_index()
    _, rows = data_rows(path)
    checked = []
    for row in rows:
        for message in row.errors:
            errors.add(message)
        if not row.values["row"].get("household_no"):
            errors.add(f"第{row.number}行，列“户编号”：户编号为空")
        elif (
            scope is not None
            and villages.get(area_names(row), "")
            and out_of_scope(row.number, area_names(row), villages[area_names(row)], scope, errors)
        ):
            continue
        row.values["row"]["year"] = check_year(row.number, row.values["row"].get("year"), year, errors)
        checked.append(row)
    if not checked:
        errors.add("文件中只有表头，没有任何数据行")
    errors.raise_if_any()
    result = ImportResult(kind="work", rows=len(checked))
    with transaction.atomic():
        _write(checked, result)
        audit("registry.work.imported", actor=actor, subject=path.name, summary=result.summary())
    return result


def _key(values: dict[str, Any]) -> tuple:
    return (values.get("year"), values.get("household_no"), values.get("id_number"), values.get("seq"))


def _write(rows: list, result: ImportResult) -> None:
    ids = sorted({r.values["row"].get("id_number") or "" for r in rows})
    members: dict[str, int] = {}
    for start in range(0, len(ids), 5000):  # a work file holds hundreds of thousands of IDs: query in slices
        chunk = ids[start : start + 5000]
        members.update(Member.objects.filter(id_number__in=chunk).values_list("id_number", "id"))
    existing = {
        _key(s.__dict__): s
        for s in WorkSpell.objects.filter(year__in={r.values["row"]["year"] for r in rows})
    }
    occurrence: dict[tuple, int] = defaultdict(int)
    created, changed = [], []
    for row in rows:
        values = row.values["row"]
        base = (values["year"], values.get("household_no"), values.get("id_number"))
        values["seq"] = occurrence[base]
        occurrence[base] += 1
        values["member_id"] = members.get(values.get("id_number"))
        spell = existing.get(_key(values))
        if spell is None:
            created.append(WorkSpell(raw=row.raw.get("row", {}), **values))
        elif apply_values(
            spell,
            "row",
            {k: v for k, v in values.items() if k not in ("seq", "member_id")},
            row.raw.get("row", {}),
            "务工",
        ):
            spell.member_id = values["member_id"]
            changed.append(spell)
    WorkSpell.objects.bulk_create(created, batch_size=1000)
    fields = [f.name for f in WorkSpell._meta.concrete_fields if f.name not in ("id", "seq")]
    WorkSpell.objects.bulk_update(changed, fields, batch_size=500)
    result.created["务工记录"] = len(created)
    result.updated["务工记录"] = len(changed)
