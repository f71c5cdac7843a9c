"""The run's snapshot: tables handed over in memory, the same tables kept on disk, and COPY read from libpq."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from django.db import DatabaseError, connection, transaction

from fangfanpin.quality.snapshot import _copy_out, snapshot_build

from ..factories import HouseholdYearFactory
from .households import home


def test_the_files_kept_hold_exactly_the_tables_the_rules_read(township, tmp_path):
    household = home(township.lianhe, {}, {"name": "李四"}, per_capita=Decimal("7000.00"))
    HouseholdYearFactory(household=household, year=2020, per_capita=Decimal("6400.50"))
    HouseholdYearFactory(household=household, year=2019, per_capita=Decimal("5100.00"))
    with snapshot_build(year=2021, directory=tmp_path) as snap:
        in_memory = dict(snap.tables)
    for name in ("household", "member", "household_year", "household_prev", "village_line"):
        assert pq.read_table(tmp_path / f"{name}.parquet").equals(in_memory[name]), name
    assert in_memory["household_year"].column("year").to_pylist() == [2021]
    assert in_memory["household_prev"].column_names == ["household_id", "year", "per_capita"]
    assert in_memory["household_prev"].column("per_capita").to_pylist() == [Decimal("6400.50")]
    rows = json.loads((tmp_path / "manifest.json").read_text())["rows"]
    assert (rows["household"], rows["member"], rows["household_year"], rows["household_prev"]) == (1, 2, 1, 1)


@pytest.mark.postgresql_only
def test_copy_out_hands_over_every_row_in_blocks(db):
    blocks: list[bytes] = []
    _copy_out(
        "COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g) TO STDOUT (FORMAT csv)",
        lambda block: blocks.append(bytes(block)),
    )
    lines = b"".join(blocks).decode().splitlines()
    assert len(blocks) == 3  # two full megabytes, then the rest
    assert len(lines) == 20000
    assert lines[0] == "1," + "x" * 100
    assert lines[-1] == "20000," + "x" * 100


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("COPY (SELEC 1) TO STDOUT (FORMAT csv)", 'syntax error at or near "SELEC"'),
        ("COPY (SELECT 1 / (g - 3) FROM generate_series(1, 5) g) TO STDOUT (FORMAT csv)", "division by zero"),
    ],
)
def test_a_failing_copy_raises_the_servers_message_and_leaves_the_connection_usable(db, statement, message):
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        _copy_out(statement, lambda block: None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone() == (42,)
