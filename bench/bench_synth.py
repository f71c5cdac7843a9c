"""Benchmark `ffp synth`: generate a synthetic county of about a million persons and report the figures.

Prints seconds, persons per second, peak resident memory (this process and its shard processes) and the
size of what was written. The target is a million persons in under 60 s on 2 cores.

    .venv/bin/python bench/bench_synth.py --persons 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangfanpin.settings")

from common import machine  # noqa: E402
from fangfanpin.registry.synth import MEAN_PERSONS, SynthOptions, synthesize  # noqa: E402


def cpu_seconds() -> float:
    """Return user + system CPU time of this process and its finished children (the shard processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mib() -> float:
    """Return the largest resident set of this process or any of its finished children, in MiB (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--persons", type=int, default=1_000_000, help="about how many persons (rows) to write"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--anomalies", type=float, default=0.0)
    parser.add_argument(
        "--keep", type=Path, help="write here and keep the files (default: a temporary folder)"
    )
    args = parser.parse_args()
    households = max(1, round(args.persons / MEAN_PERSONS))
    print(f"machine: {machine()}")
    # The machine may be shared: the load says how much of the 2 cores the run could have had.
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="ffp-bench-synth-") as scratch:
        out = args.keep or Path(scratch)
        options = SynthOptions(
            households=households, seed=args.seed, out=out, fmt=args.fmt, anomalies=args.anomalies
        )
        result = synthesize(options)
        size = sum(path.stat().st_size for path in result.files)
    print(result.summary())
    print(f"households:      {result.households:,}")
    print(f"persons:         {result.persons:,}")
    print(f"seconds:         {result.seconds:.1f}")
    print(f"persons/second:  {result.persons / result.seconds:,.0f}")
    print(f"CPU seconds:     {cpu_seconds():.1f} (user + system, all processes)")
    print(f"load average:    {os.getloadavg()[0]:.2f} (1 minute, at the end)")
    print(f"peak RSS:        {peak_rss_mib():.0f} MiB")
    print(f"output size:     {size / 2**20:.0f} MiB ({args.fmt}, {len(result.files)} files)")


if __name__ == "__main__":
    main()
