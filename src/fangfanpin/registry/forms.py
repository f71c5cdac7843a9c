"""Forms of the registry pages: parse and clean only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any, cast

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from fangfanpin.core.enums import (
    DIBAO_STATES,
    EDUCATION_LEVELS,
    HEALTH_STATES,
    LABOUR_SKILLS,
    NO,
    RELATIONS,
    SCHOOL_STATUSES,
    TEKUN_STATES,
    YES,
    HouseholdKind,
    MonitoringCategory,
    Sex,
)
from fangfanpin.core.idcard import id_problem, normalize_id
from fangfanpin.registry.models import Member
from fangfanpin.registry.selectors import NOT_MONITORED, HouseholdFilters


class LongSelect(forms.Select):
    """A select of many flat options, rendered without a template per option."""

    # Django renders every option through templates (48 ms for a city's 357 villages, a third of the list
    # page) and format_html_join still took 9 ms; the standard library's escape does the same in under 1.
    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        chosen = self.format_value(value)
        options = "".join(
            f'<option value="{escape(str(code))}"{" selected" if str(code) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for code, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=40)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    village = forms.ChoiceField(label="村", required=False, widget=LongSelect)
    kind = forms.ChoiceField(
        label="户类型", required=False, choices=[("", "全部户类型"), *HouseholdKind.choices]
    )
    category = forms.ChoiceField(
        label="监测对象类别",
        required=False,
        choices=[("", "全部类别"), *MonitoringCategory.choices, (NOT_MONITORED, NOT_MONITORED)],
    )
    eliminated = forms.ChoiceField(
        label="风险是否已消除", required=False, choices=[("", "全部"), (YES, "已消除"), (NO, "未消除")]
    )
    below_line = forms.BooleanField(label="人均纯收入低于监测标准", required=False)

    def __init__(self, data: Any, *, villages: Iterable[tuple[str, str]], years: list[int]) -> None:
        super().__init__(data)
        self.years = years
        cast(forms.ChoiceField, self.fields["village"]).choices = [("", "全部村"), *villages]
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, f"{y}年") for y in reversed(years)]

    def filters(self) -> HouseholdFilters:
        """The filters asked for; a value that does not parse is ignored rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        eliminated = data.get("eliminated")
        return HouseholdFilters(
            year=data.get("year") or (self.years[-1] if self.years else None),
            q=data.get("q", "").strip(),
            village=data.get("village", ""),
            kind=data.get("kind", ""),
            category=data.get("category", ""),
            eliminated={YES: True, NO: False}.get(eliminated) if eliminated else None,
            below_line=bool(data.get("below_line")),
        )


class CodeChoiceField(forms.ChoiceField):
    """A choice from a code list; a stored value outside it is shown as it is, and refused until changed."""

    def __init__(self, *, codes: Iterable[str], label: str, required: bool = False) -> None:
        self.codes = tuple(codes)
        blank = [] if required else [("", "（空）")]
        self.listed = [*blank, *((c, c) for c in self.codes)]
        super().__init__(label=label, required=required, choices=self.listed)

    def keep_current(self, value: str) -> None:
        """Offer the member's current value even when the code list lacks it, so that it shows as stored."""
        if value and value not in self.codes:
            self.choices = [*self.listed, (value, f"{value}（不在代码表中）")]

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)
        if value and value not in self.codes:
            raise forms.ValidationError(f"“{value}”不在{self.label}代码表中，请重新选择")


class CodeMultipleChoiceField(forms.MultipleChoiceField):
    """Several choices from a code list, stored joined by 、; values outside it are refused."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, codes: Iterable[str], label: str) -> None:
        self.codes = tuple(codes)
        self.listed = [(c, c) for c in self.codes]
        super().__init__(label=label, required=False, choices=self.listed)

    def keep_current(self, value: str) -> None:
        extra = [v for v in value.split("、") if v and v not in self.codes]
        self.choices = [*self.listed, *((v, f"{v}（不在代码表中）") for v in extra)]

    def validate(self, value: Any) -> None:
        outside = [v for v in value if v not in self.codes]
        if outside:
            raise forms.ValidationError(f"“{'、'.join(outside)}”不在{self.label}代码表中，请重新选择")

    def clean(self, value: Any) -> str:
        chosen = super().clean(value)
        return "、".join(c for c in self.codes if c in chosen)


def _flag_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", "（空）"), (YES, YES), (NO, NO)],
        coerce=lambda v: v == YES,
        empty_value=None,
    )


class MemberEditForm(forms.Form):
    """The member fields a village fixes most; refuses what an import keeps only as a data problem."""

    id_number = forms.CharField(label="证件号码", max_length=30)
    sex = CodeChoiceField(label="性别", codes=Sex.values, required=True)
    birth_date = forms.DateField(
        label="出生日期",
        input_formats=["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "出生日期不是真实的日期（格式：2001-02-03）"},
    )
    relation = CodeChoiceField(label="与户主关系", codes=RELATIONS, required=True)
    health = CodeMultipleChoiceField(label="健康状况", codes=HEALTH_STATES)
    labour_skill = CodeChoiceField(label="劳动技能", codes=LABOUR_SKILLS)
    school_status = CodeChoiceField(label="在校生状况", codes=SCHOOL_STATUSES)
    education = CodeChoiceField(label="文化程度", codes=EDUCATION_LEVELS)
    work_months = forms.DecimalField(
        label="务工时间（月）", required=False, min_value=0, max_value=12, decimal_places=2
    )
    resident_medical = _flag_field("是否参加城乡居民基本医疗保险")
    employee_medical = _flag_field("是否参加城镇职工基本医疗保险")
    dibao = CodeChoiceField(label="享受低保政策情况", codes=DIBAO_STATES)
    tekun = CodeChoiceField(label="享受特困供养政策情况", codes=TEKUN_STATES)

    def __init__(self, data: Any = None, *, member: Member) -> None:
        super().__init__(data, initial=member_initial(member))
        for name, field in self.fields.items():
            if isinstance(field, CodeChoiceField | CodeMultipleChoiceField):
                field.keep_current(getattr(member, name))
            if member.raw.get(name):
                field.help_text = f"导入的原值“{member.raw[name]}”无法识别"

    def clean_id_number(self) -> str:
        number = normalize_id(self.cleaned_data["id_number"])
        problem = id_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number

    def clean_birth_date(self) -> dt.date:
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise forms.ValidationError("出生日期晚于今天")
        return born


def member_initial(member: Member) -> dict[str, Any]:
    """The member's stored values as the edit form shows them."""
    initial: dict[str, Any] = {name: getattr(member, name) for name in MemberEditForm.base_fields}
    initial["health"] = [v for v in member.health.split("、") if v]
    for name in ("resident_medical", "employee_medical"):
        initial[name] = {True: YES, False: NO}.get(initial[name], "")
    return initial
