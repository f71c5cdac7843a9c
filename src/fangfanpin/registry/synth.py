"""Synthetic registry data in the national formats (`ffp synth`): villages, households, members, work.

Everything is drawn from random.Random seeded by the run's seed (one stream per village), with no clock
and no set or hash order involved, so the same options always give byte-identical files. Rows are
streamed to disk household by household (synth_shard), two shards in parallel for big runs; only
per-village counters stay in memory.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import queue
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fangfanpin.areas import seed
from fangfanpin.registry import synth_names as words
from fangfanpin.registry.columns import FILE_KINDS
from fangfanpin.registry.synth_anomalies import PLANTED_HEADERS, Planted
from fangfanpin.registry.synth_household import Village
from fangfanpin.registry.synth_people import SHARDS, calendar_for
from fangfanpin.registry.synth_shard import ShardJob, ShardOutput, run_shard
from fangfanpin.registry.synth_write import Span, assemble_csv, assemble_xlsx, write_small

FORMATS = ("csv", "xlsx")
MAX_HOUSEHOLDS = 10_000_000
HOUSEHOLDS_PER_VILLAGE = 700
VILLAGES_PER_TOWN = 10
MEAN_PERSONS = 4.0  # rows per household, removed members included; for sizing XLSX and benchmarks
PLANTED_FILE = "planted.csv"
PARALLEL_FROM = 20_000  # households; smaller runs finish before a second process would have started
Progress = Callable[[int, int], None]  # (households done, households in all)


class SynthError(ValueError):
    """A bad option, described in Chinese for the user."""


@dataclass(frozen=True)
class SynthOptions:
    households: int
    seed: int
    out: Path
    year: int = 2021
    anomalies: float = 0.0
    fmt: str = "csv"
    county_code: str = "533401"
    demo: bool = False


@dataclass
class SynthResult:
    out: Path
    households: int = 0
    persons: int = 0
    work_rows: int = 0
    villages: int = 0
    planted: int = 0
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """Say in one line what was generated."""
        planted = f"，埋设问题 {self.planted:,} 个" if self.planted else ""
        return (
            f"已生成 {self.households:,} 户 {self.persons:,} 人（{self.villages} 个村，务工记录 {self.work_rows:,} 条）"
            f"{planted}，写入 {self.out}（用时 {self.seconds:.1f} 秒）"
        )


def check_options(options: SynthOptions) -> None:
    """Refuse options that cannot give sensible data, with a message the user understands."""
    o = options
    if not 1 <= o.households <= MAX_HOUSEHOLDS:
        raise SynthError(f"户数应在 1 到 {MAX_HOUSEHOLDS:,} 之间，收到 {o.households}")
    if o.demo and o.households < len(seed.DEMO_VILLAGES):
        raise SynthError(f"演示乡镇有 {len(seed.DEMO_VILLAGES)} 个村，户数至少为 {len(seed.DEMO_VILLAGES)}")
    today = dt.date.today()
    latest = today.year if today > dt.date(today.year, 6, 30) else today.year - 1  # births end on 30 June
    if not 2019 <= o.year <= latest:
        raise SynthError(f"年度应在 2019 到 {latest} 之间（监测从 2019 年开始），收到 {o.year}")
    if not 0 <= o.anomalies <= 0.5:
        raise SynthError(f"问题比例应在 0 到 0.5 之间，收到 {o.anomalies}")
    if o.fmt not in FORMATS:
        raise SynthError(f"格式应为 {' 或 '.join(FORMATS)}，收到 {o.fmt}")
    if len(o.county_code) != 6 or not o.county_code.isdigit():
        raise SynthError(f"县代码应为 6 位数字，收到 {o.county_code}")
    if o.demo and o.county_code != seed.DEMO_TOWN[0][:6]:
        raise SynthError(f"演示数据属于小中甸镇（香格里拉市 {seed.DEMO_TOWN[0][:6]}），不能指定其他县代码")
    if o.fmt == "xlsx" and o.households * MEAN_PERSONS * 1.03 > 1_048_575:
        raise SynthError("XLSX 单表最多 1,048,575 行，户数过多，请改用 --format csv")
    if o.out.exists() and not o.out.is_dir():
        raise SynthError(f"输出位置已存在且不是文件夹：{o.out}")


# --- areas ---------------------------------------------------------------------------------------------


def plan_villages(options: SynthOptions, rng: random.Random) -> list[Village]:
    """Lay out the villages to generate and how many households each gets."""
    villages = _demo_villages(rng) if options.demo else _county_villages(options, rng)
    for village, count in zip(villages, _split(options.households, len(villages), rng), strict=True):
        village.households = count
    return villages


def _demo_villages(rng: random.Random) -> list[Village]:
    county = words.COUNTY_NAMES[seed.DEMO_TOWN[0][:6]]
    villages = []
    for code, name, _level, _parent in seed.DEMO_VILLAGES:
        lon, lat = seed.DEMO_CENTRES[code]
        villages.append(
            Village(code, name, seed.DEMO_TOWN[1], county, _groups(rng), (float(lon), float(lat)))
        )
    return villages


def _county_villages(options: SynthOptions, rng: random.Random) -> list[Village]:
    code = options.county_code
    county = words.COUNTY_NAMES.get(code, "示例县")
    lon, lat = words.COUNTY_CENTRES.get(code, words.DEFAULT_CENTRE)
    count = max(1, round(options.households / HOUSEHOLDS_PER_VILLAGE))
    per_town = max(VILLAGES_PER_TOWN, math.ceil(count / 899))  # town codes run from 101 to 999
    villages = []
    for i in range(count):
        town_no, in_town = divmod(i, per_town)
        town_code = f"{code}{101 + town_no:03d}"
        centre = (lon + (rng.random() - 0.5) * 0.7, lat + (rng.random() - 0.5) * 0.7)
        villages.append(
            Village(
                f"{town_code}{201 + in_town:03d}",
                f"示例{i + 1}村",
                f"示例{town_no + 1}镇",
                county,
                _groups(rng),
                centre,
            )
        )
    return villages


def _groups(rng: random.Random) -> tuple[str, ...]:
    return tuple(f"示例{words.CHINESE_NUMERALS[i]}组" for i in range(rng.randint(6, 10)))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Share `total` among villages of uneven size (largest remainder, so that the sum is exact)."""
    weights = [0.6 + 0.8 * rng.random() for _ in range(parts)]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(parts), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- entry point ---------------------------------------------------------------------------------------


