"""`ffp serve`: serve the app with waitress and run the background-job worker beside it."""

import subprocess
import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动网站（waitress）和后台任务进程"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, threads: int, **options) -> None:
        from waitress import serve

        from fangfanpin.wsgi import application

        worker = subprocess.Popen([sys.executable, "-m", "fangfanpin.cli", "db_worker", "--interval", "0.5"])
        self.stdout.write(f"网站已启动：http://{host}:{port}/ （按 Ctrl+C 停止）")
        try:
            serve(application, host=host, port=port, threads=threads, ident="fangfanpin")
        finally:
            worker.terminate()
            worker.wait(timeout=10)
