"""Forms of the problem pages: parse and clean only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms

from fangfanpin.areas.models import Area
from fangfanpin.quality.models import FindingKind, ProblemStatus, Severity
from fangfanpin.quality.selectors import ALL_STATUSES, OPEN_LABEL, ProblemFilters, rule_choices


class ProblemFilterForm(forms.Form):
    rule = forms.ChoiceField(label="规则", required=False)
    severity = forms.ChoiceField(
        label="严重程度", required=False, choices=[("", "全部严重程度"), *Severity.choices]
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[
            ("", OPEN_LABEL),
            *ProblemStatus.choices,
            (ALL_STATUSES, "全部状态"),
        ],
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "问题和预警"), *FindingKind.choices])
    village = forms.ChoiceField(label="村", required=False)

    def __init__(self, data: Any, *, villages: Iterable[Area]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["rule"]).choices = [("", "全部规则"), *rule_choices()]
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", "全部村"),
            *((v.code, v.name) for v in villages),
        ]

    def filters(self) -> ProblemFilters:
        """The filters asked for; a value that does not parse is ignored rather than refused."""
        self.is_valid()
        data = self.cleaned_data
        return ProblemFilters(**{name: data.get(name) or "" for name in ProblemFilters.__dataclass_fields__})


class ProblemActionForm(forms.Form):
    """One action on a problem: mark progress (with a note), waive (with a reason), or lift a waiver."""

    MARK, WAIVE, UNWAIVE = "mark", "waive", "unwaive"

    action = forms.ChoiceField(choices=[(MARK, "标记"), (WAIVE, "豁免"), (UNWAIVE, "撤销豁免")])
    status = forms.ChoiceField(
        required=False,
        choices=[(s, s) for s in (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS, ProblemStatus.FIXED)],
    )
    note = forms.CharField(label="整改说明", required=False, max_length=300)
    reason = forms.CharField(label="豁免理由", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") != self.MARK:
            return data
        if not data.get("status"):
            self.add_error("status", "请选择要标记的状态")
        elif data["status"] == ProblemStatus.FIXED and not data.get("note", "").strip():
            self.add_error("note", "标记已整改时请填写整改说明")
        return data
