"""Run rules over the test database: build the snapshot in memory and return the findings."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import Finding, catalogue_run
from fangfanpin.quality.snapshot import snapshot_memory


def run_rules(*codes: str, year: int = 2021, overrides: dict | None = None) -> list[Finding]:
    """The findings of the named rules over everything in the test database.

    With FFP_RULE_ENGINE=spark every rule test also runs on local PySpark and must find the same
    (slow: run it by hand, `FFP_RULE_ENGINE=spark pytest tests/quality -k rules -p no:xdist`).
    """
    snap = snapshot_memory(year=year)
    rules = CATALOGUE.select(codes)
    found = catalogue_run(snapshot=snap, rules=rules, overrides=overrides)
    if os.environ.get("FFP_RULE_ENGINE") == "spark":
        assert catalogue_run(snapshot=snap, rules=rules, overrides=overrides, engine="spark") == found
    return found


@pytest.fixture
def findings(township) -> Callable[..., list[Finding]]:
    return run_rules


def synthetic_registry(
    out, households: int = 400, seed: int = 4, anomalies: float = 0.05, departments: bool = False
) -> None:
    """Load a synthetic township with planted errors (ffp synth, ffp synth_dept) through the real loaders."""
    from pathlib import Path

    from fangfanpin.quality.dept_load import department_file_load
    from fangfanpin.quality.synth_dept import synthesize_departments
    from fangfanpin.registry.services import import_order, national_file_load
    from fangfanpin.registry.synth import SynthOptions, synthesize

    folder = Path(out) / "synth"
    synthesize(SynthOptions(households=households, seed=seed, out=folder, demo=True, anomalies=anomalies))
    for path in import_order(sorted(folder.glob("*.csv"))):
        if path.name != "planted.csv":
            national_file_load(path=path)
    if departments:
        dept = Path(out) / "dept"
        synthesize_departments(households_csv=folder / "监测对象信息.csv", out=dept, seed=seed)
        for path in sorted(dept.glob("*.csv")):
            if path.stem != "planted_dept":
                department_file_load(path=path, department=path.stem)
