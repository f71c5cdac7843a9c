"""Deny by default: every view declares the access it needs, or the middleware refuses it.

A view is marked with `@access(...)`: who may call it (`roles`, or any signed-in user), whether its
unsafe requests write (`write`), or that it is open to everyone (`public`). `AccessMiddleware` refuses
a view that declares nothing. The area a view acts on is enforced by the scoped selectors and the
object-access helpers (`get_household_for_user`), which take their prefix from `area_prefix_for`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import resolve_url

from fangfanpin.core.enums import Role
from fangfanpin.core.search import code_prefix_q

log = logging.getLogger(__name__)

ALL_ROLES = frozenset(Role)
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR})
# Everyone but department users, who see their own uploads only.
REGISTRY_ROLES = ALL_ROLES - {Role.DEPARTMENT}
# Roles that may reveal full ID numbers and phones (each reveal is audited).
REVEAL_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.WORK_TEAM, Role.TOWNSHIP_ADMIN, Role.CITY_ADMIN})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Django's own static-file views, which only run when DEBUG serving is switched on.
_EXEMPT_MODULES = frozenset({"django.views.static", "django.contrib.staticfiles.views"})

V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class Access:
    """What a view needs: the roles allowed (None = any signed-in user), and whether it writes."""

    roles: frozenset[str] | None = None
    write: bool = False
    public: bool = False


def access(
    *, roles: Iterable[str] | None = None, write: bool = False, public: bool = False
) -> Callable[[V], V]:
    """Declare what a view needs; the middleware refuses views that declare nothing."""
    declared = Access(roles=frozenset(roles) if roles is not None else None, write=write, public=public)

    def mark(view: V) -> V:
        view.ffp_access = declared  # type: ignore[attr-defined]
        return view

    return mark


def declared_access(view: Callable[..., Any]) -> Access | None:
    return getattr(view, "ffp_access", None)


def is_read_only(user: Any) -> bool:
    return getattr(user, "role", "") in READ_ONLY_ROLES


def may_reveal(user: Any) -> bool:
    """Tell whether the user's role may see full ID numbers and phones (after an audited reveal)."""
    return getattr(user, "role", "") in REVEAL_ROLES


def refuse_write(request: HttpRequest) -> None:
    """Raise 403 when a read-only user sends an unsafe request."""
    if request.method not in SAFE_METHODS and is_read_only(request.user):
        raise PermissionDenied("只读用户不能修改数据")


class AccessMiddleware:
    """Refuse undeclared views; send anonymous users to the login page; 403 for roles not allowed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "__module__", "") in _EXEMPT_MODULES:
            return None
        declared = declared_access(view)
        if declared is None:
            log.error("view %s declares no access; refused", getattr(view, "__qualname__", view))
            raise PermissionDenied("此页面未声明访问权限")
        if declared.public:
            return None
        if not request.user.is_authenticated:
            return _to_login(request)
        return _check(request, declared)


def _check(request: HttpRequest, declared: Access) -> HttpResponse | None:
    role = getattr(request.user, "role", "")
    if declared.roles is not None and role not in declared.roles:
        raise PermissionDenied("您的角色无权访问此页面")
    if request.method in SAFE_METHODS:
        return None
    if not declared.write:
        # A view that does not declare a write must not be reachable by POST at all.
        return HttpResponseNotAllowed(sorted(SAFE_METHODS))
    refuse_write(request)
    return None


def _to_login(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # htmx would swap the login page into a fragment; ask it to load the page instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
        return response
    return redirect_to_login(request.get_full_path())


def area_prefix_for(user: Any) -> str | None:
    """The code prefix of every area the user acts on, or None when the user acts on no area."""
    area = getattr(user, "area", None) if getattr(user, "is_authenticated", False) else None
    return area.prefix if area is not None else None


def area_scope_q(field: str, user: Any) -> Q:
    """Match rows whose area code `field` lies in the user's areas; nothing when the user has none."""
    prefix = area_prefix_for(user)
    return code_prefix_q(field, prefix) if prefix is not None else Q(pk__in=[])
