"""Household income as GLOSSARY defines it, and the monitoring line that applies to an area and year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from fangfanpin.core.enums import AREA_PREFIX_LEN, MemberStatus

CENT = Decimal("0.01")
INCOME_FIELDS = ("wage_income", "business_income", "property_income", "transfer_income", "business_expense")


def income_period_end(year: int) -> dt.date:
    """The last day of a year's income period (2020-10-01 … 2021-09-30 for 2021)."""
    return dt.date(year, 9, 30)


def counts_in_population(status: str, change_date: dt.date | None, year: int) -> bool:
    """Registered members count; naturally removed ones only if removed after the period ended."""
    if status != MemberStatus.REMOVED:
        return True
    return change_date is not None and change_date > income_period_end(year)


def net_income(items: dict[str, Decimal | None]) -> Decimal | None:
    """家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出; None when no item is known."""
    parts = [items.get(k) for k in ("wage_income", "business_income", "property_income", "transfer_income")]
    expense = items.get("business_expense")
    if all(p is None for p in parts) and expense is None:
        return None
    total = sum((p or Decimal(0) for p in parts), Decimal(0))
    return total - (expense or Decimal(0))


def per_capita(net: Decimal | None, population: int) -> Decimal | None:
    if net is None or population <= 0:
        return None
    return (net / population).quantize(CENT, rounding=ROUND_HALF_UP)


def population_of(members: Iterable[tuple[str, dt.date | None]], year: int) -> int:
    return sum(1 for status, changed in members if counts_in_population(status, changed, year))


def line_for(lines: dict[tuple[str, int], Decimal], area_code: str, year: int) -> Decimal | None:
    """The monitoring line of the nearest ancestor area that has one for the year."""
    for length in sorted(AREA_PREFIX_LEN.values(), reverse=True):
        prefix = area_code[:length]
        for (code, line_year), yuan in lines.items():
            if line_year == year and code.startswith(prefix) and code[length:].strip("0") == "":
                return yuan
    return None
