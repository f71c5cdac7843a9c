"""`ffp synth --households N --seed S --out DIR`: write synthetic national-format files (no database)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.commands import DataCommand
from fangfanpin.registry.synth import FORMATS, SynthError, SynthOptions, synthesize

QUIET_BELOW = 20_000  # households; smaller runs finish too fast for progress to help
_LABELS = {"households": "户数", "seed": "随机种子", "out": "输出文件夹"}


class Command(DataCommand):
    help = (
        "生成合成的国家系统格式数据（行政村信息、监测对象信息、务工监测），可埋设已知问题用于检验数据质量规则"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Values are parsed in handle(), so that a bad one gets a Chinese message, not argparse's English.
        parser.add_argument("--households", help="户数（必填）")
        parser.add_argument("--seed", help="随机种子（必填；相同种子生成完全相同的文件）")
        parser.add_argument("--out", help="输出文件夹（必填）")
        parser.add_argument("--year", default="2021", help="年度，默认 2021")
        parser.add_argument(
            "--anomalies", default="0", help="埋设问题的户比例，如 0.02；同时写出 planted.csv"
        )
        parser.add_argument("--format", dest="fmt", default="csv", help="csv（默认）或 xlsx")
        parser.add_argument("--county-code", default="533401", help="县代码，默认 533401（香格里拉市）")
        parser.add_argument("--demo", action="store_true", help="只生成演示乡镇小中甸镇的三个村")

    def handle(self, *args: Any, **options: Any) -> None:
        self._shown = -1
        synth_options = _options(options)
        progress = self._progress if synth_options.households >= QUIET_BELOW else None
        try:
            result = synthesize(synth_options, progress=progress)
        except SynthError as error:
            raise CommandError(str(error)) from None
        if progress is not None:
            sys.stderr.write("\n")
        self.stdout.write(result.summary())

    def _progress(self, done: int, total: int) -> None:
        percent = done * 100 // total
        if percent != self._shown:  # one line per percent, however often the shards report
            self._shown = percent
            sys.stderr.write(f"\r已生成 {done:,} / {total:,} 户（{percent}%）   ")
            sys.stderr.flush()


def _options(options: dict[str, Any]) -> SynthOptions:
    """Turn the command's raw option values into SynthOptions, refusing bad ones in Chinese."""
    for name, flag in (("households", "--households"), ("seed", "--seed"), ("out", "--out")):
        if options.get(name) in (None, ""):
            raise CommandError(f"请用 {flag} 指定{_LABELS[name]}")
    fmt = str(options.get("fmt") or "csv").lower()
    if fmt not in FORMATS:
        raise CommandError(f"--format 应为 {' 或 '.join(FORMATS)}，收到 {fmt}")
    return SynthOptions(
        households=_integer(options["households"], "--households"),
        seed=_integer(options["seed"], "--seed"),
        out=Path(str(options["out"])),
        year=_integer(options.get("year", 2021), "--year"),
        anomalies=_rate(options.get("anomalies", 0)),
        fmt=fmt,
        county_code=str(options.get("county_code") or "533401"),
        demo=bool(options.get("demo")),
    )


def _integer(value: Any, flag: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).replace(",", "").replace("_", "").strip()
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"{flag} 应为整数，收到 {value}") from None


def _rate(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise CommandError(f"--anomalies 应为 0 到 0.5 之间的小数，收到 {value}") from None
