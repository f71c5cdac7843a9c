"""Household income of the synthetic registry: the year's items, at identification and after elimination.

Money is whole yuan in ints and per-capita income is fen, so the hot loop never touches Decimal; the
texts are written the way `core.values.format_decimal` writes numbers (shortest exact form).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fangfanpin.registry.synth_people import Draw, Person, between


@dataclass(slots=True)
class Income:
    wage_income: int = 0
    business_income: int = 0
    property_income: int = 0
    transfer_income: int = 0
    business_expense: int = 0
    claim_income: int = 0
    medical_expense: int = 0

    @property
    def net(self) -> int:
        """家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出."""
        return (
            self.wage_income
            + self.business_income
            + self.property_income
            + self.transfer_income
            - self.business_expense
        )


def per_capita_fen(net: int, people: int) -> int:
    """Divide yuan among people into fen, rounding half to even (as Decimal.quantize does)."""
    quotient, rest = divmod(abs(net) * 100, people)
    if 2 * rest > people or (2 * rest == people and quotient % 2):
        quotient += 1
    return -quotient if net < 0 else quotient


def settle(income: Income, people: int) -> None:
    """Move business income by a yuan where per-capita income falls exactly on half a fen.

    No tie is left, so every rounding mode a reader may use gives the same per-capita figure.
    """
    while 2 * (income.net * 100 % people) == people:
        income.business_income += 1


def decimal_text(units: int, places: int) -> str:
    """Write units of 10**-places in the shortest exact form: 123450 fen → '1234.5'."""
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10**places)
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:0{places}d}".rstrip("0")


def fen_text(fen: int) -> str:
    """Write fen as yuan: 123450 → '1234.5'."""
    return decimal_text(fen, 2)


# --- the year's income ---------------------------------------------------------------------------------


def target_common(r: Draw, lifted: bool) -> int:
    """Draw per-capita income of a household nobody monitors: lognormal, safely above the line."""
    median = 10_500 if lifted else 13_000
    value = int(median * math.exp(0.45 * (r() + r() + r() + r() + r() + r() - 3.0)))
    return value if value >= 6300 else 6300 + between(r, 0, 3000)


def yearly_income(r: Draw, people: list[Person], target: int, ill: bool) -> Income:
    """Add up the year's income items from the members' work, jobs and benefits, then farming to the target."""
    income = Income()
    for p in people:
        income.wage_income += p.monthly_pay * p.work_months + p.public_job_pay * p.public_job_months
        income.transfer_income += _benefits(r, p)
    if r() < 0.7:
        income.transfer_income += between(r, 10, 90) * 10  # 生态补偿金 for forest land
    income.property_income = 0 if r() < 0.55 else between(r, 2, 30) * 100
    income.medical_expense = _medical(r, people)
    if ill and income.medical_expense < 500:
        income.medical_expense = between(r, 5, 30) * 100
    income.claim_income = between(r, 10, 200) * 100 if r() < 0.03 else 0
    fill_business(r, income, len(people), target)
    return income


def _benefits(r: Draw, p: Person) -> int:
    amount = 0
    if p.dibao:
        amount += between(r, 240, 420) * 10
    if p.tekun:
        amount += between(r, 600, 750) * 10
    if p.age >= 60 and p.resident_pension:
        amount += between(r, 130, 200) * 10
    if p.disabled:
        amount += between(r, 60, 130) * 10
    return amount


def _medical(r: Draw, people: list[Person]) -> int:
    """Draw compliant out-of-pocket medical spending: large for serious illness, some for chronic."""
    total = 0
    for p in people:
        if p.serious:
            total += int(8000 * math.exp(0.6 * (r() + r() + r() + r() - 2.0)))
        elif p.chronic and r() < 0.6:
            total += between(r, 3, 40) * 100
    if not total and r() < 0.15:
        total = between(r, 1, 6) * 100
    return total


def fill_business(r: Draw, income: Income, people: int, target: int) -> None:
    """Set farming and livestock income and its costs so that per-capita net income reaches the target."""
    ratio = 0.2 + 0.3 * r()
    need = target * people - (income.wage_income + income.property_income + income.transfer_income)
    if need < 500:
        need = between(r, 5, 30) * 100  # every farm household makes a little from its land
    income.business_income = round(need / (1 - ratio))
    income.business_expense = income.business_income - need
    settle(income, people)


def fitted_income(r: Draw, base: Income, people: int, target: int, wage_share: float) -> Income:
    """Derive another period's income from this year's, scaled so that per-capita net is exactly the target."""
    income = Income(
        wage_income=int(base.wage_income * wage_share),
        property_income=base.property_income,
        transfer_income=int(base.transfer_income * (0.85 + 0.15 * r())),
    )
    goal = target * people
    fixed = income.wage_income + income.property_income + income.transfer_income
    if fixed > goal * 0.7:
        scale = goal * 0.6 / fixed
        income.wage_income = int(income.wage_income * scale)
        income.property_income = int(income.property_income * scale)
        income.transfer_income = int(income.transfer_income * scale)
    fill_business(r, income, people, target)
    return income
