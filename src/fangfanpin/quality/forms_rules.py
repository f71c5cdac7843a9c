"""Forms of the run and rule pages: parse and clean only."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.models import RuleSetting
from fangfanpin.quality.rules import Param, ParamValue, Rule, param_parse

PARAM_PREFIX = "param_"
_CODES = re.compile(r"[\s,，、;；]+")


def param_text(value: object) -> str:
    """A parameter's value as an admin types it: lists joined by 、."""
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value)
    return str(value)


def param_json(value: ParamValue) -> int | str | list[str]:
    """A parsed value as stored in RuleSetting.params (JSON keeps no Decimal or tuple)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def param_current(param: Param, stored: dict[str, Any]) -> ParamValue:
    """The value a run uses: the stored one if it still parses, else the catalogue's default."""
    if param.name not in stored:
        return param.default
    try:
        return param_parse(param.default, stored[param.name])
    except ValueError:
        return param.default


def param_clean(param: Param, text: str) -> ParamValue:
    """Parse what an admin typed as the type of the default; ValueError with a Chinese message."""
    text = text.strip()
    if not text:
        raise ValueError(f"请填写“{param.title}”")
    value = param_parse(param.default, text)
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"“{text}”不是数字")
    if isinstance(value, tuple) and not value:
        raise ValueError(f"“{param.title}”至少要有一项")
    return value


class RuleSettingForm(forms.Form):
    """A rule's parameters (one text field each) and whether it runs."""

    enabled = forms.BooleanField(label="启用此规则", required=False)

    def __init__(self, data: Any = None, *, rule: Rule, setting: RuleSetting | None) -> None:
        super().__init__(data)
        self.rule = rule
        stored = setting.params if setting else {}
        self.fields["enabled"].initial = setting.enabled if setting else True
        for param in rule.params:
            self.fields[PARAM_PREFIX + param.name] = forms.CharField(
                label=param.title,
                required=False,
                initial=param_text(param_current(param, stored)),
                help_text=f"默认值：{param_text(param.default)}",
            )

    def param_fields(self) -> list[forms.BoundField]:
        return [self[PARAM_PREFIX + p.name] for p in self.rule.params]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        params: dict[str, Any] = {}
        for param in self.rule.params:
            field = PARAM_PREFIX + param.name
            try:
                value = param_clean(param, data.get(field) or "")
            except ValueError as error:
                self.add_error(field, str(error))
                continue
            # Only values that differ are kept, so a later change of a default reaches this rule too.
            if value != param.default:
                params[param.name] = param_json(value)
        data["params"] = params
        return data


class RunStartForm(forms.Form):
    """Which year to check, and optionally which rules (codes); all enabled rules if none."""

    year = forms.IntegerField(label="检查年度", min_value=2016, max_value=2100)
    rules = forms.CharField(
        label="只运行这些规则（可选）",
        required=False,
        max_length=2000,
        help_text="规则编号，用逗号或空格分开，如 ID-01, HH-02；不填则运行全部已启用的规则",
    )

    def clean_rules(self) -> list[str]:
        codes = [c.upper() for c in _CODES.split(self.cleaned_data["rules"]) if c]
        codes = list(dict.fromkeys(codes))
        unknown = [c for c in codes if c not in CATALOGUE.rules]
        if unknown:
            raise forms.ValidationError(f"没有这些规则：{'、'.join(unknown)}")
        return codes
