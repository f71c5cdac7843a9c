"""Reads of households, always scoped to the user's areas; and the monitoring line of an area and year."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, DecimalField, Exists, F, Min, Model, OuterRef, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from fangfanpin.core.access import REGISTRY_ROLES, area_scope_q, refuse_write
from fangfanpin.core.enums import AREA_PREFIX_LEN, MonitoringCategory
from fangfanpin.core.idcard import normalize_id, normalize_text
from fangfanpin.core.search import code_prefix_q, text_prefix_q
from fangfanpin.registry import income
from fangfanpin.registry.models import Change, Household, HouseholdYear, Member, MonitoringLine

NOT_MONITORED = "未监测"
MIN_ID_PREFIX = 6
# How many households a number search may find by 户编号, and as many by ID, and still ask for them by key.
MAX_KEYS = 1000
_NUMBER = re.compile(r"^\d+X?$")
_LETTERS = re.compile(r"^[a-z]+$")

LineKey = tuple[str, int]


@dataclass(frozen=True)
class HouseholdFilters:
    """What the household list is narrowed to; empty values mean no narrowing."""

    year: int | None = None
    q: str = ""
    village: str = ""
    kind: str = ""
    category: str = ""  # a MonitoringCategory, NOT_MONITORED or ""
    eliminated: bool | None = None
    below_line: bool = False


# The columns the household list below searches, filters, joins and orders on, by table: an import has
# PostgreSQL analyze these at once (registry.services), so that the clerk's first searches are well planned.
LIST_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Household: ("village_id", "household_no", "kind"),
    HouseholdYear: ("household_id", "year", "category", "eliminated", "per_capita"),
    Member: ("household_id", "name", "name_initials", "id_number"),
}


def household_scope(*, user: Any) -> QuerySet[Household]:
    """Every household in the user's areas; none for roles that may not see households."""
    if getattr(user, "role", "") not in REGISTRY_ROLES:
        return Household.objects.none()
    return Household.objects.filter(area_scope_q("village_id", user))


def get_household_for_user(request: HttpRequest, pk: int) -> Household:
    """The household if it lies in the user's areas (else 404); 403 for a read-only user's write."""
    refuse_write(request)
    households = household_scope(user=request.user).select_related("village__parent", "group")
    return get_object_or_404(households, pk=pk)


def household_list(*, user: Any, filters: HouseholdFilters) -> QuerySet[Household]:
    """The user's households matching the search and filters, by village and 户编号."""
    households = household_scope(user=user)
    if filters.q:
        households = households.filter(search_q(filters.q))
    if filters.village:
        households = households.filter(village_id=filters.village)
    if filters.kind:
        households = households.filter(kind=filters.kind)
    if filters.year is not None:
        households = _year_filtered(households, filters)
    # Village first: the (village, 户编号) index then serves both the area range and the order, so the first
    # page needs no sort of every household in the area (户编号 begin with the village code anyway).
    # Areas are fetched for the page's rows apart (prefetch, not a join): a search's row estimate can be far
    # too low, and a join planned for one row rescanned every area for each of 2,701 matches (1.3 s).
    return households.prefetch_related("village", "group").order_by("village_id", "household_no")


def search_kind(q: str) -> str:
    """Tell from its shape what a search is: id, number (户编号 or ID prefix), initials or name."""
    number = normalize_id(q)
    if _NUMBER.match(number):
        return "id" if number.endswith("X") else "number"
    if _LETTERS.match(normalize_text(q).lower()):
        return "initials"
    return "name"


def search_q(q: str) -> Q:
    """The condition on households for a search by name, pinyin initials, 户编号 or ID number."""
    kind = search_kind(q)
    if kind == "initials":
        return _with_member(text_prefix_q("name_initials", normalize_text(q).lower()))
    if kind == "name":
        return _with_member(text_prefix_q("name", normalize_text(q)))
    number = normalize_id(q)
    # Exact IDs match as prefixes too: a 20/22-character 残疾人证 number starts with its holder's ID.
    if kind == "id":
        return _with_member(text_prefix_q("id_number", number))
    if len(number) < MIN_ID_PREFIX:
        return text_prefix_q("household_no", number)
    return _number_q(number)


