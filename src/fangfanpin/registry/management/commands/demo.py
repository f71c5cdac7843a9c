"""`ffp demo`: a fresh embedded database with the demo township 小中甸镇, its users, and the server."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from fangfanpin.areas.seed import DEMO_TOWN, DEMO_VILLAGES
from fangfanpin.areas.services import area_ensure_many, area_seed_base, demo_users_create
from fangfanpin.registry.services import import_order, national_file_load

DEMO_HOUSEHOLDS = 2000
DEMO_SEED = 2021
DEMO_YEAR = 2021
DEMO_DEPARTMENTS = ("gongan_huji", "gongan_cheliang", "minzheng_jiuzhu")


class Command(BaseCommand):
    help = "创建演示数据库（小中甸镇，约2000户）和演示用户，并启动网站"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动网站")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve: bool, port: int, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError("演示只使用内置的SQLite数据库：请取消设置 FFP_DATABASE_URL 后重试")
        self._fresh_database()
        call_command("migrate", verbosity=0)
        area_seed_base()
        area_ensure_many(specs=[DEMO_TOWN, *DEMO_VILLAGES])
        data_dir = Path(settings.VAR_DIR) / "demo-data"
        call_command(
            "synth",
            households=DEMO_HOUSEHOLDS,
            seed=DEMO_SEED,
            out=str(data_dir),
            year=DEMO_YEAR,
            demo=True,
            anomalies=0.02,
        )
        for path in import_order(sorted(data_dir.glob("*.csv"))):
            if path.name == "planted.csv":
                continue
            result = national_file_load(path=path, year=DEMO_YEAR)
            self.stdout.write(f"{path.name}：{result.summary()}")
        self._departments(data_dir)
        self.stdout.write("演示用户（密码均为 demo12345）：")
        for username, role, area in demo_users_create():
            self.stdout.write(f"  {username:<14} {role:<10} {area}")
        if not no_serve:
            call_command("serve", port=port)

    def _departments(self, data_dir: Path) -> None:
        """Load a few departments' files made for the demo persons, so the DEPT rules have data."""
        from fangfanpin.quality.dept_load import department_file_load
        from fangfanpin.quality.synth_dept import synthesize_departments

        out = data_dir / "departments"
        synthesize_departments(households_csv=data_dir / "监测对象信息.csv", out=out, seed=DEMO_SEED)
        for code in DEMO_DEPARTMENTS:
            batch = department_file_load(path=out / f"{code}.csv", department=code)
            self.stdout.write(
                f"{code}.csv：载入{batch.rows_loaded}行，未匹配{batch.rows_unmatched}行，"
                f"拒收{batch.rows_rejected}行，重复{batch.rows_duplicate}行"
            )

    def _fresh_database(self) -> None:
        name = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{name}{suffix}")
            if path.exists():
                os.remove(path)
        name.parent.mkdir(parents=True, exist_ok=True)
