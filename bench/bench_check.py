"""Benchmark the data-quality check: the whole catalogue over a synthetic county and its department data.

Measures, each in a child process with its peak memory: the catalogue as `check_run` runs it (snapshot,
then the rules) at full size, the whole `ffp check --out`, and DuckDB scanning the run's snapshot once (the
machine's limit). In the same run, on a smaller county, compares with the straightforward way (pandas
reading the exports, a Python loop per person: bench/naive_check.py) on the same rules, requires the same
number of findings per rule from both, and reports the ratio. Loading the data is setup: timed, printed,
and kept under bench/out/check-data/ for the next run with --reuse. Writes bench/out/check-<db>.txt.

    .venv/bin/python bench/bench_check.py --persons 1000000 --dept-rows 10000000 --reuse --quiet-load 1.0
    .venv/bin/python bench/bench_check.py --persons 20000 --dept-rows 200000 --db sqlite   # quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FFP, ROOT, machine, postgres_env, timed, timed_cpu  # noqa: E402
from naive_check import DEPARTMENTS  # noqa: E402
from naive_check import RULES as NAIVE_RULES  # noqa: E402

OUT = ROOT / "bench" / "out"
DATA = OUT / "check-data"
BENCH = Path(__file__).resolve().parent
YEAR = 2021
SEED = 1
TARGET_SECONDS, TARGET_MIB, TARGET_RATIO = 30.0, 4096.0, 20.0


@dataclass
class Dataset:
    """A synthetic county with its department files, loaded into one database, reusable across runs."""

    db: str
    persons: int
    dept_rows: int
    anomalies: float
    setup: list[tuple[str, float, float]] = field(default_factory=list)  # (step, seconds, peak MiB)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def export(self) -> Path:
        return DATA / f"export-{self.persons}"

    @property
    def departments(self) -> Path:
        return DATA / f"dept-{self.persons}-{self.dept_rows}"

    @property
    def home(self) -> Path:
        return DATA / f"{self.db}-{self.persons}-{self.dept_rows}"

    @property
    def label(self) -> str:
        return f"{self.persons:,} persons + {self.dept_rows:,} department rows"


def prepare(data: Dataset, reuse: bool, registry_only: bool = False) -> None:
    """Synthesize and load what is not there yet (everything, without --reuse); time each step."""
    if not reuse:
        for folder in (data.export, data.departments, data.home):
            shutil.rmtree(folder, ignore_errors=True)
    data.home.mkdir(parents=True, exist_ok=True)
    fresh = not (data.home / ".loaded").exists()
    if fresh:  # a new database: the department batches must be loaded into it again
        (data.home / ".dept-loaded").unlink(missing_ok=True)
        shutil.rmtree(data.home / "var", ignore_errors=True)
    data.env = _environment(data, fresh)
    households = max(1, data.persons // 4)
    _step(data, "synth", data.export, [*FFP, "synth", "--households", str(households), "--seed", str(SEED),
          "--anomalies", str(data.anomalies), "--out", str(data.export)])  # fmt: skip
    _step(data, "ffp load", data.home / ".loaded", _load_commands(data))
    if registry_only:
        return
    people = data.export / "监测对象信息.csv"
    _step(data, "synth_dept", data.departments, [*FFP, "synth_dept", "--households-csv", str(people),
          "--out", str(data.departments), "--seed", str(SEED), "--rows", str(data.dept_rows)])  # fmt: skip
    _step(data, "load_dept (15 files)", data.home / ".dept-loaded", _dept_commands(data))


def _environment(data: Dataset, fresh: bool) -> dict[str, str]:
    base = {
        **os.environ,
        "FFP_VAR_DIR": str(data.home / "var"),
        "DJANGO_SETTINGS_MODULE": "fangfanpin.settings",
    }
    if data.db == "sqlite":
        database = data.home / "ffp.sqlite3"
        if fresh:
            database.unlink(missing_ok=True)
        return {**base, "FFP_DATABASE_URL": f"sqlite:///{database}"}
    env = postgres_env(f"ffp_bench_check_{data.persons}_{data.dept_rows}", keep=not fresh)
    if env is None:
        raise SystemExit("no PostgreSQL server (scripts/pg-test-url printed nothing); try --db sqlite")
    return {
        **env,
        "FFP_VAR_DIR": base["FFP_VAR_DIR"],
        "DJANGO_SETTINGS_MODULE": base["DJANGO_SETTINGS_MODULE"],
    }


def _load_commands(data: Dataset) -> list[list[str]]:
    files = [data.export / name for name in ("行政村信息.csv", "监测对象信息.csv", "务工监测.csv")]
    return [[*FFP, "setup"], [*FFP, "load", *map(str, files)]]


def _dept_commands(data: Dataset) -> list[list[str]]:
    return [
        [*FFP, "load_dept", "--dept", code, str(data.departments / f"{code}.csv")] for code in DEPARTMENTS
    ]


def _step(data: Dataset, name: str, done: Path, commands: list[str] | list[list[str]]) -> None:
    """Run a setup step unless its result (a folder, or a marker file) is already there."""
    marker = done / ".done" if not done.name.startswith(".") else done
    if marker.exists():
        took = json.loads(marker.read_text() or "{}")  # what the step took when it ran
        data.setup.append((f"{name} (reused)", took.get("seconds", 0.0), took.get("rss", 0.0)))
        return
    runs = commands if isinstance(commands[0], list) else [commands]
    seconds, peak = 0.0, 0.0
    for command in runs:
        took, rss, _ = timed(list(command), data.env)
        seconds, peak = seconds + took, max(peak, rss)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"seconds": seconds, "rss": peak}))
    data.setup.append((name, seconds, peak))
    print(f"  setup {name:24} {seconds:8.1f} s   peak RSS {peak:7,.0f} MiB", flush=True)


@dataclass
class Measured:
    wall: float  # the child process, start to end
    rss: float  # its peak resident memory, MiB
    cpu: float  # its CPU seconds, user + system, all threads
    result: dict[str, Any]


def measured(command: list[str], env: dict[str, str], parse: bool = True) -> Measured:
    wall, rss, cpu, out = timed_cpu(command, env)
    return Measured(wall, rss, cpu, json.loads(out) if parse else {"out": out})


def engine_run(data: Dataset, tag: str, rules: list[str] | None = None, dump: bool = False) -> Measured:
    """The catalogue (or `rules`) as check_run runs it, in a child process; the snapshot is kept for a scan."""
    snapshot = data.home / "snapshots" / tag
    shutil.rmtree(snapshot, ignore_errors=True)
    command = [sys.executable, str(BENCH / "engine_check.py"), "run", "--snapshot", str(snapshot)]
    command += ["--year", str(YEAR)]
    if rules:
        command += ["--rules", ",".join(rules)]
    if dump:
        command += ["--dump", str(data.home / f"findings-{tag}.csv")]
    return measured(command, data.env)


def scan_run(data: Dataset, tag: str) -> Measured:
    snapshot = data.home / "snapshots" / tag
    scanned = measured([sys.executable, str(BENCH / "engine_check.py"), "scan", str(snapshot)], data.env)
    shutil.rmtree(snapshot, ignore_errors=True)
    return scanned


def naive_run(data: Dataset, as_dicts: bool) -> Measured:
    command = [sys.executable, str(BENCH / "naive_check.py"), "--export", str(data.export)]
    command += ["--departments", str(data.departments)]
    if as_dicts:
        command += ["--dicts"]
    else:
        command += ["--dump", str(data.home / "findings-naive.csv")]
    return measured(command, data.env)


def check_out_run(data: Dataset) -> tuple[Measured, str]:
    """`ffp check --out`: the run as users start it, problems and files included."""
    before = set((data.home / "var" / "snapshots").glob("run-*"))
    out_dir = data.home / "problems"
    command = [*FFP, "check", "--year", str(YEAR), "--out", str(out_dir)]
    run = measured(command, data.env, parse=False)
    for run_dir in set((data.home / "var" / "snapshots").glob("run-*")) - before:
        shutil.rmtree(run_dir, ignore_errors=True)  # a benchmark's snapshots need not be kept
    out = run.result["out"].strip()
    return run, out.splitlines()[0] if out else ""


def work_seconds(m: Measured) -> float:
    return sum(m.result["seconds"].values())


def wait_for_quiet(limit: float | None, minutes: int, say: Callable[[str], None]) -> None:
    """Wait until the 1-minute load average is under `limit` (the machine is shared), polling each minute."""
    if limit is None:
        return
    for _ in range(minutes):
        load = os.getloadavg()[0]
        if load < limit:
            say(f"load average {load:.2f} < {limit}: measuring")
            return
        print(f"  load average {load:.2f} >= {limit}: waiting a minute", flush=True)
        time.sleep(60)
    say(f"load average still {os.getloadavg()[0]:.2f} after {minutes} minutes: measuring anyway")


def compare_counts(data: Dataset, naive: Measured, ours: Measured) -> list[str]:
    """The rules whose finding counts differ, with a few findings only one side has."""
    differing = []
    for rule in NAIVE_RULES:
        a, b = naive.result["counts"].get(rule, 0), ours.result["counts"].get(rule, 0)
        if a != b:
            differing.append(f"{rule}: straightforward {a}, ours {b}" + _examples(data, rule))
    return differing


def _examples(data: Dataset, rule: str) -> str:
    def keys(name: str) -> set[tuple[str, ...]]:
        path = data.home / name
        if not path.exists():
            return set()
        with path.open(encoding="utf-8") as f:
            return {tuple(row[1:]) for row in csv.reader(f) if row[0] == rule}

    naive, ours = keys("findings-naive.csv"), keys("findings-subset.csv")
    return f"; only straightforward: {sorted(naive - ours)[:5]}; only ours: {sorted(ours - naive)[:5]}"


class Report:
    """Lines printed as they come and written to bench/out/check-<db>.txt at the end."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, flush=True)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def report_setup(say: Report, data: Dataset) -> None:
    say(f"setup of {data.label} ({data.db}; not measured against the targets):")
    for name, seconds, rss in data.setup:
        say(f"  {name:32} {seconds:8.1f} s   peak RSS {rss:7,.0f} MiB")


