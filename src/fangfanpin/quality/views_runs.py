"""Check runs (start one, follow it, read its result) and the township and city overview of problems."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from fangfanpin.core.access import access, area_scope_q
from fangfanpin.core.enums import AreaLevel, Role
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.forms_rules import RunStartForm
from fangfanpin.quality.models import (
    OPEN_STATUSES,
    SEVERITY_WEIGHTS,
    CheckRun,
    FindingKind,
    Problem,
    Severity,
    Status,
    VillageScore,
)
from fangfanpin.quality.selectors import problem_scope
from fangfanpin.quality.services import check_run_start
from fangfanpin.quality.tasks import PHASES, check_run_task, run_progress
from fangfanpin.registry.selectors import years_with_data

START_ROLES = frozenset({Role.TOWNSHIP_ADMIN, Role.CITY_ADMIN})
RUN_ROLES = START_ROLES | {Role.SUPERVISOR}
RECENT_RUNS = 30
TREND_RUNS = 8
WARNING_COLUMN = FindingKind.WARNING.value
COUNT_COLUMNS = (*Severity.values, WARNING_COLUMN)
SUMMARY_LABELS = {
    "new": "新增",
    "still_open": "仍未整改",
    "reopened": "重新出现",
    "closed": "自动销号",
    "kept_waived": "维持豁免",
}
PHASE_LABELS = {"snapshot": "生成数据快照", "rules": "运行规则", "problems": "更新问题清单"}
TABLE_LABELS = {
    "area": "行政区划",
    "household": "户",
    "member": "家庭成员",
    "household_year": "户年度记录",
    "household_prev": "上年人均纯收入",
    "work": "务工记录",
    "village_year": "行政村年度信息",
    "village_line": "各村监测标准",
    "asset_review": "家庭资产信息复核",
    "procedure_record": "程序记录",
}


def _role(request: HttpRequest) -> str:
    return getattr(request.user, "role", "")


def _problem_list_url(**filters: str) -> str:
    return f"{reverse('quality:problem_list')}?{urlencode(filters)}"


# Run list


@dataclass(frozen=True)
class RunRow:
    run: CheckRun

    @property
    def rules(self) -> str:
        return "、".join(self.run.rules) if self.run.rules else "全部已启用规则"

    @property
    def findings(self) -> int | None:
        return self.run.summary.get("findings")

    @property
    def seconds(self) -> float | None:
        seconds = self.run.summary.get("seconds")
        return round(sum(seconds.values()), 2) if seconds else None


def _default_year() -> int:
    years = years_with_data()
    return years[-1] if years else timezone.localdate().year


@access(roles=RUN_ROLES, write=True)
def run_list(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = RunStartForm(data, initial={"year": _default_year()})
    if data is not None and form.is_valid():
        try:
            run = check_run_start(
                year=form.cleaned_data["year"], rules=form.cleaned_data["rules"], actor=request.user
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            check_run_task.enqueue(run.pk)
            return redirect("quality:run_detail", pk=run.pk)
    runs = [RunRow(r) for r in CheckRun.objects.select_related("created_by")[:RECENT_RUNS]]
    context = {"form": form, "runs": runs, "may_start": _role(request) in START_ROLES}
    return render(request, "quality/run_list.html", context)


# One run


@dataclass
class VillageFindings:
    """A village's open findings of one run, by rule."""

    code: str
    name: str
    url: str
    rules: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r["count"] for r in self.rules)


def run_findings(*, run: CheckRun, user: Any) -> list[VillageFindings]:
    """The run's findings that are still open, in the user's villages, by village and rule."""
    rows = (
        problem_scope(user=user)
        .filter(last_run=run, status__in=OPEN_STATUSES)
        .order_by()
        .values("village_id", "village__name", "rule", "severity")
        .annotate(n=Count("id"))
    )
    order = {code: i for i, code in enumerate(CATALOGUE.rules)}
    villages: dict[str, VillageFindings] = {}
    for row in sorted(rows, key=lambda r: (r["village_id"], order.get(r["rule"], len(order)), r["rule"])):
        code = row["village_id"]
        village = villages.setdefault(
            code, VillageFindings(code, row["village__name"], _problem_list_url(village=code))
        )
        village.rules.append(
            {
                "code": row["rule"],
                "title": _rule_title(row["rule"]),
                "severity": row["severity"],
                "count": row["n"],
                "url": _problem_list_url(village=code, rule=row["rule"]),
            }
        )
    return list(villages.values())


