import pytest
from django.db import connection

from fangfanpin.core.search import alnum_successor, code_prefix_q, text_prefix_q
from fangfanpin.registry.models import Household, Member


@pytest.mark.parametrize(
    ("prefix", "successor"),
    [
        ("533401", "533402"),
        ("5334019", "533402"),
        ("zs", "zt"),
        ("az", "b"),
        ("53342119800101123X", "53342119800101123Y"),
        ("999", None),
        ("zz", None),
    ],  # fmt: skip
)
def test_the_successor_bounds_every_string_with_the_prefix(prefix, successor):
    assert alnum_successor(prefix) == successor


def _plan(queryset) -> str:
    assert connection.vendor == "sqlite", "run with -m 'not sqlite_only' on other databases"
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_an_area_scope_is_an_index_range_on_sqlite():
    plan = _plan(Household.objects.filter(code_prefix_q("village_id", "533401101")))
    assert "USING INDEX" in plan and "village_id>? AND village_id<?" in plan


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_a_chinese_name_prefix_is_an_index_range_on_sqlite():
    plan = _plan(Member.objects.filter(text_prefix_q("name", "张")))
    assert "USING INDEX member_name (name>? AND name<?)" in plan


@pytest.mark.sqlite_only
@pytest.mark.django_db
def test_initials_without_a_successor_are_still_an_index_range_on_sqlite():
    plan = _plan(Member.objects.filter(text_prefix_q("name_initials", "zz")).order_by())
    assert "USING INDEX member_initials (name_initials>?)" in plan


@pytest.mark.django_db
def test_a_prefix_without_a_successor_matches_exactly():
    from tests.factories import household_make, township_make

    lianhe = township_make().lianhe
    household_make(village=lianhe, head="张志", others=("张芝梅", "张泽", "赵", "周芸"))
    found = Member.objects.filter(text_prefix_q("name_initials", "zz")).values_list("name", flat=True)
    assert set(found) == {"张志", "张芝梅", "张泽"}


@pytest.mark.django_db
def test_a_name_prefix_match_is_exact():
    from tests.factories import household_make, township_make

    lianhe = township_make().lianhe
    household_make(village=lianhe, head="张三", others=("张三丰", "章三"))
    names = Member.objects.filter(text_prefix_q("name", "张三")).values_list("name", flat=True)
    assert sorted(names) == ["张三", "张三丰"]