def phases(m: Measured) -> str:
    s, c = m.result["seconds"], m.result["cpu"]
    return (
        f"snapshot {s['snapshot']:.1f} + prelude {s['prelude']:.1f} + rules {s['rules']:.1f} "
        f"+ files {s['files']:.1f} = **{work_seconds(m):.1f} s** "
        f"(CPU {c['snapshot']:.1f} + {c['prelude']:.1f} + {c['rules']:.1f} + {c['files']:.1f} s)"
    )


def child(m: Measured) -> str:
    return f"child: {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, peak RSS {m.rss:,.0f} MiB"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report_full(
    say: Report, data: Dataset, ours: Measured, scan: Measured, check: tuple[Measured, str]
) -> None:
    r = ours.result
    total = work_seconds(ours)
    engine = r["seconds"]["prelude"] + r["seconds"]["rules"]
    say(f"## The whole catalogue, {data.label} ({data.db})")
    say(f"snapshot rows: {_rows(r)}")
    say("| what | figure | target |")
    say("|---|---|---|")
    say(
        f"| ours: snapshot_build + catalogue_run, {r['rules']} rules, {r['findings']:,} findings | "
        f"{phases(ours)}; peak RSS **{ours.rss:,.0f} MiB** ({child(ours)}) | < {TARGET_SECONDS:.0f} s "
        f"{verdict(total < TARGET_SECONDS)}; < 4 GB {verdict(ours.rss < TARGET_MIB)} |"
    )
    run, line = check
    say(f"| `ffp check --out` (also problems, village scores, CSV and XLSX) | {child(run)}: {line} | |")
    scanned = scan.result["seconds"]
    say(
        f"| DuckDB scanning the snapshot once ({scan.result['rows']:,} rows, every column) | {scanned:.2f} s ({child(scan)}) | |"
    )
    say(f"| ours / scan | {total / scanned:.1f}x (prelude + rules alone: {engine / scanned:.1f}x) | |")
    slowest = sorted(r["rule_seconds"].items(), key=lambda kv: -kv[1])[:10]
    say("slowest rules: " + ", ".join(f"{code} {sec:.2f} s" for code, sec in slowest))
    tables = sorted(scan.result["tables"].items(), key=lambda kv: -kv[1])[:6]
    say("slowest tables to scan: " + ", ".join(f"{t} {sec:.2f} s" for t, sec in tables))