def synthesize(options: SynthOptions, progress: Progress | None = None) -> SynthResult:
    """Generate the national-format files described by the options into options.out."""
    check_options(options)
    began = time.perf_counter()
    options.out.mkdir(parents=True, exist_ok=True)
    master = random.Random(options.seed)
    phone_offset = master.randrange(100_000_000)
    villages = plan_villages(options, master)
    calendar_for(options.year)  # built before the shards fork, so that each need not build its own
    with tempfile.TemporaryDirectory(prefix=".synth-", dir=options.out) as folder:
        jobs = [
            ShardJob(
                options.seed, options.year, options.anomalies, villages, shard, phone_offset, Path(folder)
            )
            for shard in range(SHARDS)
        ]
        outputs = run_shards(jobs, options.households, progress)
        result = _assemble(options, villages, jobs, outputs)
    result.seconds = time.perf_counter() - began
    return result


def _assemble(
    options: SynthOptions, villages: list[Village], jobs: list[ShardJob], outputs: list[ShardOutput]
) -> SynthResult:
    """Put the shards' parts together into the final files, village by village, and add up the totals."""
    out, fmt = options.out, options.fmt
    merged = ShardOutput(shard=-1)
    for o in outputs:
        merged.person_spans.update(o.person_spans)
        merged.work_spans.update(o.work_spans)
        merged.village_rows.update(o.village_rows)
    order = range(len(villages))
    files = []
    for code, parts, spans in (
        ("household", "persons", merged.person_spans),
        ("work", "work", merged.work_spans),
    ):
        kind = FILE_KINDS[code]
        path = out / f"{kind.title}.{fmt}"
        headers = tuple(c.header for c in kind.columns)
        assemble = assemble_xlsx if fmt == "xlsx" else _assemble_csv
        assemble(path, kind.title, headers, [job.part(parts) for job in jobs], [spans[i] for i in order])
        files.append(path)
    village_kind = FILE_KINDS["village"]
    path = out / f"{village_kind.title}.{fmt}"
    write_small(
        path,
        village_kind.title,
        tuple(c.header for c in village_kind.columns),
        (merged.village_rows[i] for i in order),
        fmt,
    )
    files.insert(0, path)
    planted = [item for _, item in sorted((p for o in outputs for p in o.planted), key=lambda pair: pair[0])]
    result = SynthResult(
        out=out,
        households=sum(o.households for o in outputs),
        persons=sum(o.persons for o in outputs),
        work_rows=sum(o.work_rows for o in outputs),
        villages=len(villages),
        files=files,
    )
    _write_planted(options, planted, result)
    return result


