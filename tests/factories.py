"""Factories: the demo township's areas, households, members and household-years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from fangfanpin.areas.models import Area
from fangfanpin.areas.seed import DEMO_TOWN, DEMO_VILLAGES
from fangfanpin.areas.services import area_ensure_many, area_seed_base
from fangfanpin.core.enums import HEAD, RESIDENT_ID, HouseholdKind, MemberStatus
from fangfanpin.core.idcard import make_id, parse_resident_id
from fangfanpin.core.pinyin import name_initials
from fangfanpin.registry.models import Household, HouseholdYear, Member

LIANHE, HEPING, TUANJIE = (code for code, *_ in DEMO_VILLAGES)
TOWN = DEMO_TOWN[0]
CITY = "533401000000"


@dataclass(frozen=True)
class Township:
    city: Area
    town: Area
    lianhe: Area
    heping: Area
    tuanjie: Area


def township_make() -> Township:
    """The base areas, the demo township (小中甸镇) and its three villages, with the 2020/2021 lines."""
    area_seed_base()
    area_ensure_many(specs=[DEMO_TOWN, *DEMO_VILLAGES])
    areas = Area.objects.in_bulk([CITY, TOWN, LIANHE, HEPING, TUANJIE])
    return Township(areas[CITY], areas[TOWN], areas[LIANHE], areas[HEPING], areas[TUANJIE])


def id_for(serial: int, *, born: dt.date = dt.date(1980, 1, 1)) -> str:
    """A valid resident ID of the demo county, distinct for each serial."""
    return make_id("533421", born + dt.timedelta(days=serial // 1000), serial % 1000)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.LazyFunction(lambda: Area.objects.get(code=LIANHE))
    household_no = factory.LazyAttributeSequence(lambda o, n: f"{o.village.code}{n + 1:04d}")
    kind = HouseholdKind.LIFTED
    phone = "13912345678"
    address = factory.LazyAttribute(lambda o: f"{o.village.parent.name}{o.village.name}")
    head_name = "张三"


def _id_info(number: str, field: str, default: Any) -> Any:
    info = parse_resident_id(number)
    return getattr(info, field) if info else default


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    household = factory.SubFactory(HouseholdFactory)
    seq = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: o.household.head_name)
    name_initials = factory.LazyAttribute(lambda o: name_initials(o.name))
    id_kind = RESIDENT_ID
    id_number = factory.Sequence(lambda n: id_for(500 + n))
    # Sex and birth date agree with the ID, as in clean data.
    sex = factory.LazyAttribute(lambda o: _id_info(o.id_number, "sex", "男"))
    birth_date = factory.LazyAttribute(lambda o: _id_info(o.id_number, "birth_date", None))
    relation = HEAD
    ethnicity = "藏族"
    health = "健康"
    labour_skill = "普通劳动力"
    status = MemberStatus.REGISTERED


class HouseholdYearFactory(DjangoModelFactory):
    class Meta:
        model = HouseholdYear

    household = factory.SubFactory(HouseholdFactory)
    year = 2021
    population_recorded = 3
    population = 3
    wage_income = Decimal("12000.00")
    business_income = Decimal("6000.00")
    property_income = Decimal("300.00")
    transfer_income = Decimal("2100.00")
    business_expense = Decimal("1500.00")
    medical_expense = Decimal("0.00")
    net_income = Decimal("18900.00")
    net_income_recorded = Decimal("18900.00")
    per_capita = Decimal("6300.00")
    per_capita_recorded = Decimal("6300.00")
    safe_water = True
    unsafe_housing = False


def household_make(
    *, village: Area, head: str = "张三", others: tuple[str, ...] = (), year: int | None = 2021, **record: Any
) -> Household:
    """A household with its head, other members (as 之子), and a record of the year unless year is None."""
    household = HouseholdFactory(village=village, head_name=head)
    MemberFactory(household=household, name=head, seq=1)
    for seq, name in enumerate(others, start=2):
        MemberFactory(household=household, name=name, seq=seq, relation="之子")
    if year is not None:
        HouseholdYearFactory(household=household, year=year, **record)
    return household
