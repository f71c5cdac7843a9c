"""The columnar snapshot a check run reads: registry tables and current department data as Parquet.

The registry is read once, straight from its tables, into one Parquet file per table; department data
is already Parquet (one immutable file per batch) and is hard-linked in. A run's snapshot is kept
beside its findings, so a finding can always be traced to the data it came from. The same tables can
be built in memory for one household (the per-household comparison), restricted to its members' IDs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from psycopg import IsolationLevel
from psycopg.pq import ExecStatus
from psycopg.sql import SQL, Literal

from fangfanpin.areas.models import Area
from fangfanpin.core.collector import collector_paused
from fangfanpin.quality.departments import COMMON_SCHEMA, DEPARTMENTS
from fangfanpin.registry.models import (
    Household,
    HouseholdYear,
    Member,
    MonitoringLine,
    VillageYear,
    WorkSpell,
)

FETCH_ROWS = 50_000
ROW_GROUP_ROWS = 100_000
SKIPPED_FIELDS = frozenset({"raw", "updated_at", "name_initials", "boundary"})


@dataclass(frozen=True)
class TableSource:
    """A snapshot table read from one registry model, optionally filtered by a SQL condition."""

    name: str
    model: type[models.Model]
    where: Callable[[int], str] | None = None
    only: tuple[str, ...] = ()  # the fields to keep (all but SKIPPED_FIELDS when empty)

    def fields(self) -> list[models.Field]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if (f.name in self.only if self.only else f.name not in SKIPPED_FIELDS) and not f.many_to_many
        ]

    def schema(self) -> pa.Schema:
        return pa.schema([(f.attname, arrow_type(f)) for f in self.fields()])

    def narrowed(self, words: frozenset[str]) -> TableSource:
        """The source with only the fields `words` name (the identifiers of the queries to run) and its key."""
        return replace(self, only=tuple(f.name for f in self.fields() if f.attname in words or f.primary_key))


def arrow_type(f: models.Field) -> pa.DataType:
    """Arrow type of a model field as the rules see it (decimals stay exact, so findings match)."""
    if isinstance(f, models.ForeignKey):
        return arrow_type(f.target_field)
    if isinstance(f, models.DecimalField):
        return pa.decimal128(f.max_digits, f.decimal_places)
    if isinstance(f, models.DateTimeField):
        return pa.timestamp("us")
    if isinstance(f, models.DateField):
        return pa.date32()
    if isinstance(f, models.BooleanField):
        return pa.bool_()
    if isinstance(f, models.AutoField | models.IntegerField):
        return pa.int64()
    return pa.string()


REGISTRY_SOURCES = (
    TableSource("area", Area),
    TableSource("household", Household),
    TableSource("member", Member),
    TableSource("household_year", HouseholdYear, lambda year: f"year = {year}"),
    # Of the year before, the rules read only the per-capita income: a quarter of a million rows of 80
    # columns that nothing reads would be most of the snapshot's time.
    TableSource(
        "household_prev",
        HouseholdYear,
        lambda year: f"year = {year - 1}",
        ("household", "year", "per_capita"),
    ),
    TableSource("work", WorkSpell, lambda year: f"year = {year}"),
    TableSource("village_year", VillageYear, lambda year: f"year = {year}"),
)


@dataclass
class Snapshot:
    """Where a snapshot's tables are: Parquet files on disk, or Arrow tables in memory."""

    year: int
    files: dict[str, list[Path]] = field(default_factory=dict)
    tables: dict[str, pa.Table] = field(default_factory=dict)
    schemas: dict[str, pa.Schema] = field(default_factory=dict)

    def names(self) -> list[str]:
        return sorted(set(self.files) | set(self.tables))


