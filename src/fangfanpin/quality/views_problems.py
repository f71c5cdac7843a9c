"""Problem pages: the list (and its XLSX), one problem and its history, a household's problems and reviews."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangfanpin.areas.selectors import village_list
from fangfanpin.core.access import REGISTRY_ROLES, access, may_reveal
from fangfanpin.core.audit import audit
from fangfanpin.core.enums import Role
from fangfanpin.quality import selectors, services
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.exports import problems_write
from fangfanpin.quality.forms import ProblemActionForm, ProblemFilterForm
from fangfanpin.quality.models import OPEN_STATUSES, Problem, ProblemStatus
from fangfanpin.registry.selectors import get_household_for_user

PAGE_SIZE = 20
EXPORT_NAME = "问题清单.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Who may fix a member from a problem page (the registry's member edit form is theirs).
MEMBER_EDIT_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.WORK_TEAM, Role.TOWNSHIP_ADMIN})


def _filter_form(request: HttpRequest) -> ProblemFilterForm:
    return ProblemFilterForm(request.GET, villages=village_list(user=request.user))


@access(roles=REGISTRY_ROLES)
def problem_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    filters = form.filters()
    problems = selectors.problem_list(user=request.user, filters=filters)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": selectors.problem_rows(page.object_list, masked=True),
        "counts": selectors.status_counts(user=request.user, filters=filters),
    }
    return render(request, "quality/problem_list.html", context)


@access(roles=REGISTRY_ROLES)
def problem_export(request: HttpRequest) -> FileResponse:
    filters = _filter_form(request).filters()
    problems = selectors.problem_list(user=request.user, filters=filters).select_related(None)
    masked = not may_reveal(request.user)
    shown = selectors.with_masked_descriptions(problems) if masked else problems
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "problems.xlsx"
        count = problems_write(path, shown, sheets="rule", masked=masked)
        # The folder goes when this block ends; the open file still streams, and vanishes when closed.
        stream = path.open("rb")
    audit(
        "quality.problems.exported",
        actor=request.user,
        subject=EXPORT_NAME,
        rows=count,
        masked=masked,
        filters=asdict(filters),
    )
    return FileResponse(stream, as_attachment=True, filename=EXPORT_NAME, content_type=XLSX_TYPE)


@access(roles=REGISTRY_ROLES, write=True)
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = selectors.get_problem_for_user(request, pk)
    form = ProblemActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _act(problem, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("quality:problem_detail", pk=problem.pk)
    return render(request, "quality/problem_detail.html", _detail_context(request, problem, form))


def _act(problem: Problem, data: dict[str, Any], actor: Any) -> str:
    """Carry out the action asked for; return what to tell the user."""
    action = data["action"]
    if action == ProblemActionForm.WAIVE:
        services.problem_waive(problem=problem, reason=data["reason"], actor=actor)
        return "已豁免"
    if action == ProblemActionForm.UNWAIVE:
        services.problem_unwaive(problem=problem, actor=actor)
        return "已撤销豁免，问题恢复为待整改"
    services.problem_mark(problem=problem, status=data["status"], actor=actor, note=data["note"])
    return f"已标记为{data['status']}"


def _detail_context(request: HttpRequest, problem: Problem, form: ProblemActionForm) -> dict[str, Any]:
    role = getattr(request.user, "role", "")
    approver = role in services.APPROVER_ROLES
    row = selectors.problem_rows([problem], masked=True)[0]
    return {
        "problem": problem,
        "row": row,
        "rule": CATALOGUE.rules.get(problem.rule),
        "events": selectors.event_list(problem=problem),
        "form": form,
        "moves": services.problem_moves(problem) if role in services.WORKER_ROLES else (),
        "may_waive": approver and problem.status in OPEN_STATUSES,
        "may_unwaive": approver and problem.status == ProblemStatus.WAIVED,
        "may_edit_member": role in MEMBER_EDIT_ROLES and row.member_id and problem.household_id,
    }


@access(roles=REGISTRY_ROLES)
def household_problems(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_household_for_user(request, pk)
    problems = selectors.household_problem_list(household=household)
    context = {
        "household": household,
        "rows": selectors.problem_rows(problems, masked=True),
        "reviews": selectors.asset_review_list(household=household),
        "may_review": getattr(request.user, "role", "") in services.WORKER_ROLES,
    }
    return render(request, "quality/household_problems.html", context)


@access(roles=services.WORKER_ROLES, write=True)
@require_POST
def household_review(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_household_for_user(request, pk)
    year = selectors.review_year(household=household)
    review = services.household_compare(household=household, year=year, actor=request.user)
    found = f"发现{len(review.findings)}项问题" if review.findings else "未发现问题"
    messages.success(request, f"家庭资产信息复核完成（{year}年度）：{found}")
    return redirect("quality:household_problems", pk=household.pk)
