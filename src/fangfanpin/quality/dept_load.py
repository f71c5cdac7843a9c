"""Load a department's file (FORMATS §4) in two phases: check every row, then commit the batch at once.

Phase 1 reads the file in chunks and writes the checked rows to a staging Parquet file; a file error (no
header, a missing or repeated column, another department's file, unreadable bytes) refuses the whole file
and writes nothing but the refused batch. Phase 2 matches the IDs with the registry, sets aside exact
duplicates, writes the loaded rows sorted by ID (so a lookup of a few IDs reads few row groups) and, in
one short transaction, records the batch, its listed rows and which batch is current.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fangfanpin.core.audit import audit
from fangfanpin.core.bulk import insert_rows
from fangfanpin.core.tabular import FileRefused
from fangfanpin.quality.departments import DEPARTMENTS, DepartmentFormat, id_key_sql
from fangfanpin.quality.dept_checks import check_chunk, staging_schema
from fangfanpin.quality.dept_read import (
    DeptLayout,
    SlowPathNeeded,
    fast_chunks,
    open_department_file,
    slow_chunks,
)
from fangfanpin.quality.models import DepartmentBatch, DepartmentRowIssue, Status
from fangfanpin.registry.models import Member

Progress = Callable[[str, int, int], None]  # (phase, rows done, rows total or 0)
ROW_GROUP_ROWS = 100_000
_ISSUE_BATCH = 20_000
_DUCKDB_MEMORY = "1500MB"


def department_dir() -> Path:
    return Path(settings.VAR_DIR) / "departments"


def originals_dir() -> Path:
    return department_dir() / "originals"


def registry_id_set() -> pa.Array:
    """Every registry member's ID as departments are matched on it: first 18 characters, upper-case."""
    ids = Member.objects.exclude(id_number="").values_list("id_number", flat=True)
    return pa.array({str(number)[:18].upper() for number in ids.iterator(chunk_size=50_000)}, pa.string())


@dataclass
class Settled:
    """What phase 2 made of the checked rows."""

    loaded: int = 0
    matched: int = 0
    rejected: int = 0
    duplicate: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.loaded + self.rejected + self.duplicate


def department_file_load(
    *,
    path: Path,
    department: str,
    actor: Any = None,
    is_warning: bool | None = None,
    batch: DepartmentBatch | None = None,
    progress: Progress | None = None,
    registry_ids: pa.Array | None = None,
) -> DepartmentBatch:
    """Load one department file and make it the department's current batch; raise FileRefused when refused.

    `is_warning` True loads a 预警 list; otherwise a file with a 预警原因 column is one. `registry_ids` saves
    re-reading the registry when several files are loaded at once (see `registry_id_set`).
    """
    fmt = DEPARTMENTS.get(department)
    if fmt is None:
        raise ValueError(f"没有这个部门代码：{department}")
    batch = batch or _batch_create(path=path, fmt=fmt, actor=actor, is_warning=bool(is_warning))
    batch.status = Status.RUNNING
    batch.save(update_fields=["status"])
    work = department_dir() / "work" / str(batch.pk)
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _load(path, fmt, batch, bool(is_warning), work, progress, registry_ids)
    except FileRefused as refused:
        _end(batch, Status.REFUSED, errors=refused.errors)
        audit("quality.department_batch.refused", actor=actor, subject=_subject(batch), errors=refused.errors)
        raise
    except Exception as error:
        _end(batch, Status.FAILED, errors=[f"载入时出错：{type(error).__name__}: {error}"])
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def department_upload_accept(
    *, upload: Any, department: str, is_warning: bool, actor: Any
) -> DepartmentBatch:
    """Keep an uploaded file with the originals and queue its load; the batch page follows it."""
    from fangfanpin.quality.tasks_dept import department_batch_run

    folder = originals_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with stored.open("wb") as out:
        for part in upload.chunks():
            out.write(part)
    batch = _batch_create(
        path=stored, file_name=upload.name, fmt=DEPARTMENTS[department], actor=actor, is_warning=is_warning
    )
    audit("quality.department_batch.uploaded", actor=actor, subject=_subject(batch), file=upload.name)
    department_batch_run.enqueue(batch.pk)
    return batch


