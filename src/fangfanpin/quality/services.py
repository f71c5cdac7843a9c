"""Writes of the data-quality engine: check runs, the problems they keep up to date, and their statuses."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from fangfanpin.core.audit import audit
from fangfanpin.core.bulk import insert_many, update_many
from fangfanpin.core.enums import Role
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.models import (
    OPEN_STATUSES,
    SEVERITY_WEIGHTS,
    AssetReview,
    CheckRun,
    FindingKind,
    Problem,
    ProblemEvent,
    ProblemStatus,
    RuleSetting,
    Status,
    VillageScore,
)
from fangfanpin.quality.rules import Rule
from fangfanpin.quality.runner import Finding, catalogue_run, words_read
from fangfanpin.quality.snapshot import snapshot_build, snapshot_dir_for, snapshot_for_household
from fangfanpin.registry.models import Household

Progress = Callable[[str, int, int], None]  # (phase, done, total)
RUN_STALE_HOURS = 6
_CHUNK = 900  # ids per IN (...): under SQLite's variable limit


def rules_selected(codes: Sequence[str] | None = None) -> list[Rule]:
    """The catalogue's rules named (all if none), leaving out those a city admin switched off."""
    disabled = set(RuleSetting.objects.filter(enabled=False).values_list("code", flat=True))
    return [r for r in CATALOGUE.select(codes) if not (r.code in disabled and not codes)]


def rule_overrides() -> dict[str, dict[str, Any]]:
    return {s.code: s.params for s in RuleSetting.objects.exclude(params={})}


def rule_setting_update(*, rule: Rule, params: dict[str, Any], enabled: bool, actor: Any) -> RuleSetting:
    """Keep a city admin's parameter values and on/off switch for a rule (values already parsed)."""
    if getattr(actor, "role", "") != Role.CITY_ADMIN:
        raise PermissionDenied
    unknown = sorted(set(params) - {p.name for p in rule.params})
    if unknown:
        raise ValidationError(f"规则{rule.code}没有参数：{'、'.join(unknown)}")
    with transaction.atomic():
        setting, _ = RuleSetting.objects.select_for_update().get_or_create(code=rule.code)
        old = {"params": setting.params, "enabled": setting.enabled}
        setting.params, setting.enabled, setting.updated_by = params, enabled, actor
        setting.save()
        new = {"params": params, "enabled": enabled}
        audit("quality.rule_setting.updated", actor=actor, subject=f"Rule:{rule.code}", old=old, new=new)
    return setting


def check_run_start(*, year: int, rules: Sequence[str], actor: Any) -> CheckRun:
    """Record a check run a user asked for; the caller enqueues it (tasks import this module)."""
    CATALOGUE.select(rules)  # unknown codes raise KeyError before anything is written
    # One run at a time: two would race on the same problems. A run older than this is taken as dead.
    since = timezone.now() - dt.timedelta(hours=RUN_STALE_HOURS)
    busy = CheckRun.objects.filter(status__in=(Status.PENDING, Status.RUNNING), created_at__gte=since).first()
    if busy is not None:
        raise ValidationError(f"检查{busy.pk}尚未完成，请等它完成后再开始新的检查")
    run = CheckRun.objects.create(year=year, rules=list(rules), created_by=actor)
    audit(
        "quality.check_run.started", actor=actor, subject=f"CheckRun:{run.pk}", year=year, rules=list(rules)
    )
    return run


def check_run(
    *,
    year: int,
    rules: Sequence[str] | None = None,
    actor: Any = None,
    run: CheckRun | None = None,
    progress: Progress | None = None,
) -> CheckRun:
    """Snapshot the registry, run the rules, bring the problems up to date and score the villages."""
    selected = rules_selected(rules)
    run = run or CheckRun.objects.create(year=year, rules=list(rules or []), created_by=actor)
    CheckRun.objects.filter(pk=run.pk).update(status=Status.RUNNING)
    report = progress or (lambda phase, done, total: None)
    seconds: dict[str, float] = {}
    try:
        started = time.perf_counter()
        directory = snapshot_dir_for(run.pk)
        with snapshot_build(
            year=year,
            directory=directory,
            progress=lambda t: report("snapshot", 0, 1),
            words=words_read(selected),
        ) as snapshot:
            seconds["snapshot"] = time.perf_counter() - started
            findings = catalogue_run(
                snapshot=snapshot,
                rules=selected,
                overrides=rule_overrides(),
                progress=lambda i, n, rule: report("rules", i, n),
            )
        # the rules' time includes waiting for the snapshot's files, written while they ran
        seconds["rules"] = time.perf_counter() - started - seconds["snapshot"]
        report("problems", 0, 1)
        with transaction.atomic():
            merged = problems_merge(run=run, findings=findings, rules=selected)
            village_scores_record(run=run)
        seconds["problems"] = time.perf_counter() - started - seconds["snapshot"] - seconds["rules"]
    except Exception as error:
        CheckRun.objects.filter(pk=run.pk).update(
            status=Status.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        raise
    run.status = Status.DONE
    run.snapshot_dir = str(directory)
    run.finished_at = timezone.now()
    run.summary = {
        "rules": len(selected),
        "findings": len(findings),
        **merged.counts(),
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
    }
    run.save(update_fields=["status", "snapshot_dir", "finished_at", "summary"])
    audit("check_run", actor=actor, subject=f"CheckRun:{run.pk}", year=year, findings=len(findings))
    return run


@dataclass
class Merge:
    """What a run did to the problems: new, still open, reopened, closed, kept waived, waiver lifted."""

    new: int = 0
    still_open: int = 0
    reopened: int = 0
    closed: int = 0
    kept_waived: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "still_open": self.still_open,
            "reopened": self.reopened,
            "closed": self.closed,
            "kept_waived": self.kept_waived,
        }

    def event(self, problem_id: int, run: CheckRun, old: str, new: str, note: str) -> None:
        self.events.append(
            {"problem_id": problem_id, "run_id": run.pk, "status_from": old, "status_to": new, "note": note}
        )


