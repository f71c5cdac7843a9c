"""What the household page shows of a household-year: income against the line, status, measures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from fangfanpin.core.enums import INCOME_ITEMS
from fangfanpin.registry import income
from fangfanpin.registry.models import HouseholdYear

Lines = dict[tuple[str, int], Decimal]
MEASURE_FIELDS = (
    "m_industry", "m_employment", "m_finance", "m_public_job", "m_health", "m_compulsory_education",
    "m_education", "m_security", "m_housing", "m_water", "m_social", "m_relocation", "m_living_conditions",
    "m_infrastructure",
)  # fmt: skip
# 收入 items in the order of the national form; 理赔收入 is shown but is not part of 家庭纯收入.
INCOME_SHOWN = ("wage_income", "business_income", "property_income", "transfer_income", "business_expense",
                "claim_income", "medical_expense")  # fmt: skip


@dataclass(frozen=True)
class YearIncome:
    """One year's income as recorded and as computed, against the line of the household's area."""

    record: HouseholdYear
    line: Decimal | None

    @property
    def year(self) -> int:
        return self.record.year

    @property
    def items(self) -> list[tuple[str, Decimal | None]]:
        return [(INCOME_ITEMS[name], getattr(self.record, name)) for name in INCOME_SHOWN]

    @property
    def below_line(self) -> bool:
        per_capita = self.record.per_capita
        return per_capita is not None and self.line is not None and per_capita < self.line

    @property
    def per_capita_differs(self) -> bool:
        """Whether the recorded 人均纯收入 disagrees with the computed one."""
        recorded, computed = self.record.per_capita_recorded, self.record.per_capita
        return recorded is not None and computed is not None and recorded != computed


def year_incomes(records: Iterable[HouseholdYear], *, area_code: str, lines: Lines) -> list[YearIncome]:
    """Each record with the monitoring line of the area and its year."""
    return [YearIncome(r, income.line_for(lines, area_code, r.year)) for r in records]


def measures(record: HouseholdYear | None) -> list[tuple[str, str]]:
    """The record's measures as exported: (measure type, values) for each type that has values."""
    if record is None:
        return []
    return [(_label(name), getattr(record, name)) for name in MEASURE_FIELDS if getattr(record, name)]


def _label(name: str) -> str:
    return str(getattr(HouseholdYear._meta.get_field(name), "verbose_name", name))
