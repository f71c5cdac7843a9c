from decimal import Decimal

import pytest

from fangfanpin.core.enums import MonitoringCategory
from fangfanpin.core.models import AuditEvent
from fangfanpin.registry.models import Change, MonitoringLine
from tests.factories import HouseholdFactory, HouseholdYearFactory, MemberFactory

pytestmark = pytest.mark.django_db

ID = "533421198001181234"
SPOUSE_ID = "533421198503095678"


@pytest.fixture
def household(township):
    """张三's household in 联合村: monitored, below the line in 2021, with a 2020 record too."""
    household = HouseholdFactory(village=township.lianhe, head_name="张三", phone="13912345678")
    MemberFactory(household=household, name="张三", id_number=ID, phone="13800001111", seq=1)
    MemberFactory(household=household, name="卓玛", id_number=SPOUSE_ID, relation="配偶", sex="女", seq=2)
    HouseholdYearFactory(
        household=household,
        year=2021,
        category=MonitoringCategory.UNSTABLE,
        eliminated=False,
        risk1="因病",
        risk2="缺劳动力",
        net_income=Decimal("13500.00"),
        per_capita=Decimal("4500.00"),
        per_capita_recorded=Decimal("4600.00"),
        medical_expense=Decimal("1500.00"),
        m_health="医疗救助、其他",
        m_security="低保",
    )
    HouseholdYearFactory(household=household, year=2020)
    return household


@pytest.fixture
def other_household(township):
    return HouseholdFactory(village=township.heping, head_name="王五")


def url(household, action: str = "") -> str:
    return f"/households/{household.pk}/{action}"


def test_a_village_operator_opens_an_own_household(client_as, village_operator, household):
    response = client_as(village_operator).get(url(household))
    assert response.status_code == 200
    assert "<h1>张三户</h1>" in response.content.decode()


def test_another_villages_household_is_not_found(client_as, village_operator, other_household):
    response = client_as(village_operator).get(url(other_household))
    assert response.status_code == 404
    assert "您要找的页面不存在，或不在您的管辖区域内。" in response.content.decode()


def test_a_township_admin_opens_households_of_every_village(
    client_as, township_admin, household, other_household
):
    client = client_as(township_admin)
    assert [client.get(url(h)).status_code for h in (household, other_household)] == [200, 200]


def test_a_department_user_is_refused(client_as, department_user, household):
    assert client_as(department_user).get(url(household)).status_code == 403


def test_ids_and_phones_are_masked(client_as, village_operator, household):
    page = client_as(village_operator).get(url(household)).content.decode()
    assert "533421********1234" in page and "533421********5678" in page
    assert "户联系电话：139****5678" in page and "138****1111" in page
    assert ID not in page and "13912345678" not in page and "13800001111" not in page


def test_a_village_operator_may_reveal_and_the_reveal_is_audited(client_as, village_operator, household):
    response = client_as(village_operator).post(url(household, "reveal/"))
    page = response.content.decode()
    assert ID in page and SPOUSE_ID in page and "户联系电话：13912345678" in page
    assert "已显示完整证件号码和电话，本次查看已记录" in page
    event = AuditEvent.objects.get(verb="registry.household.revealed")
    assert (event.verb, event.actor, event.subject, event.data) == (
        "registry.household.revealed",
        village_operator,
        household.household_no,
        {"household_id": household.pk},
    )


def test_an_htmx_reveal_returns_only_the_members_section(client_as, work_team, household):
    response = client_as(work_team).post(url(household, "reveal/"), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="people">') and ID in page


def test_a_supervisor_sees_no_reveal_button_and_may_not_reveal(client_as, supervisor, household):
    client = client_as(supervisor)
    page = client.get(url(household)).content.decode()
    assert "证件号码和电话已脱敏" in page and ">显示</button>" not in page
    response = client.post(url(household, "reveal/"))
    assert response.status_code == 403
    assert ID not in response.content.decode()
    assert not AuditEvent.objects.filter(verb="registry.household.revealed").exists()


def test_a_reveal_outside_the_users_village_is_not_found(client_as, other_village_operator, household):
    assert client_as(other_village_operator).post(url(household, "reveal/")).status_code == 404
    assert not AuditEvent.objects.filter(verb="registry.household.revealed").exists()


def test_a_reveal_is_a_post(client_as, village_operator, household):
    assert client_as(village_operator).get(url(household, "reveal/")).status_code == 405
    assert not AuditEvent.objects.filter(verb="registry.household.revealed").exists()


def test_income_is_shown_against_the_line_with_the_medical_spending(client_as, village_operator, household):
    page = client_as(village_operator).get(url(household)).content.decode()
    assert "低于监测标准：人均纯收入 4,500.00 元，监测标准 6,000.00 元" in page
    assert '<strong>4,500.00</strong><span class="hint hint-warn">填报 4,600.00</span>' in page
    # (13500 − 1500) ÷ 3
    assert '<th>（家庭纯收入−合规自付支出）÷人口</th><td class="num">4,000.00</td>' in page
    assert page.index("2021年度</h3>") < page.index("2020年度</h3>")


def test_the_line_of_the_nearest_area_applies(client_as, village_operator, household):
    MonitoringLine.objects.create(area_id="533401101000", year=2021, yuan=Decimal("7000"))
    page = client_as(village_operator).get(url(household)).content.decode()
    assert "监测标准 7,000.00 元" in page


def test_status_and_measures_are_shown_as_exported(client_as, village_operator, household):
    page = client_as(village_operator).get(url(household)).content.decode()
    assert '<dt>监测对象类别</dt><dd><span class="tag tag-watch">脱贫不稳定户</span></dd>' in page
    assert "<dt>致贫/返贫风险</dt><dd>因病、缺劳动力</dd>" in page
    assert "<dt>健康帮扶</dt><dd>医疗救助、其他</dd>" in page and "<dt>综合保障</dt><dd>低保</dd>" in page
    assert "<dt>是否解决安全饮用水</dt><dd>是</dd>" in page


def test_the_change_history_lists_each_field_old_and_new(client_as, village_operator, household):
    Change.objects.create(
        household=household,
        source="导入 2021年监测对象信息.xlsx",
        items=[{"what": "成员 张三", "field": "劳动技能", "old": "普通劳动力", "new": "弱劳动力或半劳动力"}],
    )
    page = client_as(village_operator).get(url(household)).content.decode()
    assert "导入 2021年监测对象信息.xlsx" in page
    assert (
        '成员 张三 · 劳动技能：<span class="old">普通劳动力</span> → <span class="new">弱劳动力或半劳动力</span>'
        in page
    )
