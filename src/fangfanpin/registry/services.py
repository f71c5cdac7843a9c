"""Writes to the registry: imports of national-format files (the web and `ffp load` call the same service)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from fangfanpin.core.audit import audit
from fangfanpin.core.enums import MemberStatus, Role
from fangfanpin.core.tabular import FileRefused, open_table
from fangfanpin.registry.import_households import apply_values
from fangfanpin.registry.importer import ImportResult, Progress, national_file_import
from fangfanpin.registry.layout import detect_kind
from fangfanpin.registry.models import Change, Household, ImportBatch, Member
from fangfanpin.registry.selectors import LIST_COLUMNS

_ORDER = {"village": 0, "household": 1, "work": 2}


def import_order(paths: Iterable[Path]) -> list[Path]:
    """Order files so villages come before the households in them, and households before their work spells."""

    def rank(path: Path) -> int:
        try:
            return _ORDER[
                detect_kind(open_table(path, ("证件号码", "村代码"), header_only=True).headers).code
            ]
        except FileRefused:
            return 1

    return sorted(paths, key=rank)


def national_file_load(
    *,
    path: Path,
    year: int | None = None,
    actor: Any = None,
    batch: ImportBatch | None = None,
    progress: Progress | None = None,
    scope: str | None = None,
) -> ImportResult:
    """Import one file and record the batch: its result, or every reason it was refused."""
    batch = batch or ImportBatch.objects.create(
        file_name=path.name,
        stored_path=str(path),
        year=year,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    try:
        result = national_file_import(
            path=path, year=year, actor=actor, batch=batch, progress=progress, scope=scope
        )
    except FileRefused as refused:
        _finish(batch, ImportBatch.Status.REFUSED, summary="文件未导入", errors=refused.errors)
        raise
    _finish(
        batch,
        ImportBatch.Status.DONE,
        summary=result.summary(),
        notices=result.notices,
        rows=result.rows,
        kind=result.kind,
    )
    if result.kind == "household":
        _vacuum(LIST_COLUMNS)
    return result


def _vacuum(columns: dict[type[Model], tuple[str, ...]]) -> None:
    """Let PostgreSQL plan for the imported rows and count them from the indexes alone, at once."""
    # Right after a big import PostgreSQL has neither statistics for the new rows nor their pages marked
    # all-visible: searches are planned for the old table, and a count over an index reads the table as well
    # (250,000 households: 110-160 ms instead of 60-80 ms). Autovacuum gets there some minutes later; the
    # clerk who imported looks at the list at once. Only the columns the list uses are analyzed: a million
    # persons' every column took 7 s, these 1.6 s; an ANALYZE of some columns leaves the table's count of
    # changes standing, so autovacuum still analyzes all of them soon after. Skipped inside a transaction
    # (VACUUM cannot run there) and on SQLite, which has no visibility map.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, names in columns.items():
            table = quote(model._meta.db_table)
            column = {f.attname: str(f.column) for f in model._meta.concrete_fields}
            cursor.execute(f"VACUUM {table}")
            cursor.execute(f"ANALYZE {table} ({', '.join(quote(column[name]) for name in names)})")


def _finish(batch: ImportBatch, status: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.status = status
    batch.progress = 100
    batch.finished_at = timezone.now()
    batch.save()


def household_reveal(*, user: Any, household: Household) -> None:
    """Record that the user was shown the household's full ID numbers and phones."""
    audit(
        "registry.household.revealed", actor=user, subject=household.household_no, household_id=household.pk
    )


MEMBER_EDIT_SOURCE = "在线修改成员信息"
# Who fixes members in the registry: the village's people and the township.
MEMBER_EDIT_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.WORK_TEAM, Role.TOWNSHIP_ADMIN})


def member_update(*, member: Member, values: dict[str, Any], actor: Any) -> list[dict]:
    """Save a member's corrected fields; record each field's old and new value, and audit the change."""
    if getattr(actor, "role", "") not in MEMBER_EDIT_ROLES:
        raise PermissionDenied
    _check_id_free(member, values.get("id_number", member.id_number))
    with transaction.atomic():
        items = apply_values(member, "member", values, {}, f"成员{member.name}")
        if not items:
            return []
        member.save()
        Change.objects.create(
            household=member.household,
            actor=actor if getattr(actor, "pk", None) else None,
            source=MEMBER_EDIT_SOURCE,
            items=items,
        )
        audit(
            "registry.member.updated",
            actor=actor,
            subject=member.household.household_no,
            member_id=member.pk,
            fields=[item["field"] for item in items],
        )
    return items


def _check_id_free(member: Member, number: str) -> None:
    """Refuse an ID that another registered member already holds (IDs are unique among them)."""
    holder = (
        Member.objects.filter(id_number=number)
        .exclude(pk=member.pk)
        .exclude(status=MemberStatus.REMOVED)
        .select_related("household")
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {"id_number": f"该证件号码已登记为户编号{holder.household.household_no}的成员“{holder.name}”"}
        )


def member_reveal(*, user: Any, member: Member) -> None:
    """Record that the user was shown a member's full ID number (the edit form shows it)."""
    audit(
        "registry.member.revealed",
        actor=user,
        subject=member.household.household_no,
        member_id=member.pk,
    )
