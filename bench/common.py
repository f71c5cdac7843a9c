"""Helpers shared by the benchmarks: fresh databases, timed child processes, machine description."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FFP = [sys.executable, "-m", "fangfanpin.cli"]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, {cpu}, Python {platform.python_version()}"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak RSS of the child in MiB, its stdout)."""
    seconds, rss, _, out = timed_cpu(cmd, env)
    return seconds, rss, out


def timed_cpu(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run a command; return (seconds, peak RSS in MiB, CPU seconds user + system, stdout) of the child."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out


def stolen_seconds() -> float:
    """CPU seconds the hypervisor has given to other machines since boot, over all cores (Linux)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def sqlite_env(path: Path) -> dict[str, str]:
    if path.exists():
        path.unlink()
    return {**os.environ, "FFP_DATABASE_URL": f"sqlite:///{path}"}


def postgres_env(name: str, *, keep: bool = False) -> dict[str, str] | None:
    """A fresh PostgreSQL database for a benchmark (`keep`: the existing one), or None when no server is at hand."""
    url = subprocess.run(
        [str(ROOT / "scripts" / "pg-test-url")], capture_output=True, text=True
    ).stdout.strip()
    if not url:
        return None
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}"')
        if not exists or not keep:
            conn.execute(f'CREATE DATABASE "{name}"')
    return {**os.environ, "FFP_DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}


def synth(out: Path, persons: int, fmt: str = "csv") -> Path:
    """Write a synthetic county of about `persons` persons (about 4 per household) once, and reuse it."""
    marker = out / f".done-{persons}-{fmt}"
    if not marker.exists():
        out.mkdir(parents=True, exist_ok=True)
        households = max(1, persons // 4)
        subprocess.run(
            [
                *FFP,
                "synth",
                "--households",
                str(households),
                "--seed",
                "1",
                "--out",
                str(out),
                "--format",
                fmt,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.touch()
    return out
