"""Reads of areas, always scoped to the user's own area and everything below it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fangfanpin.areas.models import Area
from fangfanpin.core.access import area_scope_q
from fangfanpin.core.enums import AreaLevel


def area_list(*, user: Any) -> QuerySet[Area]:
    """The areas the user acts on: the user's area and everything below it."""
    return Area.objects.filter(area_scope_q("code", user))


def village_list(*, user: Any) -> QuerySet[Area]:
    """The villages (行政村) the user acts on, in code order."""
    return area_list(user=user).filter(level=AreaLevel.VILLAGE).order_by("code")
