"""Export the registry in the national household-member layout (FORMATS §1), one row per person."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from fangfanpin.areas.models import Area
from fangfanpin.core.exports import TableWriter
from fangfanpin.core.values import NUMERIC_KINDS, format_value
from fangfanpin.registry.columns import HOUSEHOLD_COLUMNS, Column
from fangfanpin.registry.models import Household, HouseholdYear, Member

EXPORT_COLUMNS = HOUSEHOLD_COLUMNS
CHUNK = 2000


def _area_names(areas: dict[str, Area], household: Household) -> dict[str, str]:
    village = areas[household.village_id]
    town = areas.get(village.parent_id or "")
    county = areas.get(town.parent_id or "") if town else None
    group = areas.get(household.group_id or "")
    return {
        "county": county.name if county else "",
        "town": town.name if town else "",
        "village": village.name,
        "group": group.name if group else "",
    }


def _cell(column: Column, source: Any, numeric: bool) -> Any:
    value = source.get(column.field) if isinstance(source, dict) else getattr(source, column.field)
    raw = None if isinstance(source, dict) else (source.raw or {}).get(column.field)
    if numeric and column.kind in NUMERIC_KINDS and value is not None:
        return value if isinstance(value, Decimal) else Decimal(value)
    return format_value(column.kind, value, raw)


def household_rows(*, households: Any, year: int, numeric: bool = False) -> Iterator[list[Any]]:
    """Yield one export row per member of each household that has a record for the year."""
    areas = {a.code: a for a in Area.objects.all()}
    ids = list(
        households.filter(years__year=year)
        .order_by("village_id", "household_no")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        homes = Household.objects.in_bulk(chunk)
        years = {y.household_id: y for y in HouseholdYear.objects.filter(household_id__in=chunk, year=year)}
        members: dict[int, list[Member]] = {}
        for member in Member.objects.filter(household_id__in=chunk).order_by("household_id", "seq", "id"):
            members.setdefault(member.household_id, []).append(member)
        for pk in chunk:
            sources = {"area": _area_names(areas, homes[pk]), "household": homes[pk], "year": years[pk]}
            for member in members.get(pk, []):
                sources["member"] = member
                yield [_cell(c, sources[c.entity], numeric) for c in EXPORT_COLUMNS]


def household_export(*, households: Any, year: int, out: Path) -> int:
    """Write the export to out (.csv or .xlsx by its name); return the number of rows."""
    count = 0
    with TableWriter(out, sheet_title=f"监测对象信息{year}") as writer:
        writer.row([c.header for c in EXPORT_COLUMNS])
        for row in household_rows(households=households, year=year, numeric=writer.xlsx):
            writer.row(row)
            count += 1
    return count
