"""Background work of the data-quality engine: a check run started from the web, with progress."""

from django.core.cache import cache
from django_tasks import task

from fangfanpin.quality.models import CheckRun
from fangfanpin.quality.services import check_run

PHASES = {"snapshot": "正在生成数据快照", "rules": "正在运行规则", "problems": "正在更新问题清单"}


def progress_key(run_id: int) -> str:
    return f"quality.check.progress.{run_id}"


def run_progress(run_id: int) -> dict[str, object] | None:
    """The run's phase and rule count, as the page shows them while it runs."""
    return cache.get(progress_key(run_id))


@task()
def check_run_task(run_id: int) -> str:
    """Run a check that a user started; the run records the result or the error."""
    run = CheckRun.objects.get(pk=run_id)

    def progress(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(run_id), {"phase": PHASES[phase], "done": done, "total": total}, timeout=86400)

    run = check_run(year=run.year, rules=run.rules, actor=run.created_by, run=run, progress=progress)
    return f"{run.summary.get('findings', 0)} findings"
