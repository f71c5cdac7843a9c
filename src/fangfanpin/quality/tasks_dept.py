"""Background work for department uploads: the load runs outside the request, its progress in the cache."""

from pathlib import Path

from django.core.cache import cache
from django_tasks import task

from fangfanpin.core.tabular import FileRefused
from fangfanpin.quality.dept_load import department_file_load
from fangfanpin.quality.models import DepartmentBatch


def progress_key(batch_id: int) -> str:
    return f"quality.department.progress.{batch_id}"


@task()
def department_batch_run(batch_id: int) -> str:
    """Load the file of an uploaded batch; the batch records the result or every reason it was refused."""
    batch = DepartmentBatch.objects.get(pk=batch_id)

    def progress(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(batch_id), {"phase": phase, "done": done}, timeout=24 * 3600)

    try:
        batch = department_file_load(
            path=Path(batch.stored_path),
            department=batch.department,
            actor=batch.created_by,
            is_warning=batch.is_warning or None,
            batch=batch,
            progress=progress,
        )
    except FileRefused:
        return "refused"
    return f"loaded {batch.rows_loaded} of {batch.rows_total}"