@contextmanager
def snapshot_build(
    *,
    year: int,
    directory: Path,
    progress: Callable[[str], None] | None = None,
    words: frozenset[str] | None = None,
) -> Iterator[Snapshot]:
    """The registry and current department data for `year`, kept under `directory`.

    With `words` (every identifier the queries to run use), a registry column none of them names is left
    out: it cannot explain a finding, and copying it out of the database was a fifth of the snapshot's time.
    The registry's tables are handed over in memory as soon as they are read, and a thread writes them to
    Parquet while the caller runs the rules on them. Leaving the block waits until every file and the
    manifest are written, and raises if one could not be.
    """
    directory.mkdir(parents=True, exist_ok=True)
    snap = Snapshot(year=year)
    sources = [s.narrowed(words) for s in REGISTRY_SOURCES] if words is not None else list(REGISTRY_SOURCES)
    with ThreadPoolExecutor(max_workers=2) as parser, ThreadPoolExecutor(1, initializer=_yielding) as writer:
        reads = _registry_read(sources, year, parser, progress)
        reads.update({name: _ready(table) for name, table in _small_tables(year).items()})
        writes = {}
        for name, read in reads.items():
            path = directory / f"{name}.parquet"
            writes[name] = writer.submit(_write_read, path, read)
            snap.tables[name] = read.result()
            snap.files[name] = [path]
            snap.schemas[name] = snap.tables[name].schema
        batches = _link_departments(snap, directory)
        try:
            yield snap
        finally:
            counts = {name: job.result() for name, job in writes.items()}
    columns = {name: table.column_names for name, table in snap.tables.items()}
    manifest = {
        "year": year,
        "built_at": dt.datetime.now().isoformat(),
        "rows": counts,
        "columns": columns,
        "batches": batches,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


def _registry_read(
    sources: list[TableSource], year: int, parser: Executor, progress: Callable[[str], None] | None
) -> dict[str, Future[pa.Table]]:
    """Each registry table, parsed by Arrow in the parser threads as soon as it is copied out."""
    if connection.vendor != "postgresql":
        reads = {}
        for source in sources:
            if progress:
                progress(source.name)
            reads[source.name] = _ready(_concat(source_tables(source, year), source.schema()))
        return reads
    if connection.in_atomic_block:  # the caller's transaction may hold rows no other connection would see
        spools = _copied_here(sources, year, progress)
    else:
        spools = _copied_in_two_lanes(sources, year, progress)
    return {s.name: parser.submit(_parsed_spool, spools[s.name], s.schema()) for s in sources}


def _copied_in_two_lanes(
    sources: list[TableSource], year: int, progress: Callable[[str], None] | None
) -> dict[str, Future[IO[bytes]]]:
    """Copy the tables out over two connections at once, both in one snapshot of the database.

    PostgreSQL writes a COPY on one core, and that was the snapshot's pace: the member table alone took
    half of it. A second connection imports the first one's snapshot (pg_export_snapshot), so both read
    exactly the same committed rows, and copies out the other tables meanwhile.
    """
    lanes = _lanes(sources)
    spools: dict[str, Future[IO[bytes]]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        (exported,) = cursor.fetchone()
        other = connection.get_new_connection(connection.get_connection_params())
        try:
            other.isolation_level = IsolationLevel.REPEATABLE_READ
            other.execute(SQL("SET TRANSACTION SNAPSHOT {}").format(Literal(exported)))
            with ThreadPoolExecutor(max_workers=1) as copier:
                for source in lanes[1]:
                    if progress:
                        progress(source.name)
                    spools[source.name] = copier.submit(_spooled, _select(source, year, None), other.pgconn)
                spools.update(_copied_here(lanes[0], year, progress))
                for spool in spools.values():
                    spool.exception()  # both lanes done before the exporting transaction ends
        finally:
            other.close()
    return spools


def _copied_here(
    sources: list[TableSource], year: int, progress: Callable[[str], None] | None
) -> dict[str, Future[IO[bytes]]]:
    """Copy the tables out one after another on the caller's connection."""
    spools = {}
    for source in sources:
        if progress:
            progress(source.name)
        spools[source.name] = _ready(_spooled(_select(source, year, None)))
    return spools


def _lanes(sources: list[TableSource]) -> tuple[list[TableSource], list[TableSource]]:
    """Share the tables between two connections by rows × columns, the biggest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [[s.model._meta.db_table for s in sources]],
        )
        rows = dict(cursor.fetchall())
    load = {s.name: max(rows.get(s.model._meta.db_table, 0), 1) * len(s.fields()) for s in sources}
    lanes: tuple[list[TableSource], list[TableSource]] = ([], [])
    loads = [0.0, 0.0]
    for source in sorted(sources, key=lambda s: -load[s.name]):
        lane = loads.index(min(loads))
        lanes[lane].append(source)
        loads[lane] += load[source.name]
    return lanes


def _parsed_spool(spool: Future[IO[bytes]], schema: pa.Schema) -> pa.Table:
    return _parsed(spool.result(), schema)


def _ready(table: pa.Table) -> Future[pa.Table]:
    done: Future[pa.Table] = Future()
    done.set_result(table)
    return done


def _yielding() -> None:
    """Let the writer have only the CPU that COPY and the rules leave: on Linux a thread has its own nice value."""
    with suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)


def _write_read(path: Path, read: Future[pa.Table]) -> int:
    table = read.result()
    # DuckDB reads a file's row groups in parallel: keep them small enough for every core.
    pq.write_table(table, path, row_group_size=ROW_GROUP_ROWS, use_dictionary=_repeating(table))
    return table.num_rows


def _repeating(table: pa.Table, sample: int = 10_000) -> list[str]:
    """The columns worth a dictionary: those whose first rows repeat their values (codes, not names or IDs).

    Building a dictionary for a column of unique values only to give it up costs 40% of the writing.
    """
    return [
        name
        for name, column in zip(table.column_names, table.columns, strict=True)
        if pc.count_distinct(column.slice(0, sample)).as_py() <= min(sample, len(column)) // 10
    ]


def _concat(tables: Iterable[pa.Table], schema: pa.Schema) -> pa.Table:
    parts = list(tables)
    return pa.concat_tables(parts) if parts else schema.empty_table()


def snapshot_for_household(*, household_id: int, year: int) -> Snapshot:
    """Build the snapshot of one household in memory, with the department rows of its members' IDs."""
    conditions = {
        "household": f"id = {household_id}",
        "member": f"household_id = {household_id}",
        "household_year": f"household_id = {household_id} AND year = {year}",
        "household_prev": f"household_id = {household_id} AND year = {year - 1}",
        "work": "1 = 0",
        "village_year": "1 = 0",
    }
    ids = sorted({m.id_number.upper()[:18] for m in Member.objects.filter(household_id=household_id)} - {""})
    return snapshot_memory(year=year, conditions=conditions, ids=ids)


def snapshot_memory(
    *, year: int, conditions: dict[str, str] | None = None, ids: list[str] | None = None
) -> Snapshot:
    """Build a snapshot in memory: the whole registry, or the part `conditions` select (rows of `ids`)."""
    snap = Snapshot(year=year)
    for source in REGISTRY_SOURCES:
        snap.tables[source.name] = _concat(
            source_tables(source, year, (conditions or {}).get(source.name)), source.schema()
        )
        snap.schemas[source.name] = source.schema()
    for name, table in _small_tables(year).items():
        snap.tables[name] = table
        snap.schemas[name] = table.schema
    for name, (schema, files) in _current_departments().items():
        snap.tables[name] = _department_rows(files, schema, ids)
        snap.schemas[name] = schema
    return snap


def source_tables(source: TableSource, year: int, where: str | None = None) -> Iterator[pa.Table]:
    """Yield the source's rows as Arrow tables, read the fastest way the database offers."""
    sql = _select(source, year, where)
    if connection.vendor == "postgresql":
        yield from _copied(sql, source.schema())
        return
    schema = source.schema()
    with collector_paused():
        for rows in _fetched(sql):
            yield _table(schema, rows)


def _select(source: TableSource, year: int, where: str | None) -> str:
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in source.fields())
    sql = f"SELECT {columns} FROM {source.model._meta.db_table}"
    condition = where if where is not None else (source.where(year) if source.where else None)
    return f"{sql} WHERE {condition}" if condition else sql


def _fetched(sql: str) -> Iterator[list[tuple[Any, ...]]]:
    """Rows in chunks, straight from the database cursor (no model instances)."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(FETCH_ROWS):
            yield rows


def _copied(sql: str, schema: pa.Schema) -> Iterator[pa.Table]:
    """PostgreSQL: COPY the query out as CSV (inside the current transaction) and parse it in Arrow."""
    yield _parsed(_spooled(sql), schema)


def _spooled(sql: str, pgconn: Any = None) -> IO[bytes]:
    """The query's rows as CSV in a temporary file, read from the start (COPY on the caller's connection,
    or on `pgconn`)."""
    spool = tempfile.NamedTemporaryFile()  # noqa: SIM115 (the caller closes it, perhaps in another thread)
    try:
        _copy_out(f"COPY ({sql}) TO STDOUT (FORMAT csv)", spool.file.write, pgconn)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


COPY_BUFFER = 1 << 20


def _copy_out(statement: str, write: Callable[[bytearray], object], pgconn: Any = None) -> None:
    """Run a COPY … TO STDOUT on the caller's connection (or on `pgconn`); hand its data to `write` a
    megabyte at a time.

    The rows are taken from libpq directly. psycopg's Copy hands them over one per call through its wait
    loop, at 3.6 µs a row: as much CPU as PostgreSQL spent writing them. Should anything fail on our side
    half-way, the caller's connection is closed, as it cannot serve anything else until the COPY is over
    (a `pgconn` of our own is closed by its owner).
    """
    own = pgconn is None
    if own:
        connection.ensure_connection()
        pgconn = connection.connection.pgconn  # type: ignore[union-attr]
    pgconn.send_query(statement.encode())
    started = _results(pgconn)
    if started.status != ExecStatus.COPY_OUT:
        raise DatabaseError(_message(started))
    buffer = bytearray()
    try:
        while (received := pgconn.get_copy_data(0))[0] >= 0:
            buffer += received[1]
            if len(buffer) >= COPY_BUFFER:
                write(buffer)
                buffer.clear()
        write(buffer)
    except BaseException:
        if own:
            connection.close()
        raise
    ended = _results(pgconn)
    if ended.status != ExecStatus.COMMAND_OK:
        raise DatabaseError(_message(ended))


def _results(pgconn: Any) -> Any:
    """The next result, with any that follow it read too (a COPY that ended or failed has one more)."""
    result = pgconn.get_result()
    if result.status != ExecStatus.COPY_OUT:
        while pgconn.get_result() is not None:
            pass
    return result


def _message(result: Any) -> str:
    return (result.error_message or b"").decode("utf-8", "replace").strip() or f"COPY: {result.status!r}"


def _parsed(spool: IO[bytes], schema: pa.Schema) -> pa.Table:
    """Parse the whole file with Arrow's threaded reader, which reads the file itself (no GIL, small blocks),
    and close it.

    Twice as fast as its streaming reader on 16 MB blocks, and the spool is already whole.
    """
    with spool:
        if not spool.read(1):
            return schema.empty_table()
        table = pacsv.read_csv(
            pa.input_stream(spool.name),
            read_options=pacsv.ReadOptions(column_names=schema.names),
            convert_options=pacsv.ConvertOptions(
                column_types=schema,
                null_values=[""],
                quoted_strings_can_be_null=False,
                true_values=["t"],
                false_values=["f"],
            ),
        )
    return table.cast(schema)


def _table(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> pa.Table:
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    arrays = [_array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _array(values: tuple[Any, ...], type_: pa.DataType) -> pa.Array:
    """Build one column; SQLite hands back numbers, text dates and 0/1 flags, so cast from what came."""
    try:
        return pa.array(values, type=type_)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(values).cast(type_)


def _small_tables(year: int) -> dict[str, pa.Table]:
    """Tables derived here: each village's monitoring line, and the records procedures will add."""
    return {
        "village_line": _village_lines(year),
        "asset_review": _asset_reviews(),
        "procedure_record": pa.schema(
            [
                ("household_id", pa.int64()),
                ("kind", pa.string()),
                ("on_date", pa.date32()),
                ("days", pa.int64()),
            ]
        ).empty_table(),
    }


