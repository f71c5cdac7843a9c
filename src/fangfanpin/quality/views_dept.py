"""Department data pages: upload a file (own department only, city admins any) and see what became of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fangfanpin.core.access import access, may_reveal
from fangfanpin.core.enums import Role
from fangfanpin.core.idcard import mask_id
from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.dept_load import department_upload_accept
from fangfanpin.quality.models import DepartmentBatch, DepartmentRowIssue
from fangfanpin.quality.selectors_dept import (
    department_batch_list,
    departments_for,
    get_department_batch_for_user,
)
from fangfanpin.quality.tasks_dept import progress_key

DEPT_ROLES = frozenset({Role.DEPARTMENT, Role.CITY_ADMIN})
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")
PAGE_SIZE = 50


class DepartmentUploadForm(forms.Form):
    department = forms.ChoiceField(label="部门")
    file = forms.FileField(label="数据文件", help_text="xlsx 或 csv，须含“证件号码”“姓名”和本部门规定的列")
    is_warning = forms.BooleanField(
        label="预警名单", required=False, help_text="文件含“预警原因”列时自动按预警名单载入"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.choices = [(code, DEPARTMENTS[code].title) for code in departments_for(user)]  # type: ignore[attr-defined]
        if user.role == Role.DEPARTMENT:
            field.error_messages["invalid_choice"] = "您只能上传本部门的数据"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("只能上传 .xlsx、.xls 或 .csv 文件")
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件超过 {settings.MAX_UPLOAD_BYTES // 2**20} MB，请用命令行 ffp load-dept 载入"
            )
        return upload


@access(roles=DEPT_ROLES, write=True)
def dept_upload(request: HttpRequest) -> HttpResponse:
    form = DepartmentUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch = department_upload_accept(
            upload=form.cleaned_data["file"],
            department=form.cleaned_data["department"],
            is_warning=form.cleaned_data["is_warning"],
            actor=request.user,
        )
        return redirect("quality:dept_batch", pk=batch.pk)
    batches = [(b, DEPARTMENTS[b.department].title) for b in department_batch_list(user=request.user)[:30]]
    return render(request, "quality/dept_upload.html", {"form": form, "batches": batches})


@access(roles=DEPT_ROLES)
def dept_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_department_batch_for_user(request, pk)
    context = {
        "batch": batch,
        "title": DEPARTMENTS[batch.department].title,
        "progress": cache.get(progress_key(pk)),
    }
    if request.headers.get("HX-Request"):
        return render(request, "quality/dept_status.html", context)
    kind = request.GET.get("kind") or ""
    issues = batch.issues.filter(kind=kind) if kind in DepartmentRowIssue.Kind.values else batch.issues.all()
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = _kinds(batch)
    context |= {"page": page, "rows": _shown(page.object_list, request.user), "kind": kind, "kinds": kinds}
    context["listed"] = sum(count for _, _, count in kinds)
    return render(request, "quality/dept_batch.html", context)


def _shown(issues: Any, user: Any) -> list[dict[str, str | int]]:
    """The listed rows as the user may see them: IDs masked outside the roles that may reveal them."""
    show = (lambda number: number) if may_reveal(user) else mask_id
    return [
        {
            "row_no": issue.row_no,
            "kind": issue.get_kind_display(),
            "id_raw": show(issue.id_raw),
            "id_number": show(issue.id_number),
            "name": issue.name,
            "reason": issue.reason,
        }
        for issue in issues
    ]


def _kinds(batch: DepartmentBatch) -> list[tuple[str, str, int]]:
    counts = {
        DepartmentRowIssue.Kind.UNMATCHED: batch.rows_unmatched,
        DepartmentRowIssue.Kind.REJECTED: batch.rows_rejected,
        DepartmentRowIssue.Kind.DUPLICATE: batch.rows_duplicate,
    }
    return [(str(kind.value), str(kind.label), count) for kind, count in counts.items()]
