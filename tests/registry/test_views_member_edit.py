"""The member edit form: the fields a village fixes most, refusing what an import keeps only as a problem."""

from __future__ import annotations

import datetime as dt

import pytest

from fangfanpin.core.idcard import make_id
from fangfanpin.core.models import AuditEvent
from fangfanpin.registry.models import Change
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db

ID = "533421198001181234"
BAD_ID = "533421198001181235"  # check digit should be 4
CHILD_ID = make_id("533421", dt.date(2012, 3, 15), 2)


@pytest.fixture
def household(township):
    return HouseholdFactory(village=township.lianhe, head_name="张三")


@pytest.fixture
def member(household):
    """张三's son, whose ID fails its check digit and whose 劳动技能 contradicts his age."""
    return MemberFactory(
        household=household,
        name="张小明",
        relation="之子",
        id_number=BAD_ID,
        sex="男",
        birth_date=dt.date(2012, 3, 15),
        labour_skill="普通劳动力",
        school_status="四年级",  # not in the code list: the import kept it as written
        health="健康",
        dibao="农村低保",
        tekun="不享受",
    )


def url(member) -> str:
    return f"/households/{member.household_id}/members/{member.pk}/edit/"


def valid(**changes) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "id_number": ID,
        "sex": "男",
        "birth_date": "1980-01-18",
        "relation": "之子",
        "health": ["健康"],
        "labour_skill": "普通劳动力",
        "school_status": "",
        "education": "初中",
        "work_months": "",
        "resident_medical": "是",
        "employee_medical": "否",
        "dibao": "农村低保",
        "tekun": "不享受",
    }
    return data | changes


def test_the_form_shows_the_stored_values_and_records_the_reveal(client_as, village_operator, member):
    page = client_as(village_operator).get(url(member)).content.decode()
    assert "<h1>修改成员：张小明</h1>" in page
    assert f'value="{BAD_ID}"' in page
    assert 'value="2012-03-15"' in page
    assert '<option value="普通劳动力" selected>普通劳动力</option>' in page
    event = AuditEvent.objects.get(verb="registry.member.revealed")
    assert (event.actor, event.subject, event.data) == (
        village_operator,
        member.household.household_no,
        {"member_id": member.pk},
    )


def test_a_value_outside_the_code_list_is_shown_as_stored_and_refused_until_changed(
    client_as, village_operator, member
):
    client = client_as(village_operator)
    page = client.get(url(member)).content.decode()
    assert '<option value="四年级" selected>四年级（不在代码表中）</option>' in page
    response = client.post(url(member), valid(school_status="四年级"))
    assert '<p class="error">“四年级”不在在校生状况代码表中，请重新选择</p>' in response.content.decode()
    assert not Change.objects.exists()


def test_saving_records_each_changed_field_and_audits_it(client_as, village_operator, member):
    data = valid(id_number=CHILD_ID, birth_date="2012-03-15", labour_skill="无劳动力", school_status="小学")
    response = client_as(village_operator).post(url(member), data)
    assert response.status_code == 302 and response["Location"] == f"/households/{member.household_id}/"
    member.refresh_from_db()
    assert (member.id_number, member.labour_skill, member.school_status) == (CHILD_ID, "无劳动力", "小学")
    assert (member.education, member.resident_medical, member.employee_medical) == ("初中", True, False)
    change = Change.objects.get()
    assert (change.household, change.actor, change.source) == (
        member.household,
        village_operator,
        "在线修改成员信息",
    )
    assert change.items == [
        {"what": "成员张小明", "field": "证件号码", "old": BAD_ID, "new": CHILD_ID},
        {"what": "成员张小明", "field": "劳动技能", "old": "普通劳动力", "new": "无劳动力"},
        {"what": "成员张小明", "field": "在校生状况", "old": "四年级", "new": "小学"},
        {"what": "成员张小明", "field": "文化程度", "old": "", "new": "初中"},
        {"what": "成员张小明", "field": "是否参加城乡居民基本医疗保险", "old": "", "new": "是"},
        {"what": "成员张小明", "field": "是否参加城镇职工基本医疗保险", "old": "", "new": "否"},
    ]
    event = AuditEvent.objects.get(verb="registry.member.updated")
    assert (event.actor, event.subject, event.data["member_id"]) == (
        village_operator,
        member.household.household_no,
        member.pk,
    )
    assert event.data["fields"] == [item["field"] for item in change.items]


def test_the_household_page_shows_the_change_and_a_message(client_as, village_operator, member):
    data = valid(id_number=CHILD_ID, birth_date="2012-03-15", labour_skill="无劳动力", school_status="小学")
    page = client_as(village_operator).post(url(member), data, follow=True).content.decode()
    assert "已保存张小明的证件号码、劳动技能、在校生状况、文化程度、" in page
    assert "成员张小明 · 劳动技能：" in page


