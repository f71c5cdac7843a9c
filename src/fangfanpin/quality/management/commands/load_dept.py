"""`ffp load-dept --dept CODE FILE... [--warning]`: load department files (FORMATS §4) for the DEPT rules."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from fangfanpin.core.commands import DataCommand
from fangfanpin.core.tabular import FileRefused
from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.dept_load import department_file_load, registry_id_set
from fangfanpin.quality.models import DepartmentBatch, DepartmentRowIssue

MAX_LISTED = 50  # listed rows printed per kind; the batch page lists them all


class Command(DataCommand):
    help = "载入部门比对数据（公安、民政、医保等15个部门，用 --dept 指定部门代码），支持xlsx和csv"

    def add_arguments(self, parser: CommandParser) -> None:
        codes = "、".join(f"{code}（{fmt.title}）" for code, fmt in DEPARTMENTS.items())
        parser.add_argument("--dept", help=f"部门代码（必填）：{codes}")
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--warning", action="store_true", help="按预警名单载入（文件含“预警原因”列时自动识别）"
        )

    def handle(self, *args: Any, dept: str | None, files: list[Path], warning: bool, **options: Any) -> None:
        if not dept or dept not in DEPARTMENTS:
            raise CommandError(f"请用 --dept 指定部门代码，应为：{'、'.join(DEPARTMENTS)}")
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError("找不到文件：" + "、".join(missing))
        started = time.monotonic()
        ids = registry_id_set()
        refused = [path.name for path in files if not self._load(path, dept, warning, ids)]
        seconds = time.monotonic() - started
        self.stdout.write(f"共{len(files)}个文件，用时{seconds:.1f}秒")
        if refused:
            raise CommandError(f"{len(refused)}个文件未载入：" + "、".join(refused))

    def _load(self, path: Path, dept: str, warning: bool, ids: Any) -> bool:
        try:
            batch = department_file_load(
                path=path,
                department=dept,
                is_warning=warning or None,
                progress=self._progress(path),
                registry_ids=ids,
            )
        except FileRefused as error:
            sys.stderr.write("\n")
            lines = "\n".join(f"  - {e}" for e in error.errors)
            self.stderr.write(f"{path.name}：文件未载入，原因：\n{lines}")
            return False
        sys.stderr.write("\n")
        self._report(path, batch)
        return True

    def _report(self, path: Path, batch: DepartmentBatch) -> None:
        kind = "预警名单" if batch.is_warning else "数据"
        self.stdout.write(
            f"{path.name}：{DEPARTMENTS[batch.department].title}{kind}，共{batch.rows_total}行，载入{batch.rows_loaded}行"
            f"（匹配{batch.rows_matched}，未匹配{batch.rows_unmatched}），拒收{batch.rows_rejected}行，"
            f"重复{batch.rows_duplicate}行"
        )
        for notice in batch.notices:
            self.stdout.write(f"  提示：{notice}")
        for kind_value, label in DepartmentRowIssue.Kind.choices:
            issues = batch.issues.filter(kind=kind_value)
            for issue in issues[:MAX_LISTED]:
                self.stdout.write(f"  {label}：{issue.reason}")
            more = issues.count() - MAX_LISTED
            if more > 0:
                self.stdout.write(f"  ……另有{more}行{label}，见网页上的批次详情")

    def _progress(self, path: Path) -> Any:
        def report(phase: str, done: int, total: int) -> None:
            sys.stderr.write(f"\r{path.name} {phase}：{done}行   " if done else f"\r{path.name} {phase}…   ")
            sys.stderr.flush()

        return report