def _number_q(number: str) -> Q:
    """Households whose 户编号 or a member's ID starts with `number`, asked the way that is fast for it.

    A few of each (a whole 户编号 or ID): a list of keys, which both databases look up by key. Thousands of
    户编号 (53340111, a township): tested row by row, as the list's own order reaches a page of them at once.
    Thousands of IDs only (530112, a county of birth): one subquery of both matches.
    """
    by_no = text_prefix_q("household_no", number)
    by_id = Member.objects.filter(text_prefix_q("id_number", number))
    numbered = _first_keys(Household.objects.filter(by_no).values_list("pk", flat=True))
    with_id = _first_keys(by_id.values_list("household_id", flat=True))
    if numbered is None:
        if with_id is None:
            return by_no | Q(Exists(by_id.filter(household=OuterRef("pk"))))
        return by_no | Q(pk__in=sorted(with_id))
    if with_id is None:
        numbers = Household.objects.filter(by_no).order_by().values("pk")
        return Q(pk__in=numbers.union(by_id.order_by().values("household_id")))
    return Q(pk__in=sorted(numbered | with_id))


def _first_keys(keys: QuerySet[Any, int]) -> set[int] | None:
    """The keys when there are at most MAX_KEYS of them, else None."""
    first = list(keys.order_by()[: MAX_KEYS + 1])
    return set(first) if len(first) <= MAX_KEYS else None


def _with_member(condition: Q) -> Q:
    return Q(pk__in=Member.objects.filter(condition).values("household_id"))


def _year_filtered(households: QuerySet[Household], filters: HouseholdFilters) -> QuerySet[Household]:
    assert filters.year is not None
    # (household, year) is unique, so one join on the year's row narrows without duplicates; all its
    # conditions go in one filter() call so that they share that join.
    conditions: dict[str, Any] = {}
    if filters.category in MonitoringCategory.values:
        conditions["years__category"] = filters.category
    if filters.eliminated is not None:
        conditions["years__eliminated"] = filters.eliminated
    if filters.below_line:
        households = households.annotate(line=line_case(filters.year))
        conditions["years__per_capita__lt"] = F("line")
    if conditions:
        households = households.filter(years__year=filters.year, **conditions)
    if filters.category == NOT_MONITORED:
        monitored = HouseholdYear.objects.filter(
            household=OuterRef("pk"), year=filters.year, category__in=MonitoringCategory.values
        )
        households = households.exclude(Exists(monitored))
    return households


def years_with_data() -> list[int]:
    """The years that have household records, oldest first (one index seek per year)."""
    years: list[int] = []
    last = 0
    while (year := HouseholdYear.objects.filter(year__gt=last).aggregate(y=Min("year"))["y"]) is not None:
        years.append(year)
        last = year
    return years


def monitoring_lines(*, years: Iterable[int]) -> dict[LineKey, Decimal]:
    """Every monitoring line of these years, keyed by (area code, year)."""
    lines = MonitoringLine.objects.filter(year__in=list(years))
    return {(line.area_id, line.year): line.yuan for line in lines}


def line_for(area_code: str, year: int) -> Decimal | None:
    """The monitoring line of the nearest ancestor of the area (or the area itself) for the year."""
    codes = {
        area_code,
        *(area_code[:n].ljust(12, "0") for n in AREA_PREFIX_LEN.values() if n < len(area_code)),
    }
    lines = MonitoringLine.objects.filter(year=year, area_id__in=codes)
    return income.line_for({(line.area_id, line.year): line.yuan for line in lines}, area_code, year)


def line_case(year: int, field: str = "village_id") -> Case:
    """An SQL expression giving the line that applies to the area code `field` in the year."""
    lines = MonitoringLine.objects.filter(year=year).select_related("area")
    deepest_first = sorted(lines, key=lambda line: len(line.area.prefix), reverse=True)
    whens = [When(code_prefix_q(field, line.area.prefix), then=Value(line.yuan)) for line in deepest_first]
    return Case(*whens, default=Value(None), output_field=DecimalField(max_digits=10, decimal_places=2))


@dataclass(frozen=True)
class HouseholdRow:
    """A household of the list with its record and monitoring line for the selected year."""

    household: Household
    record: HouseholdYear | None
    line: Decimal | None

    @property
    def below_line(self) -> bool:
        per_capita = self.record.per_capita if self.record else None
        return per_capita is not None and self.line is not None and per_capita < self.line


def household_rows(households: Sequence[Household], *, year: int | None) -> list[HouseholdRow]:
    """Attach each household's record and line of the year (one query each, for a page of rows)."""
    if year is None:
        return [HouseholdRow(h, None, None) for h in households]
    records = {r.household_id: r for r in HouseholdYear.objects.filter(household__in=households, year=year)}
    lines = monitoring_lines(years=[year])
    return [
        HouseholdRow(h, records.get(h.pk), income.line_for(lines, h.village_id, year)) for h in households
    ]


def member_list(*, household: Household) -> QuerySet[Member]:
    return household.members.order_by("seq", "pk")


def household_year_list(*, household: Household) -> QuerySet[HouseholdYear]:
    return household.years.order_by("-year")


def change_list(*, household: Household) -> QuerySet[Change]:
    return household.changes.select_related("actor", "batch").order_by("-at", "-pk")
