"""`ffp synth_dept --households-csv FILE --out DIR --seed S [--rows N]`: synthetic department files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.commands import DataCommand
from fangfanpin.quality.synth_dept import SynthDeptError, synthesize_departments


class Command(DataCommand):
    help = "按合成的监测对象信息生成15个部门的比对数据（CSV），埋设少量部门比对问题，写出 planted_dept.csv"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households-csv", help="ffp synth 生成的监测对象信息.csv（必填）")
        parser.add_argument("--out", help="输出文件夹（必填）")
        parser.add_argument(
            "--seed", type=int, default=None, help="随机种子（必填；相同种子生成完全相同的文件）"
        )
        parser.add_argument("--rows", type=int, default=None, help="总行数（约数）；默认按人数自然生成")
        parser.add_argument("--year", type=int, default=None, help="年度，默认取文件中的最新年度")

    def handle(self, *args: Any, **options: Any) -> None:
        for name, flag in (("households_csv", "--households-csv"), ("out", "--out"), ("seed", "--seed")):
            if options.get(name) in (None, ""):
                raise CommandError(f"请用 {flag} 指定")
        source = Path(options["households_csv"])
        if not source.is_file():
            raise CommandError(f"找不到文件：{source}")
        started = time.monotonic()
        try:
            result = synthesize_departments(
                households_csv=source,
                out=Path(options["out"]),
                seed=options["seed"],
                rows=options["rows"],
                year=options["year"],
            )
        except SynthDeptError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.summary()}，写入 {options['out']}（用时 {time.monotonic() - started:.1f} 秒）"
        )
