"""Passwords at the console, through the real server on both stores (issue 26, item 12): an
operator changes their own (the current one, then the new one twice); an administrator resets
one, shown once on a page no cache keeps, and the operator is sent to choose their own before
any other page. By HTTP, then in Chromium."""

from __future__ import annotations

import json
import re

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.backend.conftest import server_db  # both stores (the console's own: SQLite only)
from tests.servers import LiveServer

from .conftest import DAY, PASSWORD, said
from .places import Place, Places, places

__all__ = ["places", "server_db"]

NEW = "a passphrase of my own"
DESK = "192.0.2.10"
ONE_TIME = re.compile(r'class="secret">([a-z2-9]{4}(?:-[a-z2-9]{4}){3})<')


def records(server: LiveServer, kind: str) -> list[dict[str, object]]:
    rows = server.tote.call(
        lambda d: d.store.execute(
            "SELECT payload FROM journal WHERE kind = ? ORDER BY at, seq", (kind,)
        ).fetchall()
    ).result(timeout=10)
    return [json.loads(row[0]) for row in rows]


def test_an_operator_changes_their_own_password(console: LiveServer, places: Places) -> None:
    bob, elsewhere = places(DESK), places("192.0.2.11")
    assert bob.log_in("bob", PASSWORD).status_code == 303
    assert elsewhere.log_in("bob", PASSWORD).status_code == 303
    page = bob.http.get("/console/races").text
    assert 'href="/console/password"' in page  # every operator's own page
    form = bob.http.get("/console/password").text
    for field in ("current", "new-password", "new-again"):
        assert f'<label for="{field}">' in form
    for current, new, again, status, says in (
        ("a guess", NEW, NEW, 401, "This is not your current password"),
        (PASSWORD, NEW, NEW + "!", 422, "The two passwords differ"),
        (PASSWORD, "short", "short", 422, "A password has at least 12 characters"),
        (PASSWORD, PASSWORD, PASSWORD, 422, "The new password must differ from the current one"),
    ):
        refused = bob.post("/console/password", current=current, password=new, again=again)
        assert (refused.status_code, said(refused.text)) == (status, says)
        assert NEW not in refused.text  # never a password sent back
    changed = bob.post(
        "/console/password", current=PASSWORD, password=NEW, again=NEW, next="/console/terminals"
    )
    assert changed.headers["location"] == "/console/terminals?done=password_changed"
    assert said(bob.http.get(changed.headers["location"]).text) == (
        "Your password is changed; your other sessions have ended."
    )
    assert elsewhere.http.get("/console/races").status_code == 303  # logged out there
    assert places(DESK).log_in("bob", PASSWORD).status_code == 401
    assert places(DESK).log_in("bob", NEW).status_code == 303
    assert [r["name"] for r in records(console, "operator.password_changed")] == ["bob"]
    assert [r["name"] for r in records(console, "operator.password_change_failed")] == ["bob"]


def reset(admin: Place, name: str) -> str:
    """An administrator resets ``name``'s password: asked, confirmed; the one-time password."""
    asked = admin.post(f"/console/operators/{name}/reset")
    assert asked.status_code == 200
    assert f"Reset the password of {name} (race office)?" in asked.text
    shown = admin.post(f"/console/operators/{name}/reset", confirmed="yes")
    assert shown.status_code == 200
    assert shown.headers["cache-control"] == "no-store"  # no cache keeps the page
    found = ONE_TIME.search(shown.text)
    assert found is not None, shown.text
    return found.group(1)


def test_a_reset_password_is_shown_once_and_changed_before_anything_else(
    console: LiveServer, places: Places
) -> None:
    ada, bob = places(DESK), places("192.0.2.11")
    assert ada.log_in("ada", PASSWORD).status_code == 303
    assert bob.log_in("bob", PASSWORD).status_code == 303
    own = ada.post("/console/operators/ada/reset", confirmed="yes")
    assert (own.status_code, said(own.text)) == (
        409,
        "Change your own password on your password page",
    )
    once = reset(ada, "bob")
    assert once not in ada.http.get("/console/operators").text  # shown once only
    assert bob.http.get("/console/races").status_code == 303  # his session ended

    bob = places("192.0.2.11")
    assert bob.log_in("bob", PASSWORD).status_code == 401  # the old one is gone
    first = bob.log_in("bob", once, next="/console/terminals")
    assert first.headers["location"] == "/console/password?next=/console/terminals"
    for path in ("/console/races", f"/console/races/{DAY}/R1C1"):  # nothing else first
        sent = bob.http.get(path)
        assert (sent.status_code, sent.headers["location"]) == (
            303,
            f"/console/password?next={path}",
        )
    page = bob.http.get("/console/password?next=/console/terminals").text
    assert "An administrator set your password: choose your own before going on." in page
    opened = bob.post(f"/console/races/{DAY}/R1C1/open")  # a form posted anyway: not done
    assert opened.headers["location"].startswith("/console/password?next=")
    changed = bob.post(
        "/console/password", current=once, password=NEW, again=NEW, next="/console/terminals"
    )
    assert changed.headers["location"] == "/console/terminals?done=password_changed"
    assert bob.http.get("/console/races").status_code == 200
    assert "Open for bets" in bob.http.get(f"/console/races/{DAY}/R1C1").text  # still closed
    assert records(console, "operator.password_reset") == [
        {"name": "bob", "by": "ada", "sessions_ended": 1}
    ]


def log_in(browser: Browser, server: LiveServer, name: str, password: str) -> Page:
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}/console/terminals")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    return page


def test_a_reset_and_a_change_in_the_browser(console: LiveServer, browser: Browser) -> None:
    ada = log_in(browser, console, "ada", PASSWORD)
    bob = None
    try:
        expect(ada).to_have_url(f"{console.url}/console/terminals")
        ada.goto(f"{console.url}/console/operators")
        ada.get_by_role("row", name="bob").get_by_role("button", name="Reset the password…").click()
        ada.get_by_role("button", name="Yes, reset the password of bob").click()
        expect(ada.get_by_role("heading", level=1)).to_have_text("Password reset: bob")
        once = ada.locator("code.secret").inner_text()
        bob = log_in(browser, console, "bob", once)
        expect(bob).to_have_url(f"{console.url}/console/password?next=/console/terminals")
        expect(bob.get_by_role("alert")).to_contain_text("choose your own before going on")
        bob.get_by_label("Current password").fill(once)
        bob.get_by_label("New password (12 characters at least)").fill(NEW)
        bob.get_by_label("The same again").fill(NEW)
        bob.get_by_role("button", name="Change my password").click()
        expect(bob).to_have_url(f"{console.url}/console/terminals?done=password_changed")
        expect(bob.get_by_role("status")).to_have_text(
            "Your password is changed; your other sessions have ended."
        )
    finally:
        for page in (ada, bob):
            if page is not None:
                page.context.close()


def test_the_password_page_needs_a_session(console: LiveServer) -> None:
    with httpx.Client(base_url=console.url) as anonymous:
        asked = anonymous.get("/console/password")
        assert asked.headers["location"] == "/console/login?next=/console/password"
