import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import menu, sign_in
from tests.factories import MemberFactory, household_make

pytestmark = pytest.mark.e2e

BAD_ID = "53342119800101"


@pytest.fixture
def members(township):
    """Two members of 联合村 and one of 和平村 whose IDs are too short (ID-01); 团结村 has three clean households."""
    bad = []
    for village, name in [(township.lianhe, "扎西"), (township.lianhe, "次仁"), (township.heping, "多吉")]:
        household = household_make(village=village, head="卓玛")
        bad.append(MemberFactory(household=household, name=name, relation="之子", id_number=BAD_ID))
    for _ in range(3):
        household_make(village=township.tuanjie)
    return bad


def test_a_city_admin_runs_checks_and_follows_the_score(open_page, city_admin, members, screenshot_path):
    page = open_page()
    sign_in(page, "shiji")
    menu(page, "检查运行").click()
    page.get_by_label("只运行这些规则（可选）").fill("ID-01")
    page.get_by_role("button", name="开始检查").click()
    expect(page.get_by_role("heading", name=re.compile(r"^检查 \d+（2021年度）$"))).to_be_visible()
    expect(page.locator(".run-findings")).to_have_text("3")
    expect(page.locator("table.run-villages tbody tr").first).to_contain_text("联合村")
    page.screenshot(path=screenshot_path("check_run_result.png"), full_page=True)

    members[0].id_number = "533421200102030051"
    members[0].save()
    menu(page, "检查运行").click()
    page.get_by_label("只运行这些规则（可选）").fill("ID-01")
    page.get_by_role("button", name="开始检查").click()
    expect(page.locator(".stats")).to_contain_text("自动销号1")

    menu(page, "问题总览").click()
    rows = page.locator("table.scores tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("好转")
    page.screenshot(path=screenshot_path("quality_overview.png"), full_page=True)
    menu(page, "检查运行").click()
    page.screenshot(path=screenshot_path("check_runs.png"), full_page=True)


def test_the_overview_and_the_rules_fit_a_phone_screen(open_page, township_admin, members, screenshot_path):
    from fangfanpin.quality.services import check_run

    check_run(year=2021, rules=["ID-01"])
    page = open_page(phone=True)
    sign_in(page, "xiangzhen")
    page.goto("/quality/overview/")
    expect(page.get_by_role("heading", name="问题总览")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_path("quality_overview_mobile.png"), full_page=True)
    page.goto("/quality/rules/")
    expect(page.get_by_role("heading", name="规则目录")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_path("rules_mobile.png"))


def test_a_city_admin_edits_a_rule_on_a_phone(open_page, city_admin, township, screenshot_path):
    from fangfanpin.quality.catalogue import CATALOGUE

    rule, param = next((r, p) for r in CATALOGUE.rules.values() for p in r.params if type(p.default) is int)
    page = open_page(phone=True)
    sign_in(page, "shiji")
    page.goto(f"/quality/rules/{rule.code}/")
    page.get_by_label(param.title).fill("abc")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".error")).to_have_text("“abc”不是数字")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_path("rule_edit_mobile.png"), full_page=True)
    page.get_by_label(param.title).fill(str(param.default + 2))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(f"#rule-{rule.code}")).to_contain_text(f"{param.title}：{param.default + 2}")


def test_the_run_page_follows_a_run_until_it_is_done(open_page, township_admin, township, screenshot_path):
    from django.core.cache import cache

    from fangfanpin.quality.models import CheckRun
    from fangfanpin.quality.tasks import PHASES, progress_key

    run = CheckRun.objects.create(year=2021, status="running", created_by=township_admin)
    cache.set(progress_key(run.pk), {"phase": PHASES["rules"], "done": 40, "total": 111})
    page = open_page(phone=True)
    sign_in(page, "xiangzhen")
    page.goto(f"/quality/runs/{run.pk}/")
    expect(page.locator(".run-progress")).to_contain_text("已完成 40 / 111 条规则")
    page.screenshot(path=screenshot_path("check_run_progress_mobile.png"), full_page=True)
    cache.set(progress_key(run.pk), {"phase": PHASES["rules"], "done": 90, "total": 111})
    expect(page.locator(".run-progress")).to_contain_text("已完成 90 / 111 条规则")
    CheckRun.objects.filter(pk=run.pk).update(
        status="done", summary={"rules": 111, "findings": 7, "new": 7, "seconds": {"rules": 1.5}}
    )
    expect(page.locator(".run-findings")).to_have_text("7")
    expect(page.locator(".run-progress")).to_have_count(0)