def _rule_title(code: str) -> str:
    rule = CATALOGUE.rules.get(code)
    return rule.title if rule else code


def snapshot_info(run: CheckRun) -> dict[str, Any] | None:
    """The kept snapshot's place, tables with their row counts, and department files, from its manifest."""
    if not run.snapshot_dir:
        return None
    path = Path(run.snapshot_dir)
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"path": str(path), "missing": True}
    tables = [(TABLE_LABELS.get(name, name), name, n) for name, n in manifest.get("rows", {}).items()]
    return {
        "path": str(path),
        "built_at": str(manifest.get("built_at", ""))[:19].replace("T", " "),
        "tables": tables,
        "batches": manifest.get("batches", []),
    }


def _run_context(run: CheckRun, user: Any) -> dict[str, Any]:
    summary = run.summary or {}
    seconds = summary.get("seconds", {})
    running = run.status in (Status.PENDING, Status.RUNNING)
    progress = run_progress(run.pk) if running else None
    later = CheckRun.objects.filter(status=Status.DONE, created_at__gt=run.created_at).order_by("-created_at")
    return {
        "run": run,
        "running": running,
        "progress": progress,
        "progress_rules": bool(progress) and progress.get("phase") == PHASES["rules"],  # type: ignore[union-attr]
        "counts": [(label, summary.get(key, 0)) for key, label in SUMMARY_LABELS.items()],
        # In phase order: PostgreSQL's jsonb does not keep the keys' order.
        "seconds": [(label, seconds[key]) for key, label in PHASE_LABELS.items() if key in seconds],
        "seconds_total": round(sum(seconds.values()), 2) if seconds else None,
        "snapshot": snapshot_info(run) if run.status == Status.DONE else None,
        "villages": run_findings(run=run, user=user) if run.status == Status.DONE else [],
        "later": later.first() if run.status == Status.DONE else None,
    }


