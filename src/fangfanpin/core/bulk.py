"""Fast bulk writes for imports: executemany over plain tuples, without building model instances.

Django's bulk_create and bulk_update prepare every value through the field machinery and bulk_update writes
a CASE per field; at a million rows that costs minutes. Values here are already Python values the drivers
adapt (str, int, bool, Decimal, date); only JSON and timestamps go through the field.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 5000


def _prepared(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return connection.ops.adapt_json_value(value, field.encoder)
    return value


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    now = timezone.now()
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = field.get_db_prep_save(now, connection)
        else:
            values[field.attname] = field.get_default()
    return values


def insert_many(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert rows (attname → value; missing fields take their defaults); return how many."""
    defaults = _defaults(model)
    getter = operator.itemgetter(*defaults)
    return insert_rows(model, list(defaults), (getter({**defaults, **row}) for row in rows))


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows given as values of the fields `names`, in that order; other fields take their defaults.

    Rows the caller builds as tuples skip making a dict per row: at a million members that counts.
    """
    defaults = _defaults(model)
    tail = tuple(value for name, value in defaults.items() if name not in names)
    columns = [*names, *(name for name in defaults if name not in names)]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    json_at = [(i, fields[n]) for i, n in enumerate(columns) if isinstance(fields[n], models.JSONField)]
    params = []
    for row in rows:
        values = [*row, *tail]
        for i, field in json_at:
            value = values[i]
            values[i] = "{}" if value == {} else _prepared(field, value)  # most rows' raw texts: none
        params.append(values)
    if not params:
        return 0
    db_columns = [str(fields[n].column) for n in columns]
    if connection.vendor == "postgresql":
        _copy(model, db_columns, params)
    else:
        quoted = ", ".join(connection.ops.quote_name(c) for c in db_columns)
        table = connection.ops.quote_name(model._meta.db_table)
        _execute(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})", params)
    return len(params)


def _copy(model: type[models.Model], columns: list[str], params: list[list[Any]]) -> None:
    """PostgreSQL: COPY the rows in, an order of magnitude faster than one INSERT per row."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
        ) as copy,
    ):
        for values in params:
            copy.write_row(values)


def update_many(model: type[models.Model], rows: Iterable[Mapping[str, Any]], names: Sequence[str]) -> int:
    """Update the named fields of rows identified by their "id"; return how many."""
    fields = _columns(model, names)
    sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {sets} WHERE id = %s"
    params = [[_prepared(f, row[f.attname]) for f in fields] + [row["id"]] for row in rows]
    _execute(sql, params)
    return len(params)


def ids_of(model: type[models.Model], name: str, keys: Iterable[Any]) -> dict[Any, int]:
    """Map each key to the id of the row holding it in the (unique) field `name`; absent keys are left out.

    Plain SQL: a queryset resolves each value of an `__in` list through the lookup machinery, which at a
    thousand keys per chunk of an import costs more than the query.
    """
    table, column = model._meta.db_table, str(model._meta.get_field(name).column)  # type: ignore[union-attr]
    keys = list(keys)
    found: dict[Any, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 1000):
            part = keys[start : start + 1000]
            cursor.execute(
                f"SELECT {connection.ops.quote_name(column)}, id FROM {connection.ops.quote_name(table)} "
                f"WHERE {connection.ops.quote_name(column)} IN ({', '.join(['%s'] * len(part))})",
                part,
            )
            found.update(cursor.fetchall())
    return found


def _execute(sql: str, params: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


@contextmanager
def page_cache(mib: int) -> Iterator[None]:
    """SQLite: keep up to `mib` MiB of pages in memory while one large transaction writes.

    In WAL mode, pages that leave the cache (256 MiB by default here) are spilled into the WAL and every later
    read of them searches the WAL's index: a million-row import slowed to half its rate once the database
    outgrew the cache. The memory is only taken as pages are written. Elsewhere a no-op.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-int(mib) * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def indexes_deferred(*models: type[models.Model]) -> Iterator[None]:
    """Into tables that are empty, write the rows first and build their secondary indexes after.

    A first import of a county fills empty tables; building an index once over sorted keys is about twice
    as fast as updating it row by row. Unique and primary-key indexes stay: the import looks rows up by
    them. On PostgreSQL the tables' foreign keys go too and come back after, checked by one join: checked
    row by row, by a trigger each, they cost 2.8 s per 100,000 imported rows (the COPY itself 6.6 s).
    Runs inside the import's transaction, so a failed import restores the indexes and keys with the rest.
    """
    assert connection.in_atomic_block, "indexes_deferred needs a transaction"
    rebuild: list[str] = []
    with connection.cursor() as cursor:
        empty = [model for model in models if not model._default_manager.exists()]
        if empty:
            _check_pending(cursor)
        for model in empty:
            table = connection.ops.quote_name(model._meta.db_table)
            for name, definition in _secondary_indexes(cursor, model._meta.db_table):
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                rebuild.append(definition)
            for name, definition in _foreign_keys(cursor, model._meta.db_table):
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
                rebuild.append(
                    f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                )
    yield
    if not rebuild:
        return
    with connection.cursor() as cursor:
        _check_pending(cursor)
        with _room_to_sort(cursor):
            for statement in rebuild:  # indexes first: the keys' check may use them
                cursor.execute(statement)


@contextmanager
def _room_to_sort(cursor: Any) -> Iterator[None]:
    """Let index builds sort with more: SQLite on a second thread, PostgreSQL in 256 MB of memory.

    SQLite sorts on the connection's thread alone unless allowed helpers; PostgreSQL's default 64 MB spills
    a million keys to disk. The import's reader process is done by then, so its core is free.
    """
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # until the transaction ends
        yield
        return
    cursor.execute("PRAGMA threads")
    before = cursor.fetchone()[0]
    cursor.execute("PRAGMA threads = 2")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA threads = {int(before)}")


def _check_pending(cursor: Any) -> None:
    """PostgreSQL: run the foreign-key checks pending in the transaction now, then defer again.

    Django's foreign keys are checked at commit; PostgreSQL alters no table and builds no index on a table
    with checks pending (a key's referenced table counts: the areas a test or the import has just made).
    """
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _foreign_keys(cursor: Any, table: str) -> list[tuple[str, str]]:
    """PostgreSQL: (name, definition) of the table's foreign keys; SQLite checks them in place, cheaply."""
    if connection.vendor != "postgresql":
        return []
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [connection.ops.quote_name(table)],
    )
    return [(name, definition) for name, definition in cursor.fetchall()]


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that are neither unique nor the primary key."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
            [connection.ops.quote_name(table)],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
    return [(name, definition) for name, definition in cursor.fetchall()]
