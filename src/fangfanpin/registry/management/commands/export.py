"""`ffp export --year Y --out FILE`: write the registry in the national household-member layout."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.audit import audit
from fangfanpin.core.commands import DataCommand
from fangfanpin.registry.exporter import household_export
from fangfanpin.registry.models import Household


class Command(DataCommand):
    help = "按国家系统格式导出监测对象信息（.xlsx 或 .csv，按文件名决定）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="年度")
        parser.add_argument("--out", type=Path, required=True, help="输出文件（.xlsx 或 .csv）")

    def handle(self, *args, year: int, out: Path, **options) -> None:
        out = Path(out)
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(f"输出文件名应以 .csv 或 .xlsx 结尾：{out}")
        if not out.parent.is_dir():
            raise CommandError(f"输出目录不存在：{out.parent}")
        # The command line acts as the system itself, over every area (explicit system context).
        rows = household_export(households=Household.objects.all(), year=year, out=out)
        audit("registry.household.exported", subject=str(out), year=year, rows=rows)
        self.stdout.write(f"已导出{year}年度{rows}行到{out}")