def problems_merge(*, run: CheckRun, findings: list[Finding], rules: Sequence[Rule]) -> Merge:
    """Bring the problems of `rules` in line with this run's findings (rule + subject is the identity)."""
    by_code = {r.code: r for r in rules}
    existing = {
        (rule, subject): (pk, status, description, waived)
        for pk, rule, subject, status, description, waived in Problem.objects.filter(
            rule__in=list(by_code)
        ).values_list("id", "rule", "subject", "status", "description", "waived_description")
    }
    merge = Merge()
    fired: set[tuple[str, str]] = set()
    updates: list[dict[str, Any]] = []
    new_rows: list[dict[str, Any]] = []
    for f in findings:
        key = (f.rule, f.subject)
        fired.add(key)
        if key not in existing:
            new_rows.append(_problem_row(f, by_code[f.rule], run))
            continue
        pk, status, description, waived = existing[key]
        status_to = _status_on_finding(status, description=f.description, waived=waived)
        updates.append({**_finding_fields(f), "id": pk, "status": status_to, "last_run_id": run.pk})
        _count_finding(merge, run, pk, status, status_to)
    for key, (pk, status, _description, _waived) in existing.items():
        if key not in fired and status != ProblemStatus.VERIFIED:
            updates.append({"id": pk, "status": ProblemStatus.VERIFIED, "last_run_id": run.pk})
            merge.closed += 1
            note = "复查未再发现，自动销号" if status != ProblemStatus.WAIVED else "问题已不存在，豁免结束"
            merge.event(pk, run, status, ProblemStatus.VERIFIED, note)
    _write(run, merge, updates, new_rows)
    return merge


def _status_on_finding(status: str, *, description: str, waived: str) -> str:
    if status == ProblemStatus.WAIVED and description == waived:
        return ProblemStatus.WAIVED
    if status in (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS):
        return status
    return ProblemStatus.OPEN  # fixed but still there, closed but back, or waived data that changed


def _count_finding(merge: Merge, run: CheckRun, pk: int, old: str, new: str) -> None:
    if old == new:
        if new == ProblemStatus.WAIVED:
            merge.kept_waived += 1
        else:
            merge.still_open += 1
        return
    merge.reopened += 1
    note = {
        ProblemStatus.FIXED: "复查仍发现该问题，退回整改",
        ProblemStatus.VERIFIED: "问题再次出现",
        ProblemStatus.WAIVED: "数据已变化，豁免失效",
    }[ProblemStatus(old)]
    merge.event(pk, run, old, new, note)


def _finding_fields(f: Finding) -> dict[str, Any]:
    return {
        "village_id": f.village_code,
        "household_id": f.household_id,
        "household_no": "",
        "id_number": f.id_number,
        "name": f.name,
        "description": f.description,
    }


def _problem_row(f: Finding, rule: Rule, run: CheckRun) -> dict[str, Any]:
    return {
        **_finding_fields(f),
        "rule": f.rule,
        "subject": f.subject,
        "kind": rule.kind,
        "severity": rule.severity,
        "status": ProblemStatus.OPEN,
        "first_run_id": run.pk,
        "last_run_id": run.pk,
    }


def _write(
    run: CheckRun, merge: Merge, updates: list[dict[str, Any]], new_rows: list[dict[str, Any]]
) -> None:
    household_nos = _household_numbers(
        {r["household_id"] for r in updates + new_rows if r.get("household_id")}
    )
    for row in updates + new_rows:
        if "household_no" in row:
            row["household_no"] = household_nos.get(row["household_id"], "")
    changing = [r for r in updates if "description" in r]
    update_many(
        Problem,
        changing,
        [
            "village_id",
            "household_id",
            "household_no",
            "id_number",
            "name",
            "description",
            "status",
            "last_run_id",
        ],
    )
    update_many(Problem, [r for r in updates if "description" not in r], ["status", "last_run_id"])
    insert_many(Problem, new_rows)
    merge.new = len(new_rows)
    for pk in Problem.objects.filter(first_run=run).values_list("id", flat=True):
        merge.event(pk, run, "", ProblemStatus.OPEN, "检查发现")
    insert_many(ProblemEvent, merge.events)


