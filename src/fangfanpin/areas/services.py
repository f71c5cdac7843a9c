"""Writes to areas and users."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from fangfanpin.areas.models import Area
from fangfanpin.areas.seed import BASE_AREAS, MONITORING_LINES
from fangfanpin.core.enums import AreaLevel

AreaSpec = tuple[str, str, str, str | None]


@transaction.atomic
def area_ensure_many(*, specs: Iterable[AreaSpec]) -> int:
    """Create the listed areas (code, name, level, parent code) that do not exist yet; return how many."""
    existing = set(Area.objects.values_list("code", flat=True))
    created = 0
    for code, name, level, parent in specs:
        if code not in existing:
            Area.objects.create(code=code, name=name, level=level, parent_id=parent)
            existing.add(code)
            created += 1
    return created


def area_seed_base() -> None:
    """Create the province, city and counties and the monitoring lines every installation needs."""
    from fangfanpin.registry.models import MonitoringLine

    area_ensure_many(specs=BASE_AREAS)
    for code, year, yuan in MONITORING_LINES:
        MonitoringLine.objects.get_or_create(area_id=code, year=year, defaults={"yuan": Decimal(yuan)})


def group_code(village: Area, index: int) -> str:
    """The 15-character code of a village's n-th villager group (groups have no national code)."""
    return f"{village.code}{index:03d}"


def group_ensure(*, village: Area, name: str, cache: dict[tuple[str, str], Area] | None = None) -> Area:
    """Return the village's group of that name, creating it with the next free code."""
    key = (village.code, name)
    if cache is not None and key in cache:
        return cache[key]
    group = Area.objects.filter(parent=village, name=name, level=AreaLevel.GROUP).first()
    if group is None:
        taken = Area.objects.filter(parent=village, level=AreaLevel.GROUP).count()
        group = Area.objects.create(
            code=group_code(village, taken + 1), name=name, level=AreaLevel.GROUP, parent=village
        )
    if cache is not None:
        cache[key] = group
    return group