def _assemble_csv(
    path: Path, title: str, headers: tuple[str, ...], parts: list[Path], spans: list[Span]
) -> None:
    assemble_csv(path, headers, parts, spans)


def _write_planted(options: SynthOptions, planted: list[Planted], result: SynthResult) -> None:
    """Write planted.csv when errors were asked for; drop a stale one otherwise, so that it never misleads."""
    path = options.out / PLANTED_FILE
    if options.anomalies <= 0:
        path.unlink(missing_ok=True)
        return
    write_small(path, "planted", PLANTED_HEADERS, (item.cells() for item in planted), "csv")
    result.planted = len(planted)
    result.files.append(path)


# --- shards in parallel --------------------------------------------------------------------------------


def run_shards(jobs: list[ShardJob], total: int, progress: Progress | None) -> list[ShardOutput]:
    """Run the shards, in parallel processes when the run is big enough to gain from it."""
    if total < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        done = [0]

        def tick(count: int) -> None:
            done[0] += count
            if progress is not None and count:
                progress(done[0], total)

        return [run_shard(job, tick) for job in jobs]
    return _in_processes(jobs, total, progress)


def _in_processes(jobs: list[ShardJob], total: int, progress: Progress | None) -> list[ShardOutput]:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    done = context.Value("q", 0)
    results = context.Queue()
    workers = [context.Process(target=_shard_process, args=(job, done, results), daemon=True) for job in jobs]
    for worker in workers:
        worker.start()
    outputs: dict[int, ShardOutput] = {}
    try:
        while len(outputs) < len(jobs):
            try:
                item = results.get(timeout=0.5)
            except queue.Empty:
                if any(w.exitcode not in (None, 0) for w in workers):
                    raise SynthError("生成数据的子进程意外退出") from None
            else:
                if isinstance(item, str):
                    raise SynthError(f"生成数据时出错：{item}")
                outputs[item.shard] = item
            if progress is not None:
                progress(done.value, total)
    finally:
        for worker in workers:
            if worker.is_alive() and len(outputs) < len(jobs):
                worker.terminate()
            worker.join()
    return [outputs[job.shard] for job in jobs]


def _shard_process(job: ShardJob, done: Any, results: Any) -> None:
    """Run one shard in a child process; report its output, or the error, through the queue."""

    def tick(count: int) -> None:
        with done.get_lock():
            done.value += count

    try:
        results.put(run_shard(job, tick))
    except Exception as error:  # noqa: BLE001 - the parent turns it into a message for the user
        results.put(f"{type(error).__name__}: {error}")