def _rows(result: dict[str, Any]) -> str:
    registry = {
        k: v for k, v in result["rows"].items() if k in ("member", "household", "household_year", "work")
    }
    departments = sum(result["departments"].values())
    return ", ".join(f"{k} {v:,}" for k, v in registry.items()) + f", department {departments:,}"


def report_comparison(
    say: Report, data: Dataset, naive: Measured, tight: Measured | None, subset: Measured, whole: Measured
) -> list[str]:
    n = len(NAIVE_RULES)
    slow = sum(naive.result["seconds"].values())
    ours = work_seconds(subset)
    say(f"## Against the straightforward way, {data.label} ({data.db})")
    say("| what | figure | target |")
    say("|---|---|---|")
    say(f"| straightforward: pandas read_csv, then iterrows, {n} rules | {_naive(naive)} | |")
    if tight:
        say(f"| the same script looping over to_dict() rows | {_naive(tight)} | |")
    say(f"| ours, the same {n} rules | {phases(subset)} ({child(subset)}) | |")
    say(f"| ours, the whole catalogue ({whole.result['rules']} rules) | {phases(whole)} ({child(whole)}) | |")
    ratio = slow / ours
    say(
        f"| straightforward / ours, same rules | **{ratio:.1f}x** (child walls {naive.wall / subset.wall:.1f}x) "
        f"| >= {TARGET_RATIO:.0f}x {verdict(ratio >= TARGET_RATIO)} |"
    )
    if tight:
        tight_seconds = sum(tight.result["seconds"].values())
        say(
            f"| to_dict() script / ours, same rules | {tight_seconds / ours:.1f}x (child walls {tight.wall / subset.wall:.1f}x) | |"
        )
    say(f"| straightforward ({n} rules) / ours (whole catalogue) | {slow / work_seconds(whole):.1f}x | |")
    differing = compare_counts(data, naive, subset)
    if differing:
        say("FINDINGS DIFFER: " + " | ".join(differing))
    else:
        counts = ", ".join(f"{rule} {subset.result['counts'].get(rule, 0)}" for rule in NAIVE_RULES)
        say(f"findings per rule, the same on both sides: {counts}")
    return differing


