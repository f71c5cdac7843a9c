"""Who sees which department batches: a department user its own department's, a city admin all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from fangfanpin.core.enums import Role
from fangfanpin.quality.departments import DEPARTMENTS
from fangfanpin.quality.models import DepartmentBatch


def departments_for(user: Any) -> list[str]:
    """The department codes a user may upload and see."""
    role = getattr(user, "role", "")
    if role == Role.CITY_ADMIN:
        return list(DEPARTMENTS)
    if role == Role.DEPARTMENT and getattr(user, "department", "") in DEPARTMENTS:
        return [user.department]
    return []


def department_batch_list(*, user: Any) -> QuerySet[DepartmentBatch]:
    """Department batches the user may see, newest first."""
    codes = departments_for(user)
    batches = DepartmentBatch.objects.select_related("created_by")
    if getattr(user, "role", "") == Role.CITY_ADMIN:
        return batches
    return batches.filter(department__in=codes)


def get_department_batch_for_user(request: HttpRequest, pk: int) -> DepartmentBatch:
    """One batch the user may see; 404 otherwise."""
    batch = department_batch_list(user=request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404("没有这个批次")
    return batch
