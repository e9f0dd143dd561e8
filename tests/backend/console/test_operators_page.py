"""The administrator's page of operators, through a real server: register one, disable and
enable them (their session ends at once), unlock a locked name; refused to other roles."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Literal, overload

import httpx
import pytest

from tests.servers import LiveServer

from .conftest import PASSWORD, Operator, said, token_in

Login = Callable[..., Operator]
NEW = "a new passphrase for zoe"


class Browsers:
    """Logins by hand (any password), each browser closed at the end of the test."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.opened: list[httpx.Client] = []

    @overload
    def log_in(self, name: str, password: str, expect: Literal[303] = 303) -> httpx.Client: ...
    @overload
    def log_in(self, name: str, password: str, expect: int) -> httpx.Client | None: ...
    def log_in(self, name: str, password: str, expect: int = 303) -> httpx.Client | None:
        """Typed by ``expect``: a login expected through gives its browser, a refused one None."""
        browser = httpx.Client(base_url=self.server.url, timeout=10)
        self.opened.append(browser)
        form = browser.get("/console/login").text
        answer = browser.post(
            "/console/login",
            data={
                "csrf": token_in(form),
                "name": name,
                "password": password,
            },
        )
        assert answer.status_code == expect, answer.text[-1000:]
        return browser if expect == 303 else None


@pytest.fixture
def browsers(console: LiveServer) -> Iterator[Browsers]:
    made = Browsers(console)
    yield made
    for browser in made.opened:
        browser.close()


def test_an_administrator_registers_disables_enables_and_unlocks(
    console: LiveServer, login: Login, browsers: Browsers
) -> None:
    ada = login("ada")
    assert 'href="/console/operators"' in ada.http.get("/console/races").text
    differ = ada.post(
        "/console/operators", name="zoe", role="supervisor", password=NEW, again=NEW + "!"
    )
    assert (differ.status_code, said(differ.text)) == (422, "The two passwords differ")
    assert 'value="zoe"' in differ.text  # what was typed is kept, but never a password
    assert NEW not in differ.text
    short = ada.post(
        "/console/operators", name="zoe", role="supervisor", password="short", again="short"
    )
    assert said(short.text) == "A password has at least 12 characters"
    made = ada.post("/console/operators", name="zoe", role="supervisor", password=NEW, again=NEW)
    assert made.headers["location"] == "/console/operators?done=operator_created"
    again = ada.post("/console/operators", name="zoe", role="admin", password=NEW, again=NEW)
    assert (again.status_code, said(again.text)) == (
        409,
        "There is already an operator of that name",
    )

    zoe_client = browsers.log_in("zoe", NEW)  # with the password the administrator set
    assert zoe_client.get("/console/terminals").status_code == 200
    asked = ada.post("/console/operators/zoe/disable")  # asked first, saying what will happen
    assert asked.status_code == 200
    assert "Disable zoe (supervision)? They are logged out at once" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    assert zoe_client.get("/console/terminals").status_code == 200  # nothing done yet
    confirmed = ada.post("/console/operators/zoe/disable", confirmed="yes")
    assert confirmed.headers["location"].endswith("operator_disabled")
    assert zoe_client.get("/console/terminals").status_code == 303  # her session is over
    assert browsers.log_in("zoe", NEW, expect=401) is None
    twice = ada.post("/console/operators/zoe/disable")  # a page left open: said at once
    assert (twice.status_code, said(twice.text)) == (409, "This operator is already disabled")
    nobody = ada.post("/console/operators/nobody/disable")
    assert (nobody.status_code, said(nobody.text)) == (404, "There is no such operator")
    ada.post("/console/operators/zoe/enable")
    assert browsers.log_in("zoe", NEW) is not None
    for _ in range(5):
        browsers.log_in("zoe", "a wrong one", expect=401)
    page = ada.http.get("/console/operators").text
    assert re.search(r"zoe</th>.*?locked until", page, re.S)
    ada.post("/console/operators/zoe/unlock")
    assert browsers.log_in("zoe", NEW) is not None
    own = ada.post("/console/operators/ada/disable")
    assert (own.status_code, said(own.text)) == (409, "You cannot disable your own account")
    records = console.tote.call(
        lambda d: d.store.execute(
            "SELECT kind, payload FROM journal WHERE kind LIKE 'operator.%' ORDER BY at, seq"
        ).fetchall()
    ).result(timeout=10)
    by_ada = [(k, json.loads(p)["name"]) for k, p in records if json.loads(p).get("by") == "ada"]
    assert by_ada == [
        ("operator.created", "zoe"),
        ("operator.disabled", "zoe"),
        ("operator.enabled", "zoe"),
        ("operator.unlocked", "zoe"),
    ]


def test_only_an_administrator_may_see_or_change_operators(
    console: LiveServer, login: Login, browsers: Browsers
) -> None:
    alice = login("alice")
    assert 'href="/console/operators"' not in alice.http.get("/console/races").text
    assert alice.http.get("/console/operators").status_code == 403
    refused = alice.post("/console/operators/bob/disable")
    assert (refused.status_code, said(refused.text)) == (
        403,
        "Your role (race office) does not allow this",
    )
    assert browsers.log_in("bob", PASSWORD) is not None
