"""Benchmark the household search at the server, on a database already loaded by bench_load.py.

Times the whole request (view, queries, template) for the first page of the household list as a city
admin, for each kind of search, and compares with the straightforward way: scanning the export file.

    FFP_DATABASE_URL=sqlite:////tmp/ffp-bench/bench.sqlite3 .venv/bin/python bench/bench_search.py \
        --export /tmp/ffp-bench/county-1000000/监测对象信息.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfanpin.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from common import machine  # noqa: E402
from fangfanpin.areas.models import User  # noqa: E402
from fangfanpin.core.enums import Role  # noqa: E402
from fangfanpin.registry.models import Household, Member  # noqa: E402

RUNS = 15


def city_admin() -> User:
    user = User.objects.filter(username="bench_city").first()
    if user is None:
        user = User.objects.create(username="bench_city", role=Role.CITY_ADMIN, area_id="533401000000")
    return user


def samples() -> dict[str, str]:
    middle = (Member.objects.order_by("-id").values_list("id", flat=True).first() or 0) // 2
    member = Member.objects.filter(relation="户主", id__gte=middle).order_by("id").first()
    assert member is not None, "load a county first (bench_load.py)"
    household = Household.objects.get(pk=member.household_id)
    return {
        "no search": "",
        "name (2 chars)": member.name[:2],
        "full name": member.name,
        "pinyin initials": member.name_initials,
        "户编号 prefix": household.household_no[:-2],
        "ID number": member.id_number,
    }


def timed_get(client: Client, q: str) -> float:
    started = time.perf_counter()
    response = client.get(reverse("registry:household_list"), {"q": q} if q else {})
    assert response.status_code == 200
    return (time.perf_counter() - started) * 1000


def scan_export(path: Path, q: str) -> float:
    """The straightforward way: read the export and test every person's name."""
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = next(rows)
        at = header.index("姓名")
        hits = [r for r in rows if r[at].startswith(q)]
    assert hits is not None
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--export", type=Path, help="the national export the database was loaded from")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(
        f"database: {os.environ.get('FFP_DATABASE_URL', 'default SQLite')}, persons: {Member.objects.count():,}"
    )
    client = Client()
    client.force_login(city_admin())
    found = samples()
    for label, q in found.items():
        timed_get(client, q)  # warm caches
        times = [timed_get(client, q) for _ in range(RUNS)]
        print(
            f"search {label:16} {q!r:24}: median {statistics.median(times):7.1f} ms, max {max(times):7.1f} ms"
        )
    if args.export:
        scan = scan_export(args.export, found["name (2 chars)"])
        ours = statistics.median(timed_get(client, found["name (2 chars)"]) for _ in range(RUNS))
        print(
            f"straightforward scan of the export for a name: {scan:,.0f} ms = {scan / ours:.0f}x our first page"
        )


if __name__ == "__main__":
    main()
