"""The catalogue on DuckDB, in-process, over the snapshot's Parquet files (or in-memory Arrow tables)."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa

from fangfanpin.quality.prelude import prelude
from fangfanpin.quality.rules import substitute
from fangfanpin.quality.snapshot import WARNING_SCHEMA, Snapshot, warning_file_department


def _quote(path: object) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class DuckDBEngine:
    # Two rules at once: each one's single-threaded steps (planning, the last merge) leave a core idle.
    lanes = 2

    def __init__(self, snapshot: Snapshot, constants: Mapping[str, Any]):
        self.con = duckdb.connect()
        self.arrow: dict[str, pa.Table] = {}  # registered per connection: each cursor registers them again
        self.local = threading.local()
        self.cursors: list[duckdb.DuckDBPyConnection] = []
        self.lock = threading.Lock()
        threads = os.environ.get("FFP_DUCKDB_THREADS")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        for name in snapshot.names():
            self._register(snapshot, name)
        for name, sql, materialise in prelude():
            kind = "TABLE" if materialise else "VIEW"
            self.con.execute(f"CREATE {kind} {name} AS {substitute(sql, constants)}")

    def _register(self, snapshot: Snapshot, name: str) -> None:
        files = snapshot.files.get(name, [])
        if name in snapshot.tables or not files:
            self.arrow[f"{name}__arrow"] = snapshot.tables.get(name, snapshot.schemas[name].empty_table())
            self.con.register(f"{name}__arrow", self.arrow[f"{name}__arrow"])
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}__arrow")
        elif name == "dept_warning":
            parts = [
                f"SELECT {_quote(warning_file_department(p))} AS department, {', '.join(WARNING_SCHEMA.names[1:])} "
                f"FROM read_parquet({_quote(p)})"
                for p in files
            ]
            self.con.execute(f"CREATE VIEW {name} AS " + " UNION ALL ".join(parts))
        else:
            listed = ", ".join(_quote(p) for p in files)
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}])")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run `sql` on this thread's cursor (the prelude's tables are shared; Arrow registrations are not)."""
        cursor = getattr(self.local, "cursor", None)
        if cursor is None:
            cursor = self.local.cursor = self.con.cursor()
            for name, table in self.arrow.items():
                cursor.register(name, table)
            with self.lock:
                self.cursors.append(cursor)
        return cursor.execute(sql).fetchall()

    def close(self) -> None:
        for cursor in self.cursors:
            cursor.close()
        self.con.close()
