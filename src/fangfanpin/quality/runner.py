"""Run rules on an engine and collect their findings; knows nothing of problems or their statuses."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

from fangfanpin.quality.engines import Engine, engine_open
from fangfanpin.quality.prelude import PRELUDE_CONSTANTS, prelude
from fangfanpin.quality.rules import FINDING_COLUMNS, Rule, constants_for
from fangfanpin.quality.snapshot import Snapshot


class Finding(NamedTuple):
    """One failing subject of one rule. A tuple: a run makes a hundred thousand and sorts them, and a
    frozen dataclass took 10 µs to make and its comparisons 3 s to sort them."""

    rule: str
    subject: str
    household_id: int | None
    village_code: str | None
    id_number: str
    name: str
    description: str


class RuleFailed(Exception):
    """A rule's query broke its contract (wrong columns, a subject twice) or did not run."""


def words_read(rules: Iterable[Rule]) -> frozenset[str]:
    """Every identifier in the prelude's and the rules' SQL: a snapshot column none of them names is unread."""
    texts = [sql for _, sql, _ in prelude()] + [rule.sql for rule in rules]
    return frozenset(re.findall(r"[A-Za-z_]\w*", "\n".join(texts)))


def run_constants(year: int) -> dict[str, Any]:
    return {**constants_for(year), **PRELUDE_CONSTANTS}


def catalogue_run(
    *,
    snapshot: Snapshot,
    rules: Iterable[Rule],
    engine: str = "duckdb",
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    progress: Callable[[int, int, Rule], None] | None = None,
    seconds: dict[str, float] | None = None,
) -> list[Finding]:
    """Every finding of `rules` over the snapshot, sorted; a broken rule raises RuleFailed.

    The engine runs as many rules at once as it has lanes; `progress` hears of each rule in catalogue order
    as its findings are collected, and `seconds` receives each rule's own time.
    """
    rules = list(rules)
    constants = run_constants(snapshot.year)
    db = engine_open(engine, snapshot, constants)
    findings: list[Finding] = []
    timings = seconds if seconds is not None else {}
    try:
        with ThreadPoolExecutor(max_workers=db.lanes) as pool:
            runs = [
                pool.submit(
                    _rule_run, db, rule, rule.query(constants, (overrides or {}).get(rule.code, {})), timings
                )
                for rule in rules
            ]
            try:
                for index, (rule, run) in enumerate(zip(rules, runs, strict=True)):
                    if progress:
                        progress(index, len(rules), rule)
                    findings.extend(run.result())
            except BaseException:
                for run in runs:
                    run.cancel()
                raise
    finally:
        db.close()
    return sorted(findings)


def _rule_run(db: Engine, rule: Rule, sql: str, seconds: dict[str, float]) -> list[Finding]:
    started = time.perf_counter()
    found = _findings(rule, db.query(sql))
    seconds[rule.code] = time.perf_counter() - started
    return found


def _findings(rule: Rule, rows: list[tuple[Any, ...]]) -> list[Finding]:
    seen: set[str] = set()
    result = []
    for row in rows:
        if len(row) != len(FINDING_COLUMNS):
            raise RuleFailed(f"{rule.code}: returns {len(row)} columns, not {FINDING_COLUMNS}")
        subject, household_id, village, id_number, name, description = row
        subject = str(subject)
        if subject in seen:
            raise RuleFailed(f"{rule.code}: subject {subject} found twice")
        seen.add(subject)
        result.append(
            Finding(
                rule.code,
                subject,
                None if household_id is None else int(household_id),
                village,
                id_number or "",
                name or "",
                description or "",
            )
        )
    return result