def _household_numbers(ids: set[int]) -> dict[int, str]:
    numbers: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        part = ordered[start : start + _CHUNK]
        numbers.update(Household.objects.filter(pk__in=part).values_list("id", "household_no"))
    return numbers


def village_scores_record(*, run: CheckRun) -> list[VillageScore]:
    """Score each village with households: open findings per 100 households, weighted by severity."""
    households = dict(
        Household.objects.values("village_id").annotate(n=Count("id")).values_list("village_id", "n")
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    open_problems = (
        Problem.objects.filter(status__in=OPEN_STATUSES)
        .values("village_id", "kind", "severity")
        .annotate(n=Count("id"))
    )
    for row in open_problems:
        key = "预警" if row["kind"] == FindingKind.WARNING else row["severity"]
        counts[row["village_id"]][key] += row["n"]
    scores = [_score(run, village, n, counts[village]) for village, n in sorted(households.items())]
    VillageScore.objects.bulk_create(scores)
    return scores


def _score(run: CheckRun, village: str, households: int, counts: Counter[str]) -> VillageScore:
    weighted = sum(SEVERITY_WEIGHTS[s] * counts[s] for s in SEVERITY_WEIGHTS)
    return VillageScore(
        run=run,
        village_id=village,
        households=households,
        errors=counts["错误"],
        doubts=counts["疑点"],
        hints=counts["提示"],
        warnings=counts["预警"],
        score=(Decimal(weighted * 100) / households).quantize(Decimal("0.01")),
    )


# Who may move a problem where by hand; 已核实 is only ever set by a run.
_VILLAGE_MOVES = {
    ProblemStatus.OPEN: (ProblemStatus.IN_PROGRESS, ProblemStatus.FIXED),
    ProblemStatus.IN_PROGRESS: (ProblemStatus.FIXED, ProblemStatus.OPEN),
    ProblemStatus.FIXED: (ProblemStatus.IN_PROGRESS,),
}
APPROVER_ROLES = frozenset({Role.TOWNSHIP_ADMIN, Role.CITY_ADMIN})
WORKER_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.WORK_TEAM}) | APPROVER_ROLES


def problem_moves(problem: Problem) -> tuple[str, ...]:
    """The statuses a village may move the problem to by hand."""
    return _VILLAGE_MOVES.get(ProblemStatus(problem.status), ())


def problem_mark(*, problem: Problem, status: str, actor: Any, note: str = "") -> Problem:
    """Record the village's progress on a problem (整改中 / 已整改), with an optional note."""
    if actor.role not in WORKER_ROLES:
        raise PermissionDenied
    if status not in problem_moves(problem):
        raise ValidationError(f"“{problem.status}”的问题不能改为“{status}”")
    return _move(problem, status, actor, note.strip())


def problem_waive(*, problem: Problem, reason: str, actor: Any) -> Problem:
    """Waive a problem (豁免): a township or city admin approves it, with a reason."""
    if actor.role not in APPROVER_ROLES:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError("豁免必须填写理由")
    if problem.status not in OPEN_STATUSES:
        raise ValidationError(f"“{problem.status}”的问题不能豁免")
    problem.waiver_reason = reason[:300]
    problem.waiver_by = actor
    problem.waived_description = problem.description
    return _move(problem, ProblemStatus.WAIVED, actor, f"豁免理由：{reason}")


def problem_unwaive(*, problem: Problem, actor: Any) -> Problem:
    """Withdraw a waiver: the problem is open again."""
    if actor.role not in APPROVER_ROLES:
        raise PermissionDenied
    if problem.status != ProblemStatus.WAIVED:
        raise ValidationError("该问题未被豁免")
    problem.waived_description = ""
    return _move(problem, ProblemStatus.OPEN, actor, "撤销豁免")


def _move(problem: Problem, status: str, actor: Any, note: str) -> Problem:
    with transaction.atomic():
        old = problem.status
        problem.status = status
        problem.save()
        ProblemEvent.objects.create(
            problem=problem, actor=actor, status_from=old, status_to=status, note=note[:300]
        )
        audit("problem_status", actor=actor, subject=f"Problem:{problem.pk}", old=old, new=status)
    return problem


DEPARTMENT_RULE_PREFIX = "DEPT-"


def household_compare(*, household: Household, year: int, actor: Any = None) -> AssetReview:
    """Compare one household with every department's current data now (家庭资产信息复核), and record it."""
    snapshot = snapshot_for_household(household_id=household.pk, year=year)
    rules = [r for r in rules_selected() if r.code.startswith(DEPARTMENT_RULE_PREFIX)]
    findings = catalogue_run(snapshot=snapshot, rules=rules, overrides=rule_overrides())
    review = AssetReview.objects.create(
        household=household,
        by=actor if getattr(actor, "pk", None) else None,
        findings=[
            {
                "rule": f.rule,
                "title": CATALOGUE.rules[f.rule].title,
                "severity": CATALOGUE.rules[f.rule].severity,
                "name": f.name,
                "description": f.description,
            }
            for f in findings
        ],
    )
    audit("household_compare", actor=actor, subject=f"Household:{household.pk}", findings=len(findings))
    return review