def _village_lines(year: int) -> pa.Table:
    """The line of each village: its own, or its nearest ancestor's, for the year."""
    lines = dict(MonitoringLine.objects.filter(year=year).values_list("area_id", "yuan"))
    parents = dict(Area.objects.values_list("code", "parent_id"))
    villages, yuans = [], []
    for code in Area.objects.filter(level="村").values_list("code", flat=True):
        node: str | None = code
        while node is not None and node not in lines:
            node = parents.get(node)
        villages.append(code)
        yuans.append(lines.get(node) if node else None)
    return pa.table(
        {"village_code": pa.array(villages, pa.string()), "line": pa.array(yuans, pa.decimal128(10, 2))}
    )


def _asset_reviews() -> pa.Table:
    from fangfanpin.quality.models import AssetReview

    rows = list(AssetReview.objects.values_list("household_id", "at"))
    return pa.table(
        {
            "household_id": pa.array([r[0] for r in rows], pa.int64()),
            "on_date": pa.array([r[1].date() for r in rows], pa.date32()),
        }
    )


def _department_schemas() -> dict[str, pa.Schema]:
    schemas = {f"dept_{code}": fmt.schema() for code, fmt in DEPARTMENTS.items()}
    schemas["dept_warning"] = WARNING_SCHEMA
    return schemas


