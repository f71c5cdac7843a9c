"""Benchmark reading an XLSX block by block (core/xlsx_blocks) against calamine reading the sheet whole.

Each reader runs in a child process of its own, timed with its peak RSS. By default the first 100,000
persons of the synthetic county are written twice: as the streamed converter writes them (inline strings,
rows without numbers) and as Excel writes a file (shared strings, numbered rows and cells).

    .venv/bin/python bench/bench_xlsx_read.py
    .venv/bin/python bench/bench_xlsx_read.py --xlsx /tmp/ffp-bench/county-1000000/监测对象信息.xlsx --readers blocks
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, machine, synth, timed_cpu  # noqa: E402
from xlsx_from_csv import convert  # noqa: E402

READERS = ("blocks", "whole")


def read(reader: str, path: Path, block_rows: int) -> int:
    """Read every row with one reader; return how many rows it gave."""
    if reader == "blocks":
        from fangfanpin.core.xlsx_blocks import xlsx_rows

        return sum(1 for _ in xlsx_rows(path, block_rows))
    from python_calamine import load_workbook

    return sum(1 for _ in load_workbook(str(path)).get_sheet_by_index(0).iter_rows())


def head_csv(src: Path, dst: Path, records: int) -> Path:
    """Copy the header and the first `records` records of a CSV."""
    if not dst.exists():
        with (
            src.open(encoding="utf-8-sig", newline="") as f,
            dst.open("w", encoding="utf-8", newline="") as out,
        ):
            csv.writer(out).writerows(itertools.islice(csv.reader(f), records + 1))
    return dst


def measure(reader: str, path: Path, block_rows: int) -> None:
    cmd = [sys.executable, __file__, "--child", reader, "--xlsx", str(path), "--block-rows", str(block_rows)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    seconds, rss, cpu, out = timed_cpu(cmd, env)
    rows = int(out)
    print(
        f"  {reader:6} {rows:>9,} rows  {seconds:7.1f} s  {rows / seconds:9,.0f} rows/s  "
        f"CPU {cpu:7.1f} s  peak RSS {rss:6,.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xlsx", type=Path, help="read this file instead of the 100,000-row samples")
    parser.add_argument("--readers", default=",".join(READERS), help="comma list of blocks, whole")
    parser.add_argument("--block-rows", type=int, default=0, help="rows per block; 0: the reader's default")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ffp-bench")
    parser.add_argument("--child", choices=READERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.block_rows == 0:
        from fangfanpin.core.xlsx_blocks import BLOCK_ROWS

        args.block_rows = BLOCK_ROWS
    if args.child:
        print(read(args.child, args.xlsx, args.block_rows))
        return
    print(f"machine: {machine()}")
    print(f"load: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    files = [args.xlsx] if args.xlsx else _samples(args.work, args.persons)
    for path in files:
        size = path.stat().st_size / 2**20
        print(f"{path} ({size:,.0f} MiB), {args.block_rows:,} rows a block")
        for reader in args.readers.split(","):
            measure(reader, path, args.block_rows)


def _samples(work: Path, persons: int) -> list[Path]:
    out = work / f"xlsx-read-{persons}"
    out.mkdir(parents=True, exist_ok=True)
    county = synth(work / "county-1000000", 1_000_000)
    people = head_csv(county / "监测对象信息.csv", out / "监测对象信息.csv", persons)
    converted = out / "converted.xlsx"
    if not converted.exists():
        convert(people, converted)
    excel = out / "excel-style.xlsx"
    if not excel.exists():
        convert(people, excel, excel_style=True)
    return [converted, excel]


if __name__ == "__main__":
    main()