def _batch_create(
    *, path: Path, fmt: DepartmentFormat, actor: Any, is_warning: bool, file_name: str = ""
) -> DepartmentBatch:
    return DepartmentBatch.objects.create(
        department=fmt.code,
        is_warning=is_warning,
        file_name=file_name or path.name,
        stored_path=str(path),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _load(
    path: Path,
    fmt: DepartmentFormat,
    batch: DepartmentBatch,
    is_warning: bool,
    work: Path,
    progress: Progress | None,
    registry_ids: pa.Array | None,
) -> DepartmentBatch:
    table, layout = open_department_file(path, fmt)
    try:
        staging = _stage(fast_chunks(path, table, layout), layout, progress)
    except SlowPathNeeded:
        staging = _stage(slow_chunks(path, layout), layout, progress)
    if progress:
        progress("整理", 0, 0)
    ids = registry_ids if registry_ids is not None else registry_id_set()
    final = department_dir() / f"{batch.pk}.parquet"
    with _duckdb(work) as con:
        settled = _settle(con, staging, layout, ids)
        del staging
        _write_sorted(con, layout, batch.pk, final)
        settled.notices = _notices(layout, is_warning)
        try:
            _commit(batch, layout, is_warning, settled, _issues(con))
        except BaseException:
            final.unlink(missing_ok=True)
            raise
    batch.stored_path = str(_keep_original(path, batch))
    batch.save(update_fields=["stored_path"])
    audit(
        "quality.department_batch.loaded",
        actor=batch.created_by,
        subject=_subject(batch),
        rows=settled.total,
        loaded=settled.loaded,
        rejected=settled.rejected,
    )
    return batch


def _stage(chunks: Iterator[dict[str, pa.Array]], layout: DeptLayout, progress: Progress | None) -> pa.Table:
    """Phase 1: check every chunk; keep the checked rows (compact Arrow columns) for phase 2."""
    batches, done = [], 0
    for chunk in chunks:
        batches.append(check_chunk(chunk, layout))
        done += batches[-1].num_rows
        if progress:
            progress("检查", done, 0)
    return pa.Table.from_batches(batches, schema=staging_schema(layout))


class _duckdb:
    """A DuckDB connection with bounded memory that spills to the batch's work folder."""

    def __init__(self, work: Path) -> None:
        self.con = duckdb.connect(
            config={"memory_limit": _DUCKDB_MEMORY, "threads": 2, "temp_directory": str(work / "spill")}
        )

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        return self.con

    def __exit__(self, *exc: object) -> None:
        self.con.close()


def _columns(layout: DeptLayout) -> str:
    return ", ".join(f'"{c.name}"' for c in layout.fmt.columns)


def _settle(
    con: duckdb.DuckDBPyConnection, staging: pa.Table, layout: DeptLayout, registry_ids: pa.Array
) -> Settled:
    """Phase 2: match the registry and find exact duplicates (a later row equal to an earlier one)."""
    con.register("registry", pa.table({"id": registry_ids}))
    con.register("staging", staging)
    # A row is loaded when nothing is wrong with it, or when its only fault is an ID the registry holds as well.
    con.execute("""
        CREATE TEMP TABLE rows AS
        SELECT *, reject IS NULL AND (matched OR id_problem IS NULL) AS ok
        FROM (SELECT *, id_number IN (SELECT id FROM registry) AS matched FROM staging)
    """)
    con.unregister("staging")
    keys = f"id_number, name, warning_reason, {_columns(layout)}"
    # Only rows whose hash repeats can be duplicates: the exact comparison runs on those few.
    con.execute(f"""
        CREATE TEMP TABLE duplicates AS
        SELECT row_no, first_row FROM (
            SELECT row_no, min(row_no) OVER (PARTITION BY {keys}) AS first_row
            FROM rows
            WHERE ok AND hash({keys}) IN (
                SELECT hash({keys}) AS h FROM rows WHERE ok GROUP BY h HAVING count(*) > 1
            )
        ) WHERE first_row < row_no
    """)
    con.execute("""
        CREATE TEMP VIEW loaded AS
        SELECT * FROM rows WHERE ok AND row_no NOT IN (SELECT row_no FROM duplicates)
    """)
    [(loaded, matched, rejected)] = con.sql(
        "SELECT count(*) FILTER (ok), count(*) FILTER (ok AND matched), count(*) FILTER (NOT ok) FROM rows"
    ).fetchall()
    [(duplicate, matched_duplicate)] = con.sql(
        "SELECT count(*), count(*) FILTER (matched) FROM duplicates JOIN rows USING (row_no)"
    ).fetchall()
    return Settled(
        loaded=loaded - duplicate, matched=matched - matched_duplicate, rejected=rejected, duplicate=duplicate
    )


def _write_sorted(con: duckdb.DuckDBPyConnection, layout: DeptLayout, batch_id: int, final: Path) -> None:
    """Write the loaded rows by ID in row groups of ROW_GROUP_ROWS, with exactly the department's schema.

    Loaded IDs are 17 digits and a check character, so each has its number (id_key), whose order is the text's.
    """
    schema = layout.fmt.schema()
    reader = con.sql(f"""
        SELECT {batch_id}::BIGINT AS batch_id, row_no, id_number, name, warning_reason,
               {id_key_sql("id_number")} AS id_key, {_columns(layout)}
        FROM loaded ORDER BY id_key, row_no
    """).to_arrow_reader(ROW_GROUP_ROWS)
    pending: list[pa.RecordBatch] = []
    # IDs and row numbers are nearly unique: a dictionary of them costs time and saves nothing.
    dictionary = [name for name in schema.names if name not in ("id_number", "id_key", "row_no")]
    with pq.ParquetWriter(final, schema, compression="zstd", use_dictionary=dictionary) as writer:
        for rows in reader:
            pending.append(pa.RecordBatch.from_arrays(rows.columns, schema=schema))
            if sum(b.num_rows for b in pending) >= ROW_GROUP_ROWS:
                pending = _write_groups(writer, pa.Table.from_batches(pending, schema=schema))
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=schema))


