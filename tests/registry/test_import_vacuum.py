import pytest
from django.db import connection

from fangfanpin.registry.services import national_file_load
from tests.factories import household_make, township_make

from .national_files import family, write_csv

TABLES = ("registry_household", "registry_householdyear", "registry_member")


def _state() -> list[tuple[str, bool, float]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages > 0 AND relallvisible = relpages, reltuples FROM pg_class"
            " WHERE relname = ANY(%s) ORDER BY relname",
            [list(TABLES)],
        )
        return cursor.fetchall()


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_household_import_leaves_postgresql_counting_from_the_indexes(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the visibility map and VACUUM are PostgreSQL's (scripts/test.sh runs this on PostgreSQL only)"
        )
    household_make(village=township_make().heping, head="王五")  # not a first load: a household is there
    national_file_load(path=write_csv(tmp_path / "a.csv", family()))
    # Every page all-visible and the row counts known: what VACUUM leaves.
    assert _state() == [
        ("registry_household", True, 2.0),
        ("registry_householdyear", True, 2.0),
        ("registry_member", True, 4.0),
    ]
    # Statistics for the columns the household list uses, and only those: autovacuum analyzes the rest.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, array_agg(attname::text ORDER BY attname) FROM pg_stats"
            " WHERE tablename = ANY(%s) GROUP BY tablename ORDER BY tablename",
            [list(TABLES)],
        )
        assert cursor.fetchall() == [
            ("registry_household", ["household_no", "kind", "village_id"]),
            ("registry_householdyear", ["category", "eliminated", "household_id", "per_capita", "year"]),
            ("registry_member", ["household_id", "id_number", "name", "name_initials"]),
        ]
