"""Background work of the registry: imports run outside the request, with progress on the batch."""

from pathlib import Path

from django.core.cache import cache
from django_tasks import task

from fangfanpin.core.tabular import FileRefused
from fangfanpin.registry.models import ImportBatch
from fangfanpin.registry.services import national_file_load


def progress_key(batch_id: int) -> str:
    return f"registry.import.progress.{batch_id}"


@task()
def import_batch_run(batch_id: int) -> str:
    """Import the file of an uploaded batch; the batch records the result or every reason it was refused."""
    batch = ImportBatch.objects.get(pk=batch_id)

    def progress(phase: str, done: int, total: int) -> None:
        # The write runs in one transaction: pages learn its progress through the cache, not the batch row.
        cache.set(progress_key(batch_id), done, timeout=24 * 3600)

    user = batch.created_by
    scope = user.area.prefix if user is not None and user.area is not None else None
    try:
        result = national_file_load(
            path=Path(batch.stored_path),
            year=batch.year,
            actor=user,
            batch=batch,
            progress=progress,
            scope=scope,
        )
    except FileRefused:
        return "refused"
    return result.summary()
