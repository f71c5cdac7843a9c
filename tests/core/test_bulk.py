from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, transaction

from fangfanpin.core import bulk
from fangfanpin.core.bulk import ids_of, indexes_deferred, insert_many, insert_rows, page_cache
from fangfanpin.registry.models import Household, Member

from ..factories import household_make, township_make

pytestmark = pytest.mark.django_db(transaction=True)

MEMBER_INDEXES = {"member_id_number", "member_name", "member_initials"}


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    return {
        name for name, c in constraints.items() if c["index"] and not c["unique"] and not c["primary_key"]
    }


def test_an_empty_table_loses_its_secondary_indexes_while_written_and_gets_them_back():
    before = index_names()
    assert before == MEMBER_INDEXES | {"registry_member_household_id_a9201d74"}
    with transaction.atomic(), indexes_deferred(Member):
        assert index_names() == set()
    assert index_names() == before


def test_a_failed_write_restores_the_indexes():
    before = index_names()
    with pytest.raises(ValueError), transaction.atomic(), indexes_deferred(Member):
        raise ValueError("写入失败")
    assert index_names() == before


def test_a_table_with_rows_keeps_its_indexes():
    household_make(village=township_make().lianhe)
    before = index_names()
    with transaction.atomic(), indexes_deferred(Member):
        assert index_names() == before
    assert index_names() == before


def foreign_keys() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    return {name for name, c in constraints.items() if c["foreign_key"]}


@pytest.mark.postgresql_only
def test_postgresql_drops_an_empty_tables_foreign_keys_while_written_and_checks_them_after():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks foreign keys in place (scripts/test.sh runs this on PostgreSQL only)")
    before = foreign_keys()
    assert [c["foreign_key"] for c in _constraints(before)] == [("registry_household", "id")]
    with transaction.atomic(), indexes_deferred(Member):
        assert foreign_keys() == set()
        household = household_make(village=township_make().lianhe)
    assert foreign_keys() == before
    assert list(Member.objects.values_list("household_id", flat=True)) == [household.pk]


@pytest.mark.postgresql_only
def test_a_member_of_no_household_fails_the_check_when_its_key_comes_back():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite checks foreign keys in place (scripts/test.sh runs this on PostgreSQL only)")
    before = foreign_keys()
    with pytest.raises(IntegrityError, match="household_id"), transaction.atomic(), indexes_deferred(Member):
        insert_rows(Member, ["name", "household_id", "seq", "raw"], [("扎西", 999_999, 1, {})])
    assert foreign_keys() == before
    assert not Member.objects.exists()


def _constraints(names: set[str]) -> list[dict]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    return [constraints[name] for name in sorted(names)]


def test_ids_of_maps_each_key_held_to_its_row_in_chunks_of_a_thousand():
    village = township_make().lianhe
    first, _, third = (household_make(village=village) for _ in range(3))
    wanted = [*(f"X{n:04d}" for n in range(1500)), third.household_no, first.household_no]
    assert ids_of(Household, "household_no", wanted) == {
        third.household_no: third.pk,
        first.household_no: first.pk,
    }
    assert ids_of(Household, "household_no", []) == {}


def test_insert_rows_takes_values_in_the_given_order_and_defaults_for_the_rest():
    household = household_make(village=township_make().lianhe)
    names = ["name", "household_id", "seq", "raw", "name_initials"]
    rows = [
        ("扎西", household.pk, 2, {}, "zx"),
        ("卓玛", household.pk, 3, {"birth_date": "1990-02-30"}, "zm"),
    ]
    assert insert_rows(Member, names, rows) == 2
    assert insert_rows(Member, names, []) == 0
    stored = Member.objects.filter(household=household, seq__gt=1).order_by("seq")
    assert [(m.name, m.seq, m.raw, m.name_initials, m.status, m.id_number) for m in stored] == [
        ("扎西", 2, {}, "zx", "在册", ""),
        ("卓玛", 3, {"birth_date": "1990-02-30"}, "zm", "在册", ""),
    ]


def test_insert_many_takes_dicts_with_defaults_for_missing_fields():
    household = household_make(village=township_make().lianhe)
    assert insert_many(Member, [{"name": "扎西", "household_id": household.pk, "seq": 2, "raw": {}}]) == 1
    member = Member.objects.get(household=household, seq=2)
    assert (member.name, member.seq, member.raw, member.name_initials, member.status) == (
        "扎西",
        2,
        {},
        "",
        "在册",
    )


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


@pytest.mark.sqlite_only
def test_page_cache_holds_more_pages_inside_and_gives_them_back_after_a_failure():
    before = _cache_size()
    with pytest.raises(ValueError), page_cache(1024):
        assert _cache_size() == -1024 * 1024
        raise ValueError("写入失败")
    assert (before, _cache_size()) == (-262144, -262144)


def _pragma(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.mark.sqlite_only
def test_sqlite_builds_the_indexes_with_a_helper_thread_and_takes_it_back_after(monkeypatch):
    seen = []
    real = bulk._room_to_sort

    @contextmanager
    def watched(cursor):
        with real(cursor):
            seen.append(_pragma("threads"))
            yield

    monkeypatch.setattr(bulk, "_room_to_sort", watched)
    with transaction.atomic(), indexes_deferred(Member):
        pass
    assert (seen, _pragma("threads")) == ([2], 0)
