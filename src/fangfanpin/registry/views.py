"""Registry pages: the household list (search and filters) and the household page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fangfanpin.areas.selectors import village_list
from fangfanpin.core.access import REGISTRY_ROLES, REVEAL_ROLES, access, may_reveal
from fangfanpin.core.paging import BoundedPaginator
from fangfanpin.registry import display, selectors
from fangfanpin.registry.forms import HouseholdFilterForm, MemberEditForm
from fangfanpin.registry.models import Household
from fangfanpin.registry.services import MEMBER_EDIT_ROLES, member_reveal, member_update
from fangfanpin.registry.services import household_reveal as household_reveal_record

PAGE_SIZE = 20
# How far past the page asked for the list counts its households. Below the bound every number is exact,
# and that covers the numbers a clerk acts on: a village's or a township's households (5,600-8,400 at 1 M
# persons), a monitoring category's even city-wide (2,900-6,000). Above it the list says "超过10000户" and
# still pages on: a city's 250,000 households are a figure for statistics, and counting them cost 60-90 ms
# of every look at the list (an index-only scan; a province's would take seconds). A search is for finding
# someone, so its bound is lower: counting every household with a 王 in it took 0.6 s.
LIST_COUNT_LIMIT = 10_000
SEARCH_COUNT_LIMIT = 1000


def _is_fragment(request: HttpRequest) -> bool:
    # A history restore asks for the whole page even though htmx sends it.
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@access(roles=REGISTRY_ROLES)
def household_list(request: HttpRequest) -> HttpResponse:
    villages = village_list(user=request.user).values_list("code", "name")
    form = HouseholdFilterForm(request.GET, villages=villages, years=selectors.years_with_data())
    filters = form.filters()
    households = selectors.household_list(user=request.user, filters=filters)
    limit = SEARCH_COUNT_LIMIT if filters.q else LIST_COUNT_LIMIT
    page = BoundedPaginator(households, PAGE_SIZE, asked=request.GET.get("page"), limit=limit).asked_page()
    rows = selectors.household_rows(list(page.object_list), year=filters.year)
    context = {"form": form, "filters": filters, "page": page, "rows": rows}
    fragment = _is_fragment(request) and request.headers.get("HX-Target") == "results"
    template = "registry/_household_results.html" if fragment else "registry/household_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@access(roles=REGISTRY_ROLES)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request, pk)
    return render(request, "registry/household_detail.html", _detail_context(request, household))


@access(roles=REVEAL_ROLES, write=True)
@require_POST
def household_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request, pk)
    household_reveal_record(user=request.user, household=household)
    # Shown in this response only, not remembered: every full view is one audited reveal.
    context = _detail_context(request, household, revealed=True)
    if _is_fragment(request):
        return render(request, "registry/_household_people.html", context)
    return render(request, "registry/household_detail.html", context)


def _detail_context(request: HttpRequest, household: Household, *, revealed: bool = False) -> dict:
    records = list(selectors.household_year_list(household=household))
    lines = selectors.monitoring_lines(years=[r.year for r in records])
    latest = records[0] if records else None
    return {
        "household": household,
        "members": selectors.member_list(household=household),
        "latest": latest,
        "incomes": display.year_incomes(records, area_code=household.village_id, lines=lines),
        "measures": display.measures(latest),
        "changes": selectors.change_list(household=household),
        "revealed": revealed,
        "may_reveal": may_reveal(request.user),
        "may_edit": getattr(request.user, "role", "") in MEMBER_EDIT_ROLES,
    }


@access(roles=MEMBER_EDIT_ROLES, write=True)
def member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request, pk)
    member = get_object_or_404(selectors.member_list(household=household), pk=member_pk)
    form = MemberEditForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            items = member_update(member=member, values=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            fields = "、".join(item["field"] for item in items)
            messages.success(request, f"已保存{member.name}的{fields}" if items else "没有改动")
            return redirect(_next_url(request) or reverse("registry:household_detail", args=[household.pk]))
    elif request.method != "POST":
        member_reveal(user=request.user, member=member)  # the form shows the full ID number
    context = {"household": household, "member": member, "form": form, "next": _next_url(request)}
    return render(request, "registry/member_edit.html", context)


def _next_url(request: HttpRequest) -> str:
    """Where to return after saving, if the page that sent the user here is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if safe else ""
