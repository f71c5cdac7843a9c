"""The whole catalogue gives identical findings on DuckDB and on Spark SQL (local PySpark)."""

import os
import shutil

import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import catalogue_run
from fangfanpin.quality.snapshot import snapshot_memory

from .conftest import synthetic_registry

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None, reason="Spark needs Java (apt-get install openjdk-17-jre)"
)


@pytest.mark.spark
def test_every_rule_finds_the_same_on_spark_as_on_duckdb(township, tmp_path):
    synthetic_registry(tmp_path)
    snap = snapshot_memory(year=2021)
    rules = CATALOGUE.select()
    on_duckdb = catalogue_run(snapshot=snap, rules=rules, engine="duckdb")
    on_spark = catalogue_run(snapshot=snap, rules=rules, engine="spark")
    fired = {f.rule for f in on_duckdb}
    assert on_spark == on_duckdb
    assert len(on_duckdb) > 50 and len(fired) >= len(rules) // 2
