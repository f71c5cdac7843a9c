"""`ffp load FILE... [--year Y]`: import national-format files (villages first, then households, then work)."""

import sys
import time
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.commands import DataCommand
from fangfanpin.core.tabular import FileRefused
from fangfanpin.registry.services import import_order, national_file_load


class Command(DataCommand):
    help = "导入国家系统导出文件（监测对象信息、务工监测、行政村信息），支持xlsx和csv"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--year", type=int, help="年度（文件中没有“年度”列时必填）")

    def handle(self, *args, files: list[Path], year: int | None, **options) -> None:
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError("找不到文件：" + "、".join(missing))
        started = time.monotonic()
        total = 0
        for path in import_order(files):
            try:
                result = national_file_load(path=path, year=year, progress=self._progress(path))
            except FileRefused as refused:
                lines = "\n".join(f"  - {e}" for e in refused.errors)
                raise CommandError(f"{path.name}：文件未导入，数据库没有任何改动。原因：\n{lines}") from None
            total += result.rows
            sys.stderr.write("\n")
            for notice in result.notices:
                self.stderr.write(f"{path.name}：{notice}")
            self.stdout.write(f"{path.name}：{result.summary()}")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"已导入{len(files)}个文件，共{total}行，用时{seconds:.1f}秒（{total / max(seconds, 1e-9):.0f}行/秒）"
        )

    def _progress(self, path: Path):
        def report(phase: str, done: int, total: int) -> None:
            share = f"{done}/{total}行" if total else f"{done}行"
            sys.stderr.write(f"\r{path.name} {phase}：{share}   ")
            sys.stderr.flush()

        return report
