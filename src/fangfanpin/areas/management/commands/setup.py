"""`ffp setup`: migrate the database and create the base areas and monitoring lines (safe to run again)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from fangfanpin.areas.services import area_seed_base


class Command(BaseCommand):
    help = "初始化数据库：建表，并创建基础行政区划和监测标准（可重复执行）"

    def handle(self, *args, **options) -> None:
        call_command("migrate", verbosity=0)
        area_seed_base()
        self.stdout.write("数据库已初始化：基础行政区划和2020、2021年度监测标准已就绪")
