"""Steps that many browser tests take: signing in as a persona, and opening an entry of the main menu."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def sign_in(page, username: str) -> None:
    """Sign in on the login page and wait until the app has let the persona in."""
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def menu(page, name: str):
    """The main menu's link of that name (pages may link the same place again in their body)."""
    return page.get_by_role("navigation", name="主菜单").get_by_role("link", name=name)
