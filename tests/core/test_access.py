from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path

from fangfanpin import urls as project_urls
from fangfanpin.core.access import access, area_prefix_for, declared_access
from fangfanpin.core.enums import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("不该看到")


@access()
def signed_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@access(roles=[Role.CITY_ADMIN])
def city_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@access(write=True)
def writer(request: HttpRequest) -> HttpResponse:
    return HttpResponse("written")


@access(public=True)
def public(request: HttpRequest) -> HttpResponse:
    return HttpResponse("public")


urlpatterns = [
    *project_urls.urlpatterns,
    path("t/undeclared/", undeclared),
    path("t/signed-in/", signed_in),
    path("t/city-only/", city_only),
    path("t/writer/", writer),
    path("t/public/", public),
]


def test_it_refuses_a_view_that_declares_nothing(client_as, city_admin):
    response = client_as(city_admin).get("/t/undeclared/")
    assert response.status_code == 403
    assert "此页面未声明访问权限" in response.content.decode()
    assert "不该看到" not in response.content.decode()


def test_it_refuses_an_undeclared_view_to_anonymous_users_too(client):
    assert client.get("/t/undeclared/").status_code == 403


def test_it_sends_anonymous_users_to_the_login_page(client, township):
    response = client.get("/t/signed-in/?a=1")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/t/signed-in/%3Fa%3D1"


def test_it_asks_htmx_to_load_the_login_page_instead_of_swapping_it_in(client, township):
    response = client.get("/t/signed-in/", headers={"HX-Request": "true"})
    assert (response.status_code, response["HX-Redirect"]) == (204, "/login/")


def test_it_lets_anyone_open_a_public_view(client):
    assert client.get("/t/public/").content == b"public"


def test_it_refuses_a_role_the_view_does_not_allow(client_as, township_admin):
    response = client_as(township_admin).get("/t/city-only/")
    assert response.status_code == 403
    assert "您的角色无权访问此页面" in response.content.decode()


def test_it_lets_the_allowed_role_in(client_as, city_admin):
    assert client_as(city_admin).get("/t/city-only/").status_code == 200


def test_a_supervisor_post_is_refused(client_as, supervisor):
    response = client_as(supervisor).post("/t/writer/")
    assert response.status_code == 403
    assert "只读用户不能修改数据" in response.content.decode()


def test_a_supervisor_may_read_a_view_that_writes_on_post(client_as, supervisor):
    assert client_as(supervisor).get("/t/writer/").status_code == 200


def test_a_village_operator_may_post_to_a_writing_view(client_as, village_operator):
    assert client_as(village_operator).post("/t/writer/").content == b"written"


def test_a_view_that_declares_no_write_does_not_accept_post(client_as, city_admin):
    response = client_as(city_admin).post("/t/signed-in/")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, OPTIONS")


def test_area_prefix_is_the_significant_part_of_the_users_area_code(
    village_operator, township_admin, city_admin, department_user
):
    prefixes = [area_prefix_for(u) for u in (village_operator, township_admin, city_admin, department_user)]
    assert prefixes == ["533401101201", "533401101", "533401", "533401"]


def test_a_user_without_an_area_acts_on_no_area(township):
    from fangfanpin.areas.models import User

    assert area_prefix_for(User(username="x", role=Role.CITY_ADMIN)) is None


def _views(patterns: list, prefix: str = "") -> Iterator[tuple[str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@pytest.mark.urls("fangfanpin.urls")
def test_every_view_of_the_project_declares_its_access():
    undeclared_views = [
        route for route, view in _views(get_resolver().url_patterns) if not declared_access(view)
    ]
    assert undeclared_views == []
