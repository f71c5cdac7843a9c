import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from fangfanpin.areas.services import group_ensure
from fangfanpin.core.enums import HouseholdKind, MonitoringCategory
from tests.conftest import PASSWORD
from tests.factories import HouseholdFactory, HouseholdYearFactory, MemberFactory, household_make

pytestmark = pytest.mark.e2e

HEAD_ID = "533421198001181234"


@pytest.fixture
def households(township):
    """A few households of 联合村 and 和平村, two of them found by 'zs'."""
    group = group_ensure(village_code=township.lianhe.code, name="示例一组")
    zhang = HouseholdFactory(
        village=township.lianhe, group=group, head_name="张三", address="联合村示例一组12号"
    )
    MemberFactory(household=zhang, name="张三", id_number=HEAD_ID, phone="13800001111", seq=1)
    MemberFactory(
        household=zhang, name="卓玛", relation="配偶", sex="女", seq=2, labour_skill="弱劳动力或半劳动力"
    )
    MemberFactory(
        household=zhang,
        name="张小明",
        relation="之子",
        seq=3,
        school_status="八年级",
        labour_skill="无劳动力",
    )
    HouseholdYearFactory(
        household=zhang,
        category=MonitoringCategory.UNSTABLE,
        eliminated=False,
        risk1="因病",
        net_income=Decimal("13500.00"),
        per_capita=Decimal("4500.00"),
        per_capita_recorded=Decimal("4500.00"),
        medical_expense=Decimal("2400.00"),
        m_health="医疗救助",
        m_security="低保",
    )
    household_make(village=township.lianhe, head="张三丰", per_capita=Decimal("7200.00"))
    household_make(village=township.lianhe, head="李四", per_capita=Decimal("6800.00"))
    household_make(
        village=township.lianhe,
        head="扎西",
        category=MonitoringCategory.MARGINAL,
        eliminated=True,
        per_capita=Decimal("8100.00"),
    )
    other = household_make(village=township.heping, head="王五")
    other.kind = HouseholdKind.ORDINARY
    other.save()
    return zhang


def sign_in(page, username: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="农户信息")).to_be_visible()


def test_a_village_operator_signs_in_searches_and_opens_a_household(
    open_page, village_operator, households, screenshot_path
):
    page = open_page()
    sign_in(page, "cun_lianhe")
    assert page.evaluate("typeof htmx") == "object", "htmx 未安装：运行 make assets"
    expect(page.locator(".summary")).to_have_text("共 4 户 · 2021年度")

    page.get_by_placeholder("姓名、拼音首字母、户编号或证件号码").fill("zs")
    expect(page.locator(".summary")).to_have_text("共 2 户 · 2021年度")
    expect(page).to_have_url(re.compile(r"[?&]q=zs(&|$)"))
    rows = page.locator("table.households tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("低于监测标准")
    page.screenshot(path=screenshot_path("household_search.png"), full_page=True)

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="张三户")).to_be_visible()
    expect(page.locator("#people")).to_contain_text("533421********1234")
    page.get_by_role("button", name="显示").click()
    expect(page.locator("#people")).to_contain_text(HEAD_ID)
    expect(page.locator("#people")).to_contain_text("已显示完整证件号码和电话，本次查看已记录")


def test_the_household_page_fits_a_phone_screen(open_page, village_operator, households, screenshot_path):
    page = open_page(phone=True)
    sign_in(page, "cun_lianhe")
    page.goto(f"/households/{households.pk}/")
    expect(page.get_by_role("heading", name="张三户")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_path("household_mobile.png"), full_page=True)


def test_the_household_list_fits_a_phone_screen(open_page, village_operator, households, screenshot_path):
    page = open_page(phone=True)
    sign_in(page, "cun_lianhe")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_path("household_list_mobile.png"), full_page=True)
