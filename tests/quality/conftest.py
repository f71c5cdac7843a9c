"""Run rules over the test database: build the snapshot in memory and return the findings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.runner import Finding, catalogue_run
from fangfanpin.quality.snapshot import snapshot_memory


def run_rules(*codes: str, year: int = 2021, overrides: dict | None = None) -> list[Finding]:
    """The findings of the named rules over everything in the test database."""
    snap = snapshot_memory(year=year)
    return catalogue_run(snapshot=snap, rules=CATALOGUE.select(codes), overrides=overrides)


@pytest.fixture
def findings(township) -> Callable[..., list[Finding]]:
    return run_rules


def synthetic_registry(out, households: int = 400, seed: int = 4, anomalies: float = 0.05) -> None:
    """Load a synthetic township with planted errors (ffp synth) through the real importer."""
    from pathlib import Path

    from fangfanpin.registry.services import import_order, national_file_load
    from fangfanpin.registry.synth import SynthOptions, synthesize

    folder = Path(out) / "synth"
    synthesize(SynthOptions(households=households, seed=seed, out=folder, demo=True, anomalies=anomalies))
    for path in import_order(sorted(folder.glob("*.csv"))):
        if path.name != "planted.csv":
            national_file_load(path=path)
