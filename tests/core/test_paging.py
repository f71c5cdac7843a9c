from decimal import Decimal

import pytest

from fangfanpin.core.paging import BoundedPaginator
from fangfanpin.registry.models import MonitoringLine
from tests.factories import township_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    """25 rows: the monitoring lines of one village for 2000-2024."""
    village = township_make().lianhe
    MonitoringLine.objects.bulk_create(
        MonitoringLine(area=village, year=year, yuan=Decimal(6000)) for year in range(2000, 2025)
    )
    return MonitoringLine.objects.filter(area=village).order_by("year")


def paginator(rows, asked, limit):
    return BoundedPaginator(rows, 5, asked=asked, limit=limit)


def test_without_a_limit_it_counts_every_row(rows):
    pages = paginator(rows, None, None)
    assert (pages.count, pages.exact, pages.num_pages) == (25, True, 5)


def test_it_counts_exactly_up_to_the_limit(rows):
    pages = paginator(rows, "1", 20)
    assert (pages.bound, pages.count, pages.exact, pages.num_pages) == (25, 25, True, 5)


def test_past_the_limit_it_knows_only_that_there_are_more(rows):
    pages = paginator(rows, "1", 10)
    page = pages.asked_page()
    assert (pages.bound, pages.count, pages.exact, page.has_next()) == (15, 16, False, True)
    assert [line.year for line in page] == [2000, 2001, 2002, 2003, 2004]


def test_the_bound_moves_with_the_page_asked_for_so_paging_never_ends_early(rows):
    third = paginator(rows, "3", 5)
    assert (third.bound, third.count, third.exact, third.asked_page().has_next()) == (20, 21, False, True)
    fourth = paginator(rows, "4", 5)
    assert (fourth.bound, fourth.count, fourth.exact, fourth.num_pages) == (25, 25, True, 5)
    assert [line.year for line in fourth.asked_page()] == [2015, 2016, 2017, 2018, 2019]


@pytest.mark.parametrize("asked", [None, "", "abc", "0", "-3"])
def test_a_page_that_is_not_a_page_number_is_counted_as_the_first(rows, asked):
    pages = paginator(rows, asked, 10)
    assert (pages.bound, pages.count) == (15, 16)
    assert pages.asked_page().number == 1


def test_a_page_past_the_end_is_the_last_page(rows):
    pages = paginator(rows, "99", 10)
    assert (pages.count, pages.exact, pages.asked_page().number) == (25, True, 5)