# A 预警 list of any department: its rows' department (from the file's name), then the common columns.
WARNING_SCHEMA = pa.schema([("department", pa.string()), *COMMON_SCHEMA])


def _current_departments() -> dict[str, tuple[pa.Schema, list[tuple[Path, str]]]]:
    """Each department table's schema and the Parquet files (with their department) of current batches."""
    from fangfanpin.quality.models import DepartmentBatch, Status

    schemas = _department_schemas()
    result: dict[str, tuple[pa.Schema, list[tuple[Path, str]]]] = {n: (s, []) for n, s in schemas.items()}
    current = DepartmentBatch.objects.filter(is_current=True, status=Status.DONE).order_by("id")
    for batch in current:
        name = "dept_warning" if batch.is_warning else f"dept_{batch.department}"
        if name in result and batch.parquet_path:
            result[name][1].append((Path(batch.parquet_path), batch.department))
    return result


def warning_file_name(department: str, batch_file: Path) -> str:
    """A warning list's file name in a snapshot carries its department (the rows do not)."""
    return f"{department}--{batch_file.name}"


def warning_file_department(path: Path) -> str:
    return path.name.split("--", 1)[0]


def _link_departments(snap: Snapshot, directory: Path) -> list[str]:
    """Hard-link the current batches into the snapshot (batches are immutable: no copy needed)."""
    used = []
    for name, (schema, files) in _current_departments().items():
        target_dir = directory / name
        target_dir.mkdir(exist_ok=True)
        linked = []
        for source, department in files:
            target = target_dir / (
                warning_file_name(department, source) if name == "dept_warning" else source.name
            )
            try:
                os.link(source, target)
            except OSError:  # another file system: copy instead
                target.write_bytes(source.read_bytes())
            linked.append(target)
            used.append(f"{name}/{target.name}")
        snap.files[name] = linked
        snap.schemas[name] = schema
    return used


def _department_rows(files: list[tuple[Path, str]], schema: pa.Schema, ids: list[str] | None) -> pa.Table:
    """The rows of `ids` (all if None) in the files; sorted files let Parquet skip most row groups."""
    import duckdb

    if not files or ids == []:
        return schema.empty_table()
    con = duckdb.connect()
    ids = ids or []
    marks = ", ".join("?" for _ in ids)
    tables = []
    for path, department in files:
        columns = ", ".join(
            "? AS department" if name == "department" else f'"{name}"' for name in schema.names
        )
        params = [department] if "department" in schema.names else []
        sql = f"SELECT {columns} FROM read_parquet(?)" + (f" WHERE id_number IN ({marks})" if ids else "")
        table: pa.Table = con.sql(sql, params=[*params, str(path), *ids]).to_arrow_table()
        tables.append(table.cast(schema))
    return pa.concat_tables(tables)


def snapshot_dir_for(run_id: int) -> Path:
    return Path(settings.VAR_DIR) / "snapshots" / f"run-{run_id}"