def _write_groups(writer: pq.ParquetWriter, table: pa.Table) -> list[pa.RecordBatch]:
    """Write whole row groups of ROW_GROUP_ROWS; return the rest, to go with the next rows."""
    whole = table.num_rows - table.num_rows % ROW_GROUP_ROWS
    writer.write_table(table.slice(0, whole), row_group_size=ROW_GROUP_ROWS)
    return table.slice(whole).to_batches()


_ISSUES_SQL = """
    SELECT row_no, kind, left(coalesce(id_raw, ''), 60), left(coalesce(id_number, ''), 40),
           left(coalesce(name, ''), 60), left(reason, 300)
    FROM (
        SELECT row_no, id_raw, id_number, name, 'rejected' AS kind, coalesce(reject, id_problem) AS reason
        FROM rows WHERE NOT ok
        UNION ALL
        SELECT row_no, id_raw, id_number, name, 'duplicate', printf('第%d行：与第%d行完全相同', row_no, first_row)
        FROM duplicates JOIN rows USING (row_no)
        UNION ALL
        SELECT row_no, id_raw, id_number, name, 'unmatched', printf('第%d行：农户信息中没有这个证件号码', row_no)
        FROM loaded WHERE NOT matched
    )
    ORDER BY row_no
"""


def _issues(con: duckdb.DuckDBPyConnection) -> Iterator[list[tuple[Any, ...]]]:
    """The rows to list on the batch page, in slices (through Arrow: far quicker than DuckDB's tuples)."""
    for rows in con.sql(_ISSUES_SQL).to_arrow_reader(_ISSUE_BATCH):
        yield list(zip(*(column.to_pylist() for column in rows.columns), strict=True))


def _commit(
    batch: DepartmentBatch,
    layout: DeptLayout,
    is_warning: bool,
    settled: Settled,
    issues: Iterable[list[tuple[Any, ...]]],
) -> None:
    fields = ("batch_id", "row_no", "kind", "id_raw", "id_number", "name", "reason")
    with transaction.atomic():
        for rows in issues:
            insert_rows(DepartmentRowIssue, fields, ((batch.pk, *r) for r in rows))
        warning = is_warning or layout.has_warning
        DepartmentBatch.objects.filter(
            department=batch.department, is_warning=warning, is_current=True
        ).exclude(pk=batch.pk).update(is_current=False)
        _end(
            batch,
            Status.DONE,
            is_warning=warning,
            is_current=True,
            parquet_path=str(department_dir() / f"{batch.pk}.parquet"),
            rows_total=settled.total,
            rows_loaded=settled.loaded,
            rows_matched=settled.matched,
            rows_unmatched=settled.loaded - settled.matched,
            rows_rejected=settled.rejected,
            rows_duplicate=settled.duplicate,
            notices=settled.notices,
        )


def _notices(layout: DeptLayout, is_warning: bool) -> list[str]:
    notices = []
    if layout.unknown:
        notices.append(f"以下列不是{layout.fmt.title}数据的列，已忽略：" + "、".join(layout.unknown))
    if layout.has_warning and not is_warning:
        notices.append("文件含有“预警原因”列，按预警名单载入")
    return notices


def _keep_original(path: Path, batch: DepartmentBatch) -> Path:
    """Keep the file as sent, beside the others; an upload already stored there stays where it is."""
    folder = originals_dir()
    if path.resolve().parent == folder.resolve():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{batch.pk}-{path.name}"
    shutil.copyfile(path, kept)
    return kept


def _end(batch: DepartmentBatch, status: str, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.status = status
    batch.finished_at = timezone.now()
    batch.save()


def _subject(batch: DepartmentBatch) -> str:
    return f"{batch.department}#{batch.pk}"
