"""A finding's life: a city admin loads department data and runs a check; a village operator fixes the
members on her phone; the next run closes the findings."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fangfanpin.quality.dept_load import department_file_load
from tests.e2e.pages import menu, sign_in
from tests.factories import MemberFactory, household_make
from tests.quality.dept_files import write_csv

pytestmark = pytest.mark.e2e

BAD_ID = "533421201203150028"  # 张小明's: the check digit should be 7
GOOD_ID = "533421201203150027"
PHONE_WIDTH = 375


@pytest.fixture
def zhang(township):
    """张三's household in 联合村: his son's ID fails its check digit; and two clean households."""
    household = household_make(village=township.lianhe, head="张三")
    MemberFactory(
        household=household,
        name="张小明",
        relation="之子",
        id_number=BAD_ID,
        birth_date=None,
        sex="男",
        labour_skill="无劳动力",
        school_status="小学",
    )
    household_make(village=township.lianhe, head="李四")
    household_make(village=township.heping, head="王五")
    return household


def upload_department_file(page, path) -> None:
    """Load a 卫健 file on the department data page and wait until it is loaded."""
    menu(page, "部门数据").click()
    page.get_by_label("部门").select_option(label="卫健 大病慢病")
    page.get_by_label("数据文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并载入").click()
    expect(page.locator("#dept-status .status")).to_have_text("已完成")


def run_check(page, rules: str) -> None:
    """Start a check run on the runs page and wait for its result."""
    menu(page, "检查运行").click()
    page.get_by_label("只运行这些规则（可选）").fill(rules)
    page.get_by_role("button", name="开始检查").click()
    expect(page.get_by_role("heading", name=re.compile(r"^检查 \d+（2021年度）$"))).to_be_visible()


def fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_findings_are_found_fixed_and_closed_by_the_next_run(
    open_page, city_admin, village_operator, zhang, tmp_path, screenshot_path
):
    head = zhang.members.get(name="张三")
    weijian = write_csv(
        tmp_path / "卫健大病.csv",
        [(head.id_number, "张三", "尿毒症", "大病", "2021-03-02")],
        header=("证件号码", "姓名", "病种", "类别", "确诊日期"),
    )
    admin = open_page()
    sign_in(admin, "shiji")
    upload_department_file(admin, weijian)
    expect(admin.locator("#dept-status .stats")).to_contain_text("匹配农户1")
    admin.screenshot(path=screenshot_path("problem_dept_upload.png"), full_page=True)
    run_check(admin, "ID-02,DEPT-16")
    expect(admin.locator(".run-findings")).to_have_text("2")
    admin.screenshot(path=screenshot_path("problem_run_found.png"), full_page=True)

    phone = open_page(phone=True)
    sign_in(phone, "cun_lianhe")
    menu(phone, "问题清单").click()
    expect(phone.get_by_role("heading", name="问题清单")).to_be_visible()
    expect(phone.locator(".summary")).to_contain_text("共 2 条")
    rows = phone.locator("table.problems tbody tr")
    expect(rows.filter(has_text="ID-02")).to_contain_text("533421********0028")
    fits_the_phone(phone)
    phone.screenshot(path=screenshot_path("problem_list_mobile.png"), full_page=True)
    phone.get_by_label("严重程度").select_option("错误")
    expect(phone.locator(".summary")).to_contain_text("共 1 条")
    expect(phone).to_have_url(re.compile(r"[?&]severity=%E9%94%99%E8%AF%AF(&|$)"))
    expect(phone.locator("#status-counts a").first).to_contain_text("待整改1")
    phone.get_by_label("严重程度").select_option("")
    expect(phone.locator(".summary")).to_contain_text("共 2 条")

    # An ID with a wrong check digit: the form refuses another wrong one, takes the right one.
    rows.get_by_role("link", name="ID-02 身份证号码校验不通过").click()
    expect(phone.get_by_role("heading", name="ID-02 身份证号码校验不通过")).to_be_visible()
    expect(phone.locator(".problem-text")).to_contain_text("校验位应为7，实为8")
    fits_the_phone(phone)
    phone.screenshot(path=screenshot_path("problem_detail_mobile.png"), full_page=True)
    phone.get_by_role("link", name="修改成员信息").click()
    expect(phone.get_by_role("heading", name="修改成员：张小明")).to_be_visible()
    phone.get_by_label("证件号码").fill("533421201203150029")
    phone.get_by_label("出生日期").fill("2012-03-15")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".field.has-error .error")).to_have_text("证件号码校验位或出生日期不正确")
    fits_the_phone(phone)
    phone.screenshot(path=screenshot_path("member_edit_error_mobile.png"), full_page=True)
    phone.get_by_label("证件号码").fill(GOOD_ID)
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".message")).to_have_text("已保存张小明的证件号码、出生日期")
    phone.get_by_label("整改说明").fill("已按户口簿更正证件号码")
    phone.get_by_role("button", name="标记为已整改").click()
    expect(phone.locator(".message")).to_have_text("已标记为已整改")
    expect(phone.locator(".page-head .st")).to_have_text("已整改")

    # A department's finding: 卫健 says 大病, the registry says 健康.
    menu(phone, "问题清单").click()
    rows.get_by_role("link", name="DEPT-16 卫健大病但健康状况未含患有大病").click()
    expect(phone.locator(".problem-text")).to_have_text(
        "卫健数据为大病（病种：尿毒症），健康状况为“健康”，未含患有大病"
    )
    phone.get_by_role("link", name="修改成员信息").click()
    expect(phone.get_by_role("heading", name="修改成员：张三")).to_be_visible()
    phone.get_by_label("健康", exact=True).uncheck()
    phone.get_by_label("患有大病").check()
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".message")).to_have_text("已保存张三的健康状况")

    run_check(admin, "ID-02,DEPT-16")
    expect(admin.locator(".stats")).to_contain_text("自动销号2")

    phone.reload()
    expect(phone.locator(".page-head .st")).to_have_text("已核实")
    expect(phone.locator("table.events tbody tr").last).to_contain_text("复查未再发现，自动销号")
    phone.screenshot(path=screenshot_path("problem_closed_mobile.png"), full_page=True)
    menu(phone, "问题清单").click()
    expect(phone.locator(".summary")).to_contain_text("共 0 条")
    phone.goto(f"/households/{zhang.pk}/")
    expect(phone.locator(".changes")).to_contain_text("成员张三 · 健康状况：健康 → 患有大病")


def test_the_household_review_runs_from_the_household_page(
    open_page, village_operator, zhang, tmp_path, screenshot_path
):
    head = zhang.members.get(name="张三")
    rows = [(head.id_number, "张三", "京A12345", "小型汽车", "2020-05-06", "正常")]
    header = ("证件号码", "姓名", "号牌号码", "车辆类型", "初次登记日期", "车辆状态")
    department_file_load(
        path=write_csv(tmp_path / "车辆.csv", rows, header=header), department="gongan_cheliang"
    )
    phone = open_page(phone=True)
    sign_in(phone, "cun_lianhe")
    phone.goto(f"/households/{zhang.pk}/")
    phone.get_by_role("link", name="问题清单与家庭资产信息复核").click()
    phone.get_by_role("button", name="家庭资产信息复核").click()
    expect(phone.locator(".message")).to_have_text("家庭资产信息复核完成（2021年度）：发现1项问题")
    expect(phone.locator(".review.is-latest")).to_contain_text("DEPT-03 脱贫户或监测户成员名下有车辆 · 张三")
    fits_the_phone(phone)
    phone.screenshot(path=screenshot_path("household_review_mobile.png"), full_page=True)
