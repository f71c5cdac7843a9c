"""`ffp check [--year Y] [--rules CODES] --out DIR [--all]`: run the catalogue and write the problem list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.commands import DataCommand
from fangfanpin.quality.catalogue import CATALOGUE
from fangfanpin.quality.exports import problems_write
from fangfanpin.quality.models import OPEN_STATUSES, Problem
from fangfanpin.quality.services import check_run


class Command(DataCommand):
    help = (
        "运行数据比对清洗规则，输出问题清单（problems.csv、problems.xlsx）。"
        "不带 --out 时运行 Django 的系统检查（如 ffp check --deploy）。"
    )

    def run_from_argv(self, argv: list[str]) -> None:
        # The data check takes Django's `check` name; without --out the system check still runs.
        if not any(arg == "--out" or arg.startswith("--out=") for arg in argv[2:]) and not (
            {"-h", "--help"} & set(argv[2:])
        ):
            from django.core.management.commands.check import Command as SystemCheck

            SystemCheck().run_from_argv(argv)
            return
        super().run_from_argv(argv)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=2021, help="检查年度（默认2021）")
        parser.add_argument("--rules", default="", help="只运行这些规则，逗号分隔，如 ID-01,GAP-01")
        parser.add_argument("--out", required=True, type=Path, help="输出目录")
        parser.add_argument("--all", action="store_true", help="包括已豁免、已核实的问题，并加“状态”列")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [c.strip().upper() for c in options["rules"].split(",") if c.strip()]
        try:
            CATALOGUE.select(codes)
        except KeyError as error:
            raise CommandError(f"没有这些规则：{error.args[0]}") from None
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)

        def progress(phase: str, done: int, total: int) -> None:
            if phase == "rules" and done % 10 == 0:
                self.stderr.write(f"  规则 {done}/{total}")

        run = check_run(year=options["year"], rules=codes, progress=progress)
        problems = Problem.objects.filter(rule__in=[r for r in (codes or CATALOGUE.rules)])
        if not options["all"]:
            problems = problems.filter(status__in=OPEN_STATUSES)
        for name in ("problems.csv", "problems.xlsx"):
            problems_write(out / name, problems, with_status=options["all"])
        s = run.summary
        self.stdout.write(
            f"检查 {run.pk}：{s['rules']} 条规则，发现 {s['findings']} 个问题"
            f"（新增 {s['new']}，仍未整改 {s['still_open']}，重新出现 {s['reopened']}，"
            f"自动销号 {s['closed']}，豁免 {s['kept_waived']}）；用时 {s['seconds']}"
        )
        self.stdout.write(f"问题清单：{out / 'problems.csv'}、{out / 'problems.xlsx'}")
