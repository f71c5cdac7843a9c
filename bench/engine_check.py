"""Child process of bench_check.py: run the catalogue the way `check_run` does, or scan a snapshot once.

`run` builds the snapshot (snapshot_build) and runs the rules (catalogue_run) on the database that
FFP_DATABASE_URL names, without touching the problems; its time includes waiting for the snapshot's files,
written while the rules run. `scan` reads every column of every Parquet file of a snapshot once with
DuckDB, the least any engine must do over the same data. Each prints one JSON object (seconds per phase
and per rule, findings per rule, rows per table) for the parent to tabulate.

    FFP_DATABASE_URL=… .venv/bin/python bench/engine_check.py run --snapshot DIR [--rules ID-01,HH-01]
    .venv/bin/python bench/engine_check.py scan DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfanpin.settings")


def run(snapshot_dir: Path, year: int, codes: list[str], dump: Path | None) -> dict[str, Any]:
    """Snapshot, then the rules, timed as check_run times them; per rule as catalogue_run measures it."""
    import django

    django.setup()
    from fangfanpin.quality.runner import catalogue_run, words_read
    from fangfanpin.quality.services import rule_overrides, rules_selected
    from fangfanpin.quality.snapshot import snapshot_build

    _import_before_timing()
    rules = rules_selected(codes or None)
    started, cpu_started = time.perf_counter(), time.process_time()
    first_rule: list[float] = []  # wall and CPU when the first rule starts: the prelude is done

    def progress(index: int, total: int, rule: Any) -> None:
        if not first_rule:
            first_rule.extend((time.perf_counter(), time.process_time()))

    rule_seconds: dict[str, float] = {}  # each rule's own time (two run at once)
    with snapshot_build(year=year, directory=snapshot_dir, words=words_read(rules)) as snapshot:
        built, cpu_built = time.perf_counter(), time.process_time()
        findings = catalogue_run(
            snapshot=snapshot,
            rules=rules,
            overrides=rule_overrides(),
            progress=progress,
            seconds=rule_seconds,
        )
        done, cpu_done = time.perf_counter(), time.process_time()
    written, cpu_written = time.perf_counter(), time.process_time()
    first, cpu_first = first_rule or (done, cpu_done)
    if dump:
        _dump(dump, findings)
    return {
        "rules": len(rules),
        "findings": len(findings),
        "counts": {r.code: 0 for r in rules} | dict(Counter(f.rule for f in findings)),
        "seconds": {
            "snapshot": built - started,
            # engine_open: register the Parquet files and materialise the prelude's mem and hh
            "prelude": first - built,
            "rules": done - first,
            # the snapshot's files are written while the rules run: what is left to wait for after them
            "files": written - done,
        },
        # CPU seconds of this process, all threads (PostgreSQL's side of COPY is the server's)
        "cpu": {
            "snapshot": cpu_built - cpu_started,
            "prelude": cpu_first - cpu_built,
            "rules": cpu_done - cpu_first,
            "files": cpu_written - cpu_done,
        },
        "rule_seconds": rule_seconds,
        "rows": json.loads((snapshot_dir / "manifest.json").read_text())["rows"],
        "departments": _department_rows(snapshot_dir),
    }


def _import_before_timing() -> None:
    """Do the imports the run would do lazily, so that the timed phases hold no start-up.

    The straightforward script imports pandas before its clock starts; here pyarrow imports pandas (when
    installed: a development dependency) on its first conversion of Python values, and engine_open imports
    the Spark engine's module (sqlglot) beside DuckDB's. The child's wall time, reported too, includes them.
    """
    import pyarrow as pa

    import fangfanpin.quality.engines.duckdb
    import fangfanpin.quality.engines.spark  # noqa: F401

    pa.array([0])


def _department_rows(snapshot_dir: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {
        folder.name: sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))
        for folder in sorted(snapshot_dir.glob("dept_*"))
    }


def _dump(path: Path, findings: list[Any]) -> None:
    """Write each finding's rule, 户编号, ID and subject key, to compare with the straightforward script's."""
    from fangfanpin.registry.models import Household

    numbers = dict(Household.objects.values_list("id", "household_no"))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for finding in findings:
            key = finding.subject.split(":", 1)[1] if ":" in finding.subject else ""
            writer.writerow((finding.rule, numbers.get(finding.household_id, ""), finding.id_number, key))


def scan(snapshot_dir: Path) -> dict[str, Any]:
    """Read every column of every table of the snapshot once: max() over all columns, per table."""
    import duckdb

    con = duckdb.connect()
    threads = os.environ.get("FFP_DUCKDB_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    tables = {p.stem: [p] for p in sorted(snapshot_dir.glob("*.parquet"))}
    tables |= {
        d.name: sorted(d.glob("*.parquet")) for d in sorted(snapshot_dir.glob("dept_*")) if any(d.iterdir())
    }
    seconds: dict[str, float] = {}
    rows = 0
    for name, files in tables.items():
        listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        started = time.perf_counter()
        con.execute(f"SELECT count(*), max(COLUMNS(*)) FROM read_parquet([{listed}])").fetchall()
        seconds[name] = time.perf_counter() - started
        rows += sum(_rows(f) for f in files)
    return {"seconds": sum(seconds.values()), "tables": seconds, "rows": rows}


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("--snapshot", type=Path, required=True, help="where to write the snapshot")
    run_parser.add_argument("--year", type=int, default=2021)
    run_parser.add_argument("--rules", default="", help="comma list of rule codes (default: all)")
    run_parser.add_argument("--dump", type=Path, help="write the findings' keys to this CSV")
    scan_parser = commands.add_parser("scan")
    scan_parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        codes = [c.strip() for c in args.rules.split(",") if c.strip()]
        result = run(args.snapshot, args.year, codes, args.dump)
    else:
        result = scan(args.snapshot)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
