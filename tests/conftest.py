"""Personas (STYLE.md §9): one signed-in user per kind of person the pages must tell apart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from fangfanpin.areas.models import User
from fangfanpin.areas.services import user_create
from fangfanpin.core.enums import Role

from .factories import Township, township_make

PASSWORD = "demo12345"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Hash passwords cheaply in tests: the production hasher's cost is the point of it, not of the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """Every test keeps its files (snapshots, department data, uploads) in a folder of its own."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    return settings.VAR_DIR


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:
    """Run background tasks at once, in the test's transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def township(db) -> Township:
    return township_make()


def _persona(username: str, role: str, area, **extra: str) -> User:
    return user_create(username=username, password=PASSWORD, role=role, area=area, **extra)


@pytest.fixture
def village_operator(township: Township) -> User:
    """村级操作员 of 联合村."""
    return _persona("cun_lianhe", Role.VILLAGE_OPERATOR, township.lianhe, full_name="联合村操作员")


@pytest.fixture
def other_village_operator(township: Township) -> User:
    """村级操作员 of 和平村."""
    return _persona("cun_heping", Role.VILLAGE_OPERATOR, township.heping, full_name="和平村操作员")


@pytest.fixture
def work_team(township: Township) -> User:
    """驻村工作队 of 联合村."""
    return _persona("zhucun", Role.WORK_TEAM, township.lianhe, full_name="联合村驻村工作队")


@pytest.fixture
def township_admin(township: Township) -> User:
    """乡镇管理员 of 小中甸镇."""
    return _persona("xiangzhen", Role.TOWNSHIP_ADMIN, township.town, full_name="小中甸镇管理员")


@pytest.fixture
def city_admin(township: Township) -> User:
    """市(县)级管理员 of 香格里拉市."""
    return _persona("shiji", Role.CITY_ADMIN, township.city, full_name="香格里拉市管理员")


@pytest.fixture
def department_user(township: Township) -> User:
    """部门用户 of 公安户籍, at city level."""
    return _persona(
        "bumen_gongan", Role.DEPARTMENT, township.city, full_name="公安户籍", department="gongan_huji"
    )


@pytest.fixture
def supervisor(township: Township) -> User:
    """督导 of 小中甸镇: reads everything in the township, writes nothing, never sees full IDs."""
    return _persona("ducha", Role.SUPERVISOR, township.town, full_name="小中甸镇督导")


@pytest.fixture
def client_as(client: Client) -> Callable[[User], Client]:
    """Sign the test client in as a persona."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
