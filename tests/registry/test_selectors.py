from decimal import Decimal

import pytest

from fangfanpin.registry.models import MonitoringLine
from fangfanpin.registry.selectors import (
    HouseholdFilters,
    household_list,
    line_for,
    search_kind,
    years_with_data,
)
from tests.factories import HouseholdYearFactory, household_make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("张三", "name"), ("zs", "initials"), ("ZS", "initials"), ("5334011012010001", "number"),
        ("533421198001181234", "number"), ("53342119900101000X", "id"), ("53342119900101000x", "id"),
        ("张s", "name"),
    ],
)  # fmt: skip
def test_it_tells_the_kind_of_search_from_its_shape(q, kind):
    assert search_kind(q) == kind


def test_the_line_of_the_province_applies_without_a_nearer_one(township):
    assert line_for("533401101201", 2021) == Decimal("6000")


def test_the_line_of_the_nearest_ancestor_applies(township):
    MonitoringLine.objects.create(area_id="533401000000", year=2021, yuan=Decimal("6200"))
    MonitoringLine.objects.create(area_id="533401101000", year=2021, yuan=Decimal("6500"))
    assert (line_for("533401101201", 2021), line_for("533422101201", 2021)) == (
        Decimal("6500"),
        Decimal("6000"),
    )
    assert line_for("533401101201", 2020) == Decimal("6000")


def test_there_is_no_line_for_a_year_nobody_set(township):
    assert line_for("533401101201", 2030) is None


def test_a_department_user_gets_no_households(department_user, township):
    household_make(village=township.lianhe)
    assert list(household_list(user=department_user, filters=HouseholdFilters())) == []


def test_a_user_without_an_area_gets_no_households(township):
    from fangfanpin.areas.models import User

    household_make(village=township.lianhe)
    assert list(household_list(user=User(role="city_admin"), filters=HouseholdFilters())) == []


def test_the_years_with_data_are_listed_oldest_first(township):
    household = household_make(village=township.lianhe, year=2021)
    HouseholdYearFactory(household=household, year=2019)
    assert years_with_data() == [2019, 2021]
