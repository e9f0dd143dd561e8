"""The console through a real server on loopback: operators of every role, a browser's
session for each (its cookie and its forms' CSRF token), and Debian's Chromium."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser

from backend.operators import create_operator
from backend.programme import demo_programme
from scripts.browser import chromium, chromium_path
from tests.servers import NOON, LiveServer

PASSWORD = "correct horse battery staple"
OPERATORS = {"alice": "race-office", "bob": "race-office", "sue": "supervisor", "ada": "admin"}
DAY = "2026-11-21"
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="([^"]+)"')


@pytest.fixture
def server_db(tmp_path: Path) -> str:
    """SQLite only: the console's use cases run on both stores in ``test_console_domain``."""
    return str(tmp_path / "server.db")


@pytest.fixture
def console(live_server: LiveServer) -> LiveServer:
    """The live server with the demo day (R1C1 at 12:30) and an operator of every role."""
    live_server.tote.call(
        lambda desk: [
            create_operator(desk.store, name, role, PASSWORD, NOON)
            for name, role in OPERATORS.items()
        ]
    ).result(timeout=30)
    with live_server.admin() as admin:
        admin.post(
            "/v1/admin/programme",
            json=demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30)),
        ).raise_for_status()
    return live_server


@pytest.fixture
def login(console: LiveServer) -> Iterator[Callable[..., Operator]]:
    """Log an operator in (``login("alice", lang="fr")``); their browser closed at the end."""
    made: list[Operator] = []

    def log_in(name: str, lang: str = "en") -> Operator:
        made.append(Operator(console, name, lang))
        return made[-1]

    yield log_in
    for operator in made:
        operator.http.close()


class Operator:
    """One operator's browser, as plain HTTP: the session cookie and the forms' token."""

    def __init__(self, server: LiveServer, name: str, lang: str = "en") -> None:
        self.http = httpx.Client(base_url=server.url, timeout=10, headers={"Accept-Language": lang})
        page = self.http.get("/console/login")
        answer = self.http.post(
            "/console/login",
            data={
                "csrf": token_in(page.text),
                "name": name,
                "password": PASSWORD,
            },
        )
        assert answer.status_code == 303, answer.text
        self.csrf = token_in(self.http.get("/console/races").text)

    def post(self, path: str, **fields: str) -> httpx.Response:
        return self.http.post(path, data={"csrf": self.csrf, **fields})

    def race(self, step: str = "", code: str = "R1C1", **fields: str) -> httpx.Response:
        path = f"/console/races/{DAY}/{code}" + (f"/{step}" if step else "")
        return self.post(path, **fields) if step else self.http.get(path)


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found is not None, html[:2000]
    return found.group(1)


def revision_in(html: str) -> str:
    """The revision of the official result a race's page shows waiting (its confirm form's)."""
    found = REVISION.search(html)
    assert found is not None, html[:2000]
    return found.group(1)


def said(page: str) -> str:
    """What the page says in its message line (done or problem)."""
    found = re.search(r'<p class="(?:done|problem)" role="(?:status|alert)">([^<]*)</p>', page)
    return "" if found is None else html.unescape(found.group(1))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (``make test`` installs it). Where there is none the test is skipped,
    saying so; under CI (``GUICHET_REQUIRE_BROWSER=1``) it fails instead."""
    if chromium_path() is None:
        why = "no Chromium here: `make test` installs Debian's chromium as root"
        if os.environ.get("GUICHET_REQUIRE_BROWSER") == "1":
            pytest.fail(f"a browser is required here (GUICHET_REQUIRE_BROWSER=1): {why}")
        pytest.skip(f"{why} (under CI this fails)")
    with chromium() as found:
        yield found
