"""The run's snapshot: tables handed over in memory, the same tables kept on disk, and COPY read from libpq."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from django.db import DatabaseError, connection, transaction

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import catalogue_run, words_read
from fangfanpin.quality.snapshot import _copy_out, snapshot_build, snapshot_memory

from ..factories import HouseholdYearFactory, township_make
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


def test_columns_no_query_names_are_left_out_and_the_manifest_lists_those_kept(township, tmp_path):
    home(township.lianhe, {"political_status": "群众"})
    words = words_read(CATALOGUE.select(["ID-01"]))
    assert {"id_number", "household_id"} <= words and "political_status" not in words
    with snapshot_build(year=2021, directory=tmp_path, words=words) as snap:
        member = snap.tables["member"].column_names
        village_year = snap.tables["village_year"].column_names
    assert "political_status" not in member and "change_date" not in member
    assert {"id", "household_id", "id_number", "status", "birth_date"} <= set(member)
    assert "primary_schools" not in village_year and "id" in village_year  # the key is always kept
    assert pq.read_schema(tmp_path / "member.parquet").names == member
    assert json.loads((tmp_path / "manifest.json").read_text())["columns"]["member"] == member


def test_every_rule_runs_on_the_snapshot_its_words_leave(township, tmp_path):
    home(township.lianhe, {"political_status": "群众", "ethnicity": ""})
    rules = CATALOGUE.select()
    with snapshot_build(year=2021, directory=tmp_path, words=words_read(rules)) as snap:
        found = catalogue_run(snapshot=snap, rules=rules)
    assert found == catalogue_run(snapshot=snapshot_memory(year=2021), rules=rules)
    assert [(f.rule, f.description) for f in found if f.rule == "EMPTY-01"] == [
        ("EMPTY-01", "未填写：民族；文化程度、在校生状况、义务教育阶段未上学原因均为空")
    ]


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_two_connections_copy_one_snapshot_of_the_database(tmp_path):
    from fangfanpin.quality import snapshot

    township = township_make()
    household = home(township.lianhe, {}, {"name": "李四"}, per_capita=Decimal("7000.00"))
    HouseholdYearFactory(household=household, year=2020, per_capita=Decimal("6400.50"))
    assert all(snapshot._lanes(list(snapshot.REGISTRY_SOURCES)))  # each connection has tables to copy
    assert not connection.in_atomic_block
    with snapshot_build(year=2021, directory=tmp_path) as snap:
        copied = dict(snap.tables)
    expected = snapshot_memory(year=2021)
    for name in ("area", "household", "member", "household_year", "household_prev", "work", "village_year"):
        assert copied[name].equals(expected.tables[name]), name
    assert copied["member"].num_rows == 2 and copied["household_prev"].column("per_capita").to_pylist() == [
        Decimal("6400.50")
    ]
