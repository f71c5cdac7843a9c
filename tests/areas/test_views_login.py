import pytest

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_chinese(client):
    page = client.get("/login/").content.decode()
    assert "<h1>登录</h1>" in page and "用户名" in page and "密码" in page


def test_a_wrong_password_is_refused_with_a_clear_message(client, village_operator):
    response = client.post("/login/", {"username": "cun_lianhe", "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_signing_in_leads_to_the_household_list(client, village_operator):
    response = client.post("/login/", {"username": "cun_lianhe", "password": "demo12345"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_signing_in_returns_to_the_page_asked_for(client, village_operator):
    response = client.post(
        "/login/?next=/households/1/",
        {"username": "cun_lianhe", "password": "demo12345", "next": "/households/1/"},
    )
    assert response["Location"] == "/households/1/"


def test_signing_out_leads_to_the_login_page(client_as, village_operator):
    client = client_as(village_operator)
    response = client.post("/logout/")
    assert (response.status_code, response["Location"]) == (302, "/login/")
    assert client.get("/")["Location"] == "/login/?next=/"
