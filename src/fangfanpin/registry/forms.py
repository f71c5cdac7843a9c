"""Forms of the registry pages: parse and clean only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from fangfanpin.areas.models import Area
from fangfanpin.core.enums import NO, YES, HouseholdKind, MonitoringCategory
from fangfanpin.registry.selectors import NOT_MONITORED, HouseholdFilters


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=40)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    village = forms.ChoiceField(label="村", required=False)
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

    def __init__(self, data: Any, *, villages: Iterable[Area], years: list[int]) -> None:
        super().__init__(data)
        self.years = years
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", "全部村"),
            *((v.code, v.name) for v in villages),
        ]
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
