"""The catalogue on DuckDB, in-process, over the snapshot's Parquet files (or in-memory Arrow tables)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import duckdb

from fangfanpin.quality.prelude import prelude
from fangfanpin.quality.rules import substitute
from fangfanpin.quality.snapshot import Snapshot, warning_file_department


def _quote(path: object) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class DuckDBEngine:
    def __init__(self, snapshot: Snapshot, constants: Mapping[str, Any]):
        self.con = duckdb.connect()
        threads = os.environ.get("FFP_DUCKDB_THREADS")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        for name in snapshot.names():
            self._register(snapshot, name)
        for name, sql, materialise in prelude():
            kind = "TABLE" if materialise else "VIEW"
            self.con.execute(f"CREATE {kind} {name} AS {substitute(sql, constants)}")

    def _register(self, snapshot: Snapshot, name: str) -> None:
        if name in snapshot.tables:
            self.con.register(f"{name}__arrow", snapshot.tables[name])
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}__arrow")
            return
        files = snapshot.files.get(name, [])
        if not files:
            self.con.register(f"{name}__empty", snapshot.schemas[name].empty_table())
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}__empty")
        elif name == "dept_warning":
            parts = [
                f"SELECT {_quote(warning_file_department(p))} AS department, batch_id, row_no, id_number, "
                f"name, warning_reason, id_key FROM read_parquet({_quote(p)})"
                for p in files
            ]
            self.con.execute(f"CREATE VIEW {name} AS " + " UNION ALL ".join(parts))
        else:
            listed = ", ".join(_quote(p) for p in files)
            self.con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listed}])")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def close(self) -> None:
        self.con.close()