@access(roles=RUN_ROLES)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(CheckRun.objects.select_related("created_by"), pk=pk)
    context = _run_context(run, request.user)
    fragment = bool(request.headers.get("HX-Request"))
    response = render(request, "quality/run_status.html" if fragment else "quality/run_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Overview


@dataclass(frozen=True)
class Spark:
    """A small trend line: the polyline's points in a fixed box, and what it says in words."""

    points: str
    last_x: float
    last_y: float
    trend: str  # 好转 / 变差 / 持平


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3


def sparkline(values: Sequence[Decimal | None]) -> Spark | None:
    """Scale the known values into the box (0 at the bottom); None with fewer than two values."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    top = max(v for _i, v in known) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(values) - 1)
    height = SPARK_HEIGHT - 2 * SPARK_PAD
    points = [(SPARK_PAD + i * step, SPARK_HEIGHT - SPARK_PAD - v / top * height) for i, v in known]
    first, last = known[0][1], known[-1][1]
    trend = "好转" if last < first else "变差" if last > first else "持平"
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return Spark(text, round(points[-1][0], 1), round(points[-1][1], 1), trend)


@dataclass
class VillageRow:
    """A village of the overview: open findings by severity (and warnings), and its scores by run."""

    code: str
    name: str
    town: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_COLUMNS, 0))
    scores: list[Decimal | None] = field(default_factory=list)
    households: int | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(c, self.counts[c]) for c in COUNT_COLUMNS]

    @property
    def spark(self) -> Spark | None:
        return sparkline(self.scores)

    @property
    def url(self) -> str:
        return _problem_list_url(village=self.code)


def _open_problems(user: Any) -> QuerySet[Problem]:
    return problem_scope(user=user).filter(status__in=OPEN_STATUSES).order_by()


def _village(rows: dict[str, VillageRow], code: str, name: str, town: str) -> VillageRow:
    return rows.setdefault(code, VillageRow(code, name, town))


def village_counts(*, user: Any, rows: dict[str, VillageRow]) -> None:
    """Add the open findings of the user's villages by severity, warnings apart."""
    found = _open_problems(user).values(
        "village_id", "village__name", "village__parent__name", "kind", "severity"
    )
    for row in found.annotate(n=Count("id")):
        village = _village(rows, row["village_id"], row["village__name"], row["village__parent__name"] or "")
        column = WARNING_COLUMN if row["kind"] == FindingKind.WARNING else row["severity"]
        village.counts[column] += row["n"]


def trend_runs() -> list[CheckRun]:
    """The last runs that scored villages, oldest first."""
    scored = VillageScore.objects.values("run_id")
    runs = CheckRun.objects.filter(status=Status.DONE, pk__in=scored).order_by("-created_at", "-id")
    return list(runs[:TREND_RUNS])[::-1]


def village_scores(*, user: Any, runs: list[CheckRun], rows: dict[str, VillageRow]) -> None:
    """Add each village's score in each run (None where the run did not score it)."""
    position = {run.pk: i for i, run in enumerate(runs)}
    scores = (
        VillageScore.objects.filter(area_scope_q("village_id", user), run__in=runs)
        .select_related("village__parent")
        .order_by("run__created_at", "run_id")
    )
    for score in scores:
        town = score.village.parent.name if score.village.parent else ""
        village = _village(rows, score.village_id, score.village.name, town)
        if not village.scores:
            village.scores = [None] * len(runs)
        village.scores[position[score.run_id]] = score.score
        village.households = score.households
    for village in rows.values():
        village.scores = village.scores or [None] * len(runs)


def rule_counts(*, user: Any) -> list[dict[str, Any]]:
    """The open findings of the user's villages by rule, in catalogue order."""
    found = _open_problems(user).values("rule", "kind", "severity").annotate(n=Count("id"))
    order = {code: i for i, code in enumerate(CATALOGUE.rules)}
    return [
        {
            "code": row["rule"],
            "title": _rule_title(row["rule"]),
            "severity": row["severity"],
            "warning": row["kind"] == FindingKind.WARNING,
            "count": row["n"],
            "url": _problem_list_url(rule=row["rule"]),
        }
        for row in sorted(found, key=lambda r: (order.get(r["rule"], len(order)), r["rule"]))
    ]


def weights_text() -> str:
    """The score's formula in words, from the weights the score is computed with."""
    terms = " + ".join(f"{severity}数 × {weight}" for severity, weight in SEVERITY_WEIGHTS.items())
    return f"问题指数 =（{terms}）÷ 户数 × 100"


def _shows_town(user: Any) -> bool:
    area = getattr(user, "area", None)
    return area is not None and area.level not in (AreaLevel.TOWN, AreaLevel.VILLAGE)


def _totals(villages: Iterable[VillageRow]) -> list[tuple[str, int]]:
    totals = dict.fromkeys((*COUNT_COLUMNS, "合计"), 0)
    for village in villages:
        for column, n in village.cells:
            totals[column] += n
        totals["合计"] += village.total
    return list(totals.items())


@access(roles=RUN_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    runs = trend_runs()
    rows: dict[str, VillageRow] = {}
    village_counts(user=request.user, rows=rows)
    village_scores(user=request.user, runs=runs, rows=rows)
    villages = [rows[code] for code in sorted(rows)]
    context = {
        "villages": villages,
        "totals": _totals(villages) if villages else [],
        "columns": COUNT_COLUMNS,
        "rules": rule_counts(user=request.user),
        "runs": runs,
        "weights": SEVERITY_WEIGHTS.items(),
        "weights_text": weights_text(),
        "open_statuses": "、".join(OPEN_STATUSES),
        "shows_town": _shows_town(request.user),
        "spark": {"width": SPARK_WIDTH, "height": SPARK_HEIGHT},
    }
    return render(request, "quality/overview.html", context)
