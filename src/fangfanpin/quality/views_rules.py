"""The rule catalogue page (everyone reads it) and a rule's settings (a city admin edits them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fangfanpin.core.access import ALL_ROLES, access
from fangfanpin.core.enums import Role
from fangfanpin.quality.catalogue import CATALOGUE, GROUPS
from fangfanpin.quality.forms_rules import RuleSettingForm, param_current, param_text
from fangfanpin.quality.models import RuleSetting
from fangfanpin.quality.rules import Rule, Subject
from fangfanpin.quality.services import rule_setting_update

# Chinese headings of the catalogue's modules; a module not named here shows under its docstring.
GROUP_TITLES = {
    "identity": "身份证件（ID）",
    "household": "家庭结构（HH）",
    "missing": "必填信息缺失（EMPTY）",
    "age": "年龄、在校和劳动力（AGE）",
    "insurance": "保险和残疾（INS、DIS）",
    "work": "务工（WORK）",
    "gap": "应纳尽纳（GAP）",
    "category": "监测类别和风险（CAT、RISK）",
    "measures": "帮扶措施（MEAS）",
    "elimination": "风险消除（ELIM）",
    "income": "收入和土地（INC、LAND）",
    "village": "行政村（VIL）",
    "procedure": "程序和位置（PROC、LOC）",
    "department": "部门比对（DEPT）",
}


@dataclass(frozen=True)
class ParamRow:
    title: str
    value: str
    default: str

    @property
    def changed(self) -> bool:
        return self.value != self.default


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    subject: str
    enabled: bool
    params: list[ParamRow]


def _rule_row(rule: Rule, setting: RuleSetting | None) -> RuleRow:
    stored = setting.params if setting else {}
    params = [
        ParamRow(p.title, param_text(param_current(p, stored)), param_text(p.default)) for p in rule.params
    ]
    return RuleRow(rule, Subject(rule.subject).label, setting.enabled if setting else True, params)


def _group_title(module: object) -> str:
    name = getattr(module, "__name__", "").rsplit(".", 1)[-1]
    return GROUP_TITLES.get(name) or (getattr(module, "__doc__", "") or name).strip().splitlines()[0]


def catalogue_groups() -> list[tuple[str, list[RuleRow]]]:
    """Every rule with its current settings, under its group's heading, in catalogue order."""
    settings = RuleSetting.objects.in_bulk()
    return [
        (_group_title(module), [_rule_row(r, settings.get(r.code)) for r in module.RULES])
        for module in GROUPS
        if module.RULES
    ]


def _rule_or_404(code: str) -> Rule:
    rule = CATALOGUE.rules.get(code)
    if rule is None:
        raise Http404("没有这条规则")
    return rule


@access(roles=ALL_ROLES)
def rule_list(request: HttpRequest) -> HttpResponse:
    groups = catalogue_groups()
    context = {
        "groups": groups,
        "total": sum(len(rows) for _title, rows in groups),
        "disabled": sum(1 for _title, rows in groups for row in rows if not row.enabled),
        "may_edit": getattr(request.user, "role", "") == Role.CITY_ADMIN,
    }
    return render(request, "quality/rule_list.html", context)


@access(roles={Role.CITY_ADMIN}, write=True)
def rule_edit(request: HttpRequest, code: str) -> HttpResponse:
    rule = _rule_or_404(code)
    setting = RuleSetting.objects.filter(code=code).first()
    data = request.POST if request.method == "POST" else None
    form = RuleSettingForm(data, rule=rule, setting=setting)
    if request.method == "POST" and form.is_valid():
        try:
            rule_setting_update(
                rule=rule,
                params=form.cleaned_data["params"],
                enabled=form.cleaned_data["enabled"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存规则 {rule.code} 的设置，下次检查起生效")
            return redirect("quality:rule_list")
    context = {"rule": rule, "subject": Subject(rule.subject).label, "form": form, "setting": setting}
    return render(request, "quality/rule_edit.html", context)
