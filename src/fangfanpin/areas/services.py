"""Writes to areas and users."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fangfanpin.areas.models import Area, User
from fangfanpin.areas.seed import BASE_AREAS, DEMO_TOWN, DEMO_VILLAGES, MONITORING_LINES
from fangfanpin.core.audit import audit
from fangfanpin.core.enums import AreaLevel, Role

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


def group_code(village_code: str, index: int) -> str:
    """The 15-character code of a village's n-th villager group (groups have no national code)."""
    return f"{village_code}{index:03d}"


def group_ensure(*, village_code: str, name: str, cache: dict[tuple[str, str], Area] | None = None) -> Area:
    """Return the village's group of that name, creating it with the next free code.

    With a cache (one per import), the first call for a village reads all its groups in one query, and later
    calls build nothing before they look.
    """
    assert name, "a group has a name"
    cache = {} if cache is None else cache
    key = (village_code, name)
    if key in cache:
        return cache[key]
    loaded = (village_code, "")  # group names are never empty: this key marks a village already read
    if loaded not in cache:
        cache[loaded] = Area(code=village_code, level=AreaLevel.VILLAGE)
        for group in Area.objects.filter(parent_id=village_code, level=AreaLevel.GROUP):
            cache[(village_code, group.name)] = group
    if key not in cache:
        taken = sum(1 for code, _ in cache if code == village_code) - 1
        cache[key] = Area.objects.create(
            code=group_code(village_code, taken + 1), name=name, level=AreaLevel.GROUP, parent_id=village_code
        )
    return cache[key]


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    area: Area,
    full_name: str = "",
    department: str = "",
    actor: Any = None,
) -> User:
    """Create a user who acts in one role on one area; a department user needs a department code."""
    if role not in Role.values:
        raise ValidationError(f"未知角色“{role}”")
    if role == Role.DEPARTMENT and not department:
        raise ValidationError("部门用户须填写部门代码")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”已存在")
    user = User(username=username, role=role, area=area, full_name=full_name, department=department)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit("areas.user.created", actor=actor, subject=username, role=role, area=area.code)
    return user


DEMO_PASSWORD = "demo12345"
# (username, role, area code, full name, department)
DEMO_USERS = [
    ("cun_lianhe", Role.VILLAGE_OPERATOR, "533401101201", "联合村操作员", ""),
    ("cun_heping", Role.VILLAGE_OPERATOR, "533401101202", "和平村操作员", ""),
    ("zhucun", Role.WORK_TEAM, "533401101201", "联合村驻村工作队", ""),
    ("xiangzhen", Role.TOWNSHIP_ADMIN, DEMO_TOWN[0], "小中甸镇管理员", ""),
    ("shiji", Role.CITY_ADMIN, "533401000000", "香格里拉市管理员", ""),
    ("bumen_gongan", Role.DEPARTMENT, "533401000000", "公安户籍", "gongan_huji"),
    ("ducha", Role.SUPERVISOR, DEMO_TOWN[0], "小中甸镇督导", ""),
]


@transaction.atomic
def demo_users_create() -> list[tuple[str, str, str]]:
    """Create one demo user per role for the demo township (skipping existing ones); list them."""
    area_seed_base()
    area_ensure_many(specs=[DEMO_TOWN, *DEMO_VILLAGES])
    listed = []
    for username, role, code, full_name, department in DEMO_USERS:
        area = Area.objects.get(code=code)
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                area=area,
                full_name=full_name,
                department=department,
            )
        listed.append((username, Role(role).label, area.name))
    return listed