def _naive(m: Measured) -> str:
    s = m.result["seconds"]
    return f"read {s['read']:.1f} + loop {s['loop']:.1f} = **{sum(s.values()):.1f} s** ({child(m)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument(
        "--persons", type=int, default=1_000_000, help="full size: persons (about 4 a household)"
    )
    parser.add_argument("--dept-rows", type=int, default=10_000_000, help="full size: department rows in all")
    parser.add_argument(
        "--naive-persons", type=int, default=20_000, help="the size the straightforward way runs"
    )
    parser.add_argument("--naive-dept-rows", type=int, default=200_000)
    parser.add_argument(
        "--anomalies", type=float, default=0.02, help="share of households with a planted error"
    )
    parser.add_argument("--reuse", action="store_true", help="keep data already synthesized and loaded")
    parser.add_argument("--skip-full", action="store_true", help="only the comparison at the smaller size")
    parser.add_argument("--skip-naive", action="store_true", help="only the full size")
    parser.add_argument(
        "--no-dicts", action="store_true", help="leave out the to_dict() variant of the script"
    )
    parser.add_argument(
        "--setup-only",
        choices=("registry", "all"),
        help="prepare the data (registry: synth and load) and stop",
    )
    parser.add_argument("--quiet-load", type=float, help="wait until the 1-minute load average is below this")
    parser.add_argument("--quiet-minutes", type=int, default=40)
    args = parser.parse_args()
    say = Report()
    say(f"# bench_check {' '.join(sys.argv[1:])}")
    say(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M')}")
    small = Dataset(args.db, args.naive_persons, args.naive_dept_rows, args.anomalies)
    full = Dataset(args.db, args.persons, args.dept_rows, args.anomalies)
    todo = ([] if args.skip_naive else [small]) + ([] if args.skip_full else [full])
    if len(todo) == 2 and small.home == full.home:
        todo, full = [small], small
    for data in todo:
        print(f"preparing {data.label} ({data.db}) under {data.home}", flush=True)
        prepare(data, args.reuse, registry_only=args.setup_only == "registry")
    if args.setup_only:
        return
    for data in todo:
        report_setup(say, data)
    wait_for_quiet(args.quiet_load, args.quiet_minutes, say)
    differing: list[str] = []
    if not args.skip_full:  # first, while the machine is quietest
        say(f"load average before the full size: {os.getloadavg()[0]:.2f}")
        ours = engine_run(full, "full")
        scan = scan_run(full, "full")
        check = check_out_run(full)
        report_full(say, full, ours, scan, check)
    if not args.skip_naive:
        say(f"load average before the comparison: {os.getloadavg()[0]:.2f}")
        naive = naive_run(small, as_dicts=False)
        tight = None if args.no_dicts else naive_run(small, as_dicts=True)
        subset = engine_run(small, "subset", NAIVE_RULES, dump=True)
        shutil.rmtree(small.home / "snapshots" / "subset", ignore_errors=True)
        whole = engine_run(small, "whole")
        shutil.rmtree(small.home / "snapshots" / "whole", ignore_errors=True)
        differing = report_comparison(say, small, naive, tight, subset, whole)
    say(f"load average after measuring: {os.getloadavg()[0]:.2f}")
    say.write(OUT / f"check-{args.db}.txt")
    if differing:
        raise SystemExit("the straightforward way and ours found different numbers: " + "; ".join(differing))


if __name__ == "__main__":
    main()
