"""The rule catalogue page, and a city admin's rule settings (parameters and on/off), audited."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from fangfanpin.core.models import AuditEvent
from fangfanpin.quality import views_rules
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.forms_rules import param_clean, param_text
from fangfanpin.quality.models import RuleSetting, Severity
from fangfanpin.quality.rules import Catalogue, Param, Rule, Subject
from fangfanpin.quality.services import rule_overrides, rules_selected

from .tables import table_rows

RULES = reverse("quality:rule_list")

# A rule of each parameter kind, so that these tests do not follow the real catalogue's changes.
TEST_RULE = Rule(
    code="TST-01",
    title="测试规则",
    severity=Severity.DOUBT,
    subject=Subject.HOUSEHOLD,
    sql="SELECT 1",
    params=(
        Param("min_age", "最小年龄（岁）", 16),
        Param("line", "监测标准（元）", Decimal("6000")),
        Param("kinds", "户类型", ("脱贫户", "一般农户")),
        Param("label", "说明", "默认"),
    ),
)
PLAIN_RULE = Rule(
    code="TST-02", title="无参数规则", severity=Severity.ERROR, subject=Subject.MEMBER, sql="SELECT 1"
)


@pytest.fixture
def test_catalogue(monkeypatch):
    catalogue = Catalogue()
    catalogue.add(TEST_RULE, PLAIN_RULE)
    group = SimpleNamespace(__name__="fangfanpin.quality.catalogue.identity", RULES=(TEST_RULE, PLAIN_RULE))
    monkeypatch.setattr(views_rules, "CATALOGUE", catalogue)
    monkeypatch.setattr(views_rules, "GROUPS", (group,))
    monkeypatch.setattr("fangfanpin.quality.services.CATALOGUE", catalogue)
    return catalogue


def _edit(code: str = "TST-01") -> str:
    return reverse("quality:rule_edit", args=[code])


VALID = {
    "param_min_age": "16",
    "param_line": "6000",
    "param_kinds": "脱贫户、一般农户",
    "param_label": "默认",
}


# The catalogue page


def test_the_page_lists_every_rule_of_the_catalogue(client_as, village_operator):
    page = client_as(village_operator).get(RULES).content.decode()
    assert page.count('<tr id="rule-') == len(CATALOGUE.rules)
    assert f"共 {len(CATALOGUE.rules)} 条规则" in page
    assert "<h2>身份证件（ID）</h2>" in page


def test_each_rule_shows_its_severity_subject_parameters_and_state(client_as, township_admin, test_catalogue):
    page = client_as(township_admin).get(RULES).content.decode()
    assert "<h2>身份证件（ID）</h2>" in page
    assert table_rows(page, "rules") == [
        [
            "TST-01 测试规则",
            "疑点",
            "户",
            "最小年龄（岁）：16 监测标准（元）：6000 户类型：脱贫户、一般农户 说明：默认",
            "启用",
        ],
        ["TST-02 无参数规则", "错误", "成员", "—", "启用"],
    ]
    assert "修改</a>" not in page
    assert "参数由市(县)级管理员设置。" in page


def test_the_page_shows_a_changed_value_beside_its_default(client_as, city_admin, test_catalogue):
    RuleSetting.objects.create(code="TST-01", params={"min_age": 18, "kinds": ["脱贫户"]}, enabled=False)
    page = client_as(city_admin).get(RULES).content.decode()
    assert table_rows(page, "rules")[0] == [
        "TST-01 测试规则",
        "疑点",
        "户",
        "最小年龄（岁）：18 （默认 16） 监测标准（元）：6000 户类型：脱贫户 （默认 脱贫户、一般农户） 说明：默认",
        "已停用",
        "修改",
    ]
    assert "共 2 条规则，其中 1 条已停用。" in page


# Editing a rule


def test_a_city_admin_changes_parameters_and_it_is_audited(client_as, city_admin, test_catalogue):
    data = {
        **VALID,
        "param_min_age": " 18 ",
        "param_line": "6500.5",
        "param_kinds": "脱贫户,监测户",
        "enabled": "on",
    }
    response = client_as(city_admin).post(_edit(), data)
    assert response.status_code == 302 and response["Location"] == RULES
    setting = RuleSetting.objects.get(code="TST-01")
    assert setting.params == {"min_age": 18, "line": "6500.5", "kinds": ["脱贫户", "监测户"]}
    assert (setting.enabled, setting.updated_by) == (True, city_admin)
    event = AuditEvent.objects.get(verb="quality.rule_setting.updated")
    assert (event.actor, event.subject) == (city_admin, "Rule:TST-01")
    assert event.data == {
        "old": {"params": {}, "enabled": True},
        "new": {"params": {"min_age": 18, "line": "6500.5", "kinds": ["脱贫户", "监测户"]}, "enabled": True},
    }
    assert rule_overrides() == {"TST-01": setting.params}
    assert TEST_RULE.query({}, setting.params) == "SELECT 1"


def test_the_form_shows_the_current_values(client_as, city_admin, test_catalogue):
    RuleSetting.objects.create(code="TST-01", params={"line": "6500.5"})
    page = client_as(city_admin).get(_edit()).content.decode()
    assert 'name="param_line" id="id_param_line" value="6500.5"' in page
    assert "默认值：6000" in page
    assert 'name="enabled" id="id_enabled" checked' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("param_min_age", "abc", "“abc”不是数字"),
        ("param_min_age", "16.5", "“16.5”不是数字"),
        ("param_line", "六千", "“六千”不是数字"),
        ("param_line", "NaN", "“NaN”不是数字"),
        ("param_min_age", "  ", "请填写“最小年龄（岁）”"),
        ("param_kinds", "、，", "“户类型”至少要有一项"),
    ],
)
def test_a_wrong_value_is_refused_with_a_message(
    client_as, city_admin, test_catalogue, field, value, message
):
    response = client_as(city_admin).post(_edit(), {**VALID, field: value, "enabled": "on"})
    assert response.status_code == 200
    assert f'<p class="error">{message}</p>' in response.content.decode()
    assert RuleSetting.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="quality.rule_setting.updated").exists()


def test_a_value_equal_to_the_default_is_not_kept(client_as, city_admin, test_catalogue):
    RuleSetting.objects.create(code="TST-01", params={"min_age": 18})
    client_as(city_admin).post(_edit(), {**VALID, "param_line": "6000.00", "enabled": "on"})
    assert RuleSetting.objects.get(code="TST-01").params == {}


def test_a_city_admin_switches_a_rule_off_and_runs_leave_it_out(client_as, city_admin, test_catalogue):
    response = client_as(city_admin).post(_edit("TST-02"), {})
    assert response.status_code == 302
    assert RuleSetting.objects.get(code="TST-02").enabled is False
    assert [r.code for r in rules_selected()] == ["TST-01"]
    assert [r.code for r in rules_selected(["TST-02"])] == ["TST-02"]  # named, it still runs


def test_an_unknown_rule_is_not_found(client_as, city_admin, test_catalogue):
    assert client_as(city_admin).get(_edit("XX-99")).status_code == 404


# Access


@pytest.mark.parametrize(
    "persona",
    ["village_operator", "work_team", "township_admin", "supervisor", "department_user", "city_admin"],
)
def test_everyone_reads_the_catalogue(client_as, persona, request):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(RULES).status_code == 200
    assert client.post(RULES).status_code == 405


@pytest.mark.parametrize(
    "persona", ["village_operator", "work_team", "township_admin", "supervisor", "department_user"]
)
def test_only_a_city_admin_edits_a_rule(client_as, persona, request, test_catalogue):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(_edit()).status_code == 403
    assert client.post(_edit(), {**VALID, "param_min_age": "18"}).status_code == 403
    assert RuleSetting.objects.count() == 0


def test_every_default_of_the_catalogue_reads_back_as_itself():
    """Saving a rule's form unchanged must keep nothing and refuse nothing."""
    for rule in CATALOGUE.rules.values():
        for param in rule.params:
            assert param_clean(param, param_text(param.default)) == param.default, (rule.code, param.name)


# The menu


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("village_operator", ["农户信息", "问题清单", "规则"]),
        ("supervisor", ["农户信息", "问题清单", "问题总览", "检查运行", "规则"]),
        ("township_admin", ["农户信息", "问题清单", "导入数据", "问题总览", "检查运行", "规则"]),
        ("city_admin", ["农户信息", "问题清单", "导入数据", "问题总览", "检查运行", "规则", "部门数据"]),
        ("department_user", ["部门数据"]),
    ],
)
def test_the_menu_offers_what_the_role_may_open(client_as, persona, links, request):
    page = client_as(request.getfixturevalue(persona)).get(RULES).content.decode()
    menu = page.split('aria-label="主菜单">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">([^<>]+)</a>", menu) == links