def test_an_id_failing_its_check_digit_is_refused(client_as, village_operator, member):
    response = client_as(village_operator).post(url(member), valid(id_number=BAD_ID))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="error">证件号码校验位或出生日期不正确</p>' in page
    assert not Change.objects.exists()
    member.refresh_from_db()
    assert member.labour_skill == "普通劳动力"


def test_an_id_is_normalised_before_it_is_checked(client_as, village_operator, member):
    client_as(village_operator).post(url(member), valid(id_number=" 53342119800118123４ "))
    member.refresh_from_db()
    assert member.id_number == ID


def test_an_impossible_date_is_refused(client_as, village_operator, member):
    response = client_as(village_operator).post(url(member), valid(birth_date="2001-02-30"))
    assert '<p class="error">出生日期不是真实的日期（格式：2001-02-03）</p>' in response.content.decode()


def test_a_birth_date_in_the_future_is_refused(client_as, village_operator, member):
    response = client_as(village_operator).post(url(member), valid(birth_date="2999-01-01"))
    assert '<p class="error">出生日期晚于今天</p>' in response.content.decode()


def test_a_value_not_in_the_code_list_is_refused(client_as, village_operator, member):
    response = client_as(village_operator).post(url(member), valid(labour_skill="劳动力", dibao="低保"))
    page = response.content.decode()
    assert '<p class="error">“劳动力”不在劳动技能代码表中，请重新选择</p>' in page
    assert '<p class="error">“低保”不在享受低保政策情况代码表中，请重新选择</p>' in page


def test_an_id_another_registered_member_holds_is_refused(client_as, village_operator, member, township):
    other = MemberFactory(household=HouseholdFactory(village=township.heping), name="王五", id_number=ID)
    response = client_as(village_operator).post(url(member), valid())
    page = response.content.decode()
    expected = f"该证件号码已登记为户编号{other.household.household_no}的成员“王五”"
    assert f'<p class="error">{expected}</p>' in page
    assert not Change.objects.exists()


def test_several_health_states_are_kept_in_code_list_order(client_as, village_operator, member):
    client_as(village_operator).post(url(member), valid(health=["残疾", "长期慢性病"]))
    member.refresh_from_db()
    assert member.health == "长期慢性病、残疾"


def test_saving_without_changes_records_nothing(client_as, village_operator, member):
    member.id_number, member.birth_date, member.school_status = ID, dt.date(1980, 1, 18), ""
    member.education, member.resident_medical, member.employee_medical = "初中", True, False
    member.save()
    page = client_as(village_operator).post(url(member), valid(), follow=True).content.decode()
    assert "没有改动" in page
    assert not Change.objects.exists()
    assert not AuditEvent.objects.filter(verb="registry.member.updated").exists()


def test_it_returns_to_the_page_it_came_from(client_as, village_operator, member):
    response = client_as(village_operator).post(f"{url(member)}?next=/quality/problems/7/", valid())
    assert response["Location"] == "/quality/problems/7/"


def test_it_ignores_a_return_address_on_another_site(client_as, village_operator, member):
    response = client_as(village_operator).post(url(member), valid(next="https://example.com/"))
    assert response["Location"] == f"/households/{member.household_id}/"


@pytest.mark.parametrize("persona", ["village_operator", "work_team", "township_admin"])
def test_the_village_and_township_may_edit(client_as, persona, member, request):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(url(member)).status_code == 200
    assert client.post(url(member), valid()).status_code == 302


@pytest.mark.parametrize("persona", ["city_admin", "department_user", "supervisor"])
def test_other_roles_are_refused(client_as, persona, member, request):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(url(member)).status_code == 403
    assert client.post(url(member), valid()).status_code == 403
    assert not Change.objects.exists()


def test_another_villages_operator_does_not_find_the_member(client_as, other_village_operator, member):
    client = client_as(other_village_operator)
    assert client.get(url(member)).status_code == 404
    assert client.post(url(member), valid()).status_code == 404
    assert not AuditEvent.objects.filter(verb__startswith="registry.member.").exists()


def test_a_member_of_another_household_is_not_found(client_as, village_operator, member, township):
    other = HouseholdFactory(village=township.lianhe)
    response = client_as(village_operator).get(f"/households/{other.pk}/members/{member.pk}/edit/")
    assert response.status_code == 404


def test_the_household_page_links_each_member_to_the_form_for_those_who_may_edit(
    client_as, village_operator, supervisor, member
):
    link = f'<a class="edit-link" href="{url(member)}" aria-label="修改张小明">修改</a>'
    household_url = f"/households/{member.household_id}/"
    assert link in client_as(village_operator).get(household_url).content.decode()
    assert "edit-link" not in client_as(supervisor).get(household_url).content.decode()
