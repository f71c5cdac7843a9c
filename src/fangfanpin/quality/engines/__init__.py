"""Where the catalogue runs: DuckDB in-process (every deployment) or Spark SQL (national scale)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from fangfanpin.quality.rules import ParamValue
from fangfanpin.quality.snapshot import Snapshot


class Engine(Protocol):
    lanes: int  # how many queries may run at once, each from its own thread

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Run one rule query (DuckDB dialect) and return its rows."""
        ...

    def close(self) -> None: ...


def engine_open(name: str, snapshot: Snapshot, constants: Mapping[str, ParamValue | Any]) -> Engine:
    """Open the named engine over a snapshot, with the prelude's tables built."""
    from fangfanpin.quality.engines.duckdb import DuckDBEngine
    from fangfanpin.quality.engines.spark import SparkEngine

    engines: dict[str, type] = {"duckdb": DuckDBEngine, "spark": SparkEngine}
    return engines[name](snapshot, constants)  # type: ignore[no-any-return]
