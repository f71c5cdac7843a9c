"""The catalogue on Spark SQL: the same rule SQL, transpiled from DuckDB's dialect by sqlglot.

Used for national scale and by the parity test, which runs the whole catalogue on local PySpark and
expects exactly DuckDB's findings.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import sqlglot

from fangfanpin.quality.prelude import prelude
from fangfanpin.quality.rules import substitute
from fangfanpin.quality.snapshot import WARNING_SCHEMA, Snapshot, warning_file_department


def to_spark(sql: str) -> str:
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def spark_session() -> Any:
    """A local session on the machine's cores, with the settings that make results comparable."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("fangfanpin-quality")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", os.environ.get("FFP_SPARK_PARTITIONS", "1"))
        .config("spark.default.parallelism", "2")
        # Small local runs are dominated by compiling generated code for each query: interpret instead.
        .config("spark.sql.codegen.wholeStage", os.environ.get("FFP_SPARK_CODEGEN", "false"))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


class SparkEngine:
    lanes = 1  # Spark parallelises each query over its own executors

    def __init__(self, snapshot: Snapshot, constants: Mapping[str, Any]):
        self.spark = spark_session()
        self.tmp = tempfile.TemporaryDirectory(prefix="ffp-spark-")
        for name in snapshot.names():
            self._register(snapshot, name)
        for name, sql, materialise in prelude():
            frame = self.spark.sql(to_spark(substitute(sql, constants)))
            if materialise:
                frame = frame.cache()
            frame.createOrReplaceTempView(name)

    def _register(self, snapshot: Snapshot, name: str) -> None:
        files = snapshot.files.get(name, [])
        if name in snapshot.tables or not files:
            table = snapshot.tables.get(name, snapshot.schemas[name].empty_table())
            path = Path(self.tmp.name) / f"{name}.parquet"
            pq.write_table(table, path)
            files = [path]
        if name == "dept_warning" and name not in snapshot.tables and snapshot.files.get(name):
            frames = [
                self.spark.read.parquet(str(p)).selectExpr(
                    f"'{warning_file_department(p)}' AS department", *WARNING_SCHEMA.names[1:]
                )
                for p in files
            ]
            frame = frames[0]
            for other in frames[1:]:
                frame = frame.unionByName(other)
        else:
            frame = self.spark.read.parquet(*[str(p) for p in files])
        frame.createOrReplaceTempView(name)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(to_spark(sql)).collect()]

    def close(self) -> None:
        for table in self.spark.catalog.listTables():
            if table.isTemporary:
                self.spark.catalog.dropTempView(table.name)
        self.spark.catalog.clearCache()
        self.tmp.cleanup()
