"""Benchmark `ffp load` of a synthetic county into SQLite and PostgreSQL, from CSV and XLSX.

Compares, in the same run, with the straightforward way county scripts do it (openpyxl reading the export,
one ORM save per person) on a smaller size that way can finish. Prints figures and ratios.

    .venv/bin/python bench/bench_load.py --persons 1000000 --naive-persons 20000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FFP, machine, postgres_env, sqlite_env, stolen_seconds, synth, timed, timed_cpu  # noqa: E402
from xlsx_from_csv import convert  # noqa: E402

NAIVE = """
import sys, django, os
django.setup()
from openpyxl import load_workbook
from fangfanpin.areas.models import Area
from fangfanpin.registry.models import Household, Member
villages = {a.name: a for a in Area.objects.filter(level="村")}
rows = load_workbook(sys.argv[1], read_only=True).active.iter_rows(values_only=True)
header = list(next(rows))
col = {h: i for i, h in enumerate(header)}
count = 0
for r in rows:
    count += 1
    household, _ = Household.objects.get_or_create(
        household_no=r[col["户编号"]], defaults={"village": villages[r[col["村"]]], "kind": r[col["户类型"]] or ""})
    Member.objects.create(household=household, name=r[col["姓名"]] or "", id_number=r[col["证件号码"]] or "",
                          relation=r[col["与户主关系"]] or "", sex=r[col["性别"]] or "")
print(count)
"""


def load_once(env: dict[str, str], files: list[Path]) -> tuple[float, float, float, float, int]:
    """(seconds, peak RSS MiB, CPU seconds of both import processes, CPU seconds stolen meanwhile, rows)."""
    timed([*FFP, "setup"], env)
    stolen = stolen_seconds()
    seconds, rss, cpu, out = timed_cpu([*FFP, "load", *map(str, files)], env)
    rows = int(out.rsplit("共", 1)[1].split("行", 1)[0])
    return seconds, rss, cpu, stolen_seconds() - stolen, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--naive-persons", type=int, default=20_000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ffp-bench")
    parser.add_argument(
        "--formats", default="csv,xlsx", help="comma list of csv, xlsx; 'none' for the baseline only"
    )
    parser.add_argument("--dbs", default="sqlite,postgresql", help="comma list of sqlite, postgresql")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    data = synth(args.work / f"county-{args.persons}", args.persons)
    village, people = data / "行政村信息.csv", data / "监测对象信息.csv"
    formats = {}
    if "csv" in args.formats:
        formats["csv"] = people
    if "xlsx" in args.formats:
        xlsx = data / "监测对象信息.xlsx"
        if not xlsx.exists():
            convert(people, xlsx)
        formats["xlsx"] = xlsx
    results = {}
    for fmt, path in formats.items():
        envs = {
            "sqlite": (lambda: sqlite_env(args.work / "bench.sqlite3")),
            "postgresql": (lambda: postgres_env("ffp_bench")),
        }
        for db, make_env in envs.items():
            if db not in args.dbs:
                continue
            env = make_env()
            if env is None:
                print(f"{db}: skipped (no server)")
                continue
            seconds, rss, cpu, stolen, rows = load_once(env, [village, path])
            results[(db, fmt)] = rows / seconds
            print(
                f"load {fmt:4} into {db:10}: {rows:,} rows in {seconds:6.1f} s = {rows / seconds:8,.0f} rows/s, "
                f"peak RSS {rss:,.0f} MiB, CPU {cpu:.1f} s; the hypervisor took {stolen:.1f} CPU s meanwhile"
            )
    naive_data = synth(args.work / f"county-{args.naive_persons}", args.naive_persons)
    naive_xlsx = naive_data / "监测对象信息.xlsx"
    if not naive_xlsx.exists():
        convert(naive_data / "监测对象信息.csv", naive_xlsx)
    env = sqlite_env(args.work / "naive.sqlite3")
    timed([*FFP, "setup"], env)
    timed([*FFP, "load", str(naive_data / "行政村信息.csv")], env)
    seconds, rss, out = timed(
        [sys.executable, "-c", NAIVE, str(naive_xlsx)],
        {**env, "DJANGO_SETTINGS_MODULE": "fangfanpin.settings"},
    )
    naive_rows = int(out.strip())
    naive_rate = naive_rows / seconds
    print(
        f"straightforward (openpyxl + one ORM save per person, 5 columns only) into sqlite: "
        f"{naive_rate:,.0f} rows/s on {naive_rows:,} persons"
    )
    for (db, fmt), rate in results.items():
        print(f"ratio {fmt} into {db}: {rate / naive_rate:.1f}x the straightforward way")


if __name__ == "__main__":
    main()
