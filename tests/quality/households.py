"""Households for the household-level rule tests: clean unless a test says otherwise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

from fangfanpin.areas.models import Area
from fangfanpin.core.enums import HEAD
from fangfanpin.core.idcard import make_id
from fangfanpin.registry.models import Household

from ..factories import HouseholdFactory, HouseholdYearFactory, MemberFactory

_serials = count(1)
# A monitored household with nothing wrong: risk 因病 with a 健康帮扶 measure, 已实施, ill head.
MONITORED = {
    "category": "脱贫不稳定户",
    "identified_month": dt.date(2021, 3, 1),
    "eliminated": False,
    "risk1": "因病",
    "m_health": "医疗救助",
    "development_done": "已实施",
    "m_industry": "种植",
    "medical_expense": Decimal("3000.00"),
    "id_per_capita": Decimal("5500.00"),
}
ELIMINATED = MONITORED | {
    "eliminated": True,
    "eliminated_month": dt.date(2021, 9, 1),
    "elimination_way": "帮扶消除",
    "el_per_capita": Decimal("6500.00"),
    "el_wage_income": Decimal("10000.00"),
    "el_business_income": Decimal("5000.00"),
    "el_transfer_income": Decimal("2000.00"),
}


def home(village: Area, *members: dict[str, Any], kind: str = "脱贫户", **record: Any) -> Household:
    """A household with a record of 2021 and the members given, the first as 户主.

    Members are insured adults with 普通劳动力 (MemberFactory's other defaults) unless their fields say
    otherwise; with no members given the household has its 户主 alone.
    """
    household = HouseholdFactory(village=village, kind=kind)
    for seq, fields in enumerate(members or ({},), start=1):
        defaults = {"relation": HEAD if seq == 1 else "之子", "resident_medical": True}
        MemberFactory(household=household, seq=seq, **(defaults | fields))
    HouseholdYearFactory(household=household, **record)
    return household


def child(name: str, born: dt.date, **fields: Any) -> dict[str, Any]:
    """A child's member fields: an ID of its birth date, no labour, 之子."""
    return {
        "name": name,
        "id_number": make_id("533421", born, next(_serials)),
        "relation": "之子",
        "labour_skill": "无劳动力",
        **fields,
    }


def found(result: list) -> dict[str, str]:
    """Each finding's description by its subject (the runner refuses a subject found twice)."""
    return {f.subject: f.description for f in result}
