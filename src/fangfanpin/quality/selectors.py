"""Reads of problems and asset reviews, always scoped to the user's areas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fangfanpin.core.access import REGISTRY_ROLES, area_scope_q, refuse_write
from fangfanpin.core.idcard import mask_id
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.models import OPEN_STATUSES, AssetReview, Problem, ProblemEvent, ProblemStatus
from fangfanpin.registry.models import Household

ALL_STATUSES = "全部"
OPEN_LABEL = "未销号"  # the default: 待整改, 整改中 and 已整改
MEMBER_SUBJECT = "M"  # the prelude names a member's findings M<member id>


@dataclass(frozen=True)
class ProblemFilters:
    """What the problem list is narrowed to; empty values mean no narrowing (status: the open ones)."""

    rule: str = ""
    severity: str = ""
    status: str = ""  # "" = open (待整改/整改中/已整改), ALL_STATUSES, or one ProblemStatus
    kind: str = ""
    village: str = ""


def problem_scope(*, user: Any) -> QuerySet[Problem]:
    """Every problem in the user's areas; none for roles that may not see households."""
    if getattr(user, "role", "") not in REGISTRY_ROLES:
        return Problem.objects.none()
    return Problem.objects.filter(area_scope_q("village_id", user))


def get_problem_for_user(request: HttpRequest, pk: int) -> Problem:
    """The problem if it lies in the user's areas (else 404); 403 for a read-only user's write."""
    refuse_write(request)
    problems = problem_scope(user=request.user).select_related("village__parent", "household", "waiver_by")
    return get_object_or_404(problems, pk=pk)


def _filtered(problems: QuerySet[Problem], filters: ProblemFilters) -> QuerySet[Problem]:
    narrowing = {"rule": filters.rule, "severity": filters.severity, "kind": filters.kind}
    problems = problems.filter(**{field: value for field, value in narrowing.items() if value})
    if filters.village:
        problems = problems.filter(village_id=filters.village)
    return problems


def problem_list(*, user: Any, filters: ProblemFilters) -> QuerySet[Problem]:
    """The user's problems matching the filters, by village, household and rule."""
    problems = _filtered(problem_scope(user=user), filters)
    if filters.status == "":
        problems = problems.filter(status__in=OPEN_STATUSES)
    elif filters.status != ALL_STATUSES:
        problems = problems.filter(status=filters.status)
    return problems.select_related("village").order_by("village_id", "household_no", "rule", "subject")


def status_counts(*, user: Any, filters: ProblemFilters) -> dict[str, int]:
    """How many of the user's problems matching the other filters stand at each status."""
    rows = (
        _filtered(problem_scope(user=user), filters)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    found = dict(rows)
    return {status: found.get(status, 0) for status in ProblemStatus.values}


def rule_choices() -> list[tuple[str, str]]:
    """Every rule of the catalogue as (code, "code title"), in catalogue order."""
    return [(r.code, f"{r.code} {r.title}") for r in CATALOGUE.rules.values()]


def member_id_of(problem: Problem) -> int | None:
    """The member a member-level finding is about, read from its subject."""
    subject = problem.subject
    if subject.startswith(MEMBER_SUBJECT) and subject[1:].isdigit():
        return int(subject[1:])
    return None


def masked_in(text: str, numbers: Iterable[str]) -> str:
    """The text with each of these ID numbers (and its first 18 characters) masked wherever it stands."""
    variants = {v for n in numbers if n for v in (n, n[:18])}
    for number in sorted(variants, key=len, reverse=True):
        text = text.replace(number, mask_id(number))
    return text


def description_shown(problem: Problem, *, masked: bool) -> str:
    """The finding's description, with the person's ID number masked inside it when asked."""
    return masked_in(problem.description, [problem.id_number]) if masked else problem.description


@dataclass(frozen=True)
class ProblemRow:
    """A problem as a page shows it: with its rule's title and the description it may show."""

    problem: Problem
    title: str
    description: str

    @property
    def member_id(self) -> int | None:
        return member_id_of(self.problem)


def problem_rows(problems: Iterable[Problem], *, masked: bool) -> list[ProblemRow]:
    rows = []
    for problem in problems:
        rule = CATALOGUE.rules.get(problem.rule)
        title = rule.title if rule else problem.rule
        rows.append(ProblemRow(problem, title, description_shown(problem, masked=masked)))
    return rows


def with_masked_descriptions(problems: Iterable[Problem]) -> list[Problem]:
    """The problems (not to be saved) with the ID numbers in their descriptions masked, for an export."""
    shown = list(problems)
    for problem in shown:
        problem.description = description_shown(problem, masked=True)
    return shown


def review_year(*, household: Household) -> int:
    """The year a household asset review compares: the household's latest record, else this year."""
    latest = household.years.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def event_list(*, problem: Problem) -> QuerySet[ProblemEvent]:
    return problem.events.select_related("actor", "run").order_by("at", "id")


def household_problem_list(*, household: Household) -> QuerySet[Problem]:
    """The household's open problems (and warnings), by rule."""
    return household.problems.filter(status__in=OPEN_STATUSES).order_by("rule", "subject")


def asset_review_list(*, household: Household, limit: int = 10) -> list[AssetReview]:
    """The household's latest reviews, their findings' descriptions with the members' IDs masked."""
    ids = list(household.members.values_list("id_number", flat=True))
    reviews = list(household.asset_reviews.select_related("by").order_by("-at", "-id")[:limit])
    for review in reviews:
        review.findings = [
            {**f, "description": masked_in(f.get("description", ""), ids)} for f in review.findings
        ]
    return reviews
