import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError

from fangfanpin.areas.models import User
from fangfanpin.areas.services import demo_users_create, user_create
from fangfanpin.core.enums import Role
from fangfanpin.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_creates_a_user_with_a_role_and_an_area_and_audits_it(township):
    user = user_create(username="wang", password="secret123", role=Role.TOWNSHIP_ADMIN, area=township.town)
    assert (user.role, user.area_id) == ("township_admin", "533401101000")
    assert authenticate(username="wang", password="secret123") == user
    event = AuditEvent.objects.get()
    assert (event.verb, event.subject, event.data) == (
        "areas.user.created",
        "wang",
        {"role": "township_admin", "area": "533401101000"},
    )


def test_a_department_user_needs_a_department_code(township):
    with pytest.raises(ValidationError) as info:
        user_create(username="gongan", password="secret123", role=Role.DEPARTMENT, area=township.city)
    assert info.value.messages == ["部门用户须填写部门代码"]


def test_it_refuses_an_unknown_role(township):
    with pytest.raises(ValidationError) as info:
        user_create(username="x", password="secret123", role="boss", area=township.city)
    assert info.value.messages == ["未知角色“boss”"]


def test_it_refuses_a_taken_username(village_operator, township):
    with pytest.raises(ValidationError) as info:
        user_create(username="cun_lianhe", password="secret123", role=Role.WORK_TEAM, area=township.lianhe)
    assert info.value.messages == ["用户名“cun_lianhe”已存在"]


def test_it_creates_one_demo_user_per_role_and_lists_them(db):
    assert demo_users_create() == [
        ("cun_lianhe", "村级操作员", "联合村"),
        ("cun_heping", "村级操作员", "和平村"),
        ("zhucun", "驻村工作队", "联合村"),
        ("xiangzhen", "乡镇管理员", "小中甸镇"),
        ("shiji", "市(县)级管理员", "香格里拉市"),
        ("bumen_gongan", "部门用户", "香格里拉市"),
        ("ducha", "督导", "小中甸镇"),
    ]
    assert authenticate(username="ducha", password="demo12345").role == Role.SUPERVISOR
    assert User.objects.get(username="bumen_gongan").department == "gongan_huji"


def test_creating_the_demo_users_twice_changes_nothing(db):
    demo_users_create()
    demo_users_create()
    assert User.objects.count() == 7
