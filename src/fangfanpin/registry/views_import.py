"""The upload page for national-format files (township and city admins) and the page of one import."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fangfanpin.core.access import access, area_prefix_for
from fangfanpin.core.enums import Role
from fangfanpin.core.search import code_prefix_q
from fangfanpin.registry.models import ImportBatch
from fangfanpin.registry.tasks import import_batch_run, progress_key

IMPORT_ROLES = frozenset({Role.TOWNSHIP_ADMIN, Role.CITY_ADMIN})
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="导出文件", help_text="监测对象信息、务工监测或行政村信息（xlsx 或 csv）")
    year = forms.IntegerField(
        label="年度", required=False, min_value=2016, max_value=2100, help_text="文件中没有“年度”列时必填"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("只能导入 .xlsx、.xls 或 .csv 文件")
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件超过 {settings.MAX_UPLOAD_BYTES // 2**20} MB，请用命令行 ffp load 导入"
            )
        return upload


def batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """Import batches started by users within the user's areas."""
    prefix = area_prefix_for(user)
    if prefix is None:
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(code_prefix_q("created_by__area__code", prefix)).select_related(
        "created_by"
    )


def _store(upload) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@access(roles=IMPORT_ROLES, write=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch.objects.create(  # type: ignore[misc]  # access() guarantees a signed-in User
            file_name=upload.name,
            stored_path=str(_store(upload)),
            year=form.cleaned_data["year"],
            created_by=request.user,
        )
        import_batch_run.enqueue(batch.pk)
        return redirect("registry:import_batch", pk=batch.pk)
    batches = batch_list(user=request.user)[:20]
    return render(request, "registry/import_upload.html", {"form": form, "batches": batches})


@access(roles=IMPORT_ROLES)
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_list(user=request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404("没有这次导入")
    template = (
        "registry/_import_status.html" if request.headers.get("HX-Request") else "registry/import_batch.html"
    )
    return render(request, template, {"batch": batch, "rows_done": cache.get(progress_key(batch.pk))})
