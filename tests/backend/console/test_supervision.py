"""Supervision's live part and an administrator's confirmation, through a real server and,
for what a page does by itself, Debian's Chromium: the counts above the fleet's table change
with it (by script every 2 s, by the page's reload without), a time since a heartbeat reads as
people say it, and disabling an operator asks first, saying what it will do."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.servers import LiveServer

from .conftest import Operator
from .test_in_browser import WAIT, log_in

Login = Callable[..., Operator]


@pytest.fixture
def terminals(console: LiveServer) -> Iterator[Callable[[str], httpx.Client]]:
    """Signed test terminals (``terminals("Café des Sports")``), closed at the end."""
    opened: list[httpx.Client] = []

    def register(name: str) -> httpx.Client:
        opened.append(console.terminal(name))
        return opened[-1]

    yield register
    for client in opened:
        client.close()


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def beat(terminal: httpx.Client, **status: object) -> None:
    assert terminal.post("/v1/heartbeat", json={"status": status}).status_code == 200


def counts(page: str) -> tuple[str, str]:
    """The badges: how many terminals are online, how many need attention."""
    found = re.search(r'id="online-count">([^<]*)<.*?id="attention-count">([^<]*)<', page, re.S)
    assert found is not None, page[:3000]
    return found.group(1), found.group(2)


def last_heard(page: str, name: str) -> str:
    found = re.search(
        rf"{name}<br>.*?</td>\s*<td class=\"link-state\">.*?</td>\s*"
        r'<td class="num nowrap">([^<]*)</td>',
        page,
        re.S,
    )
    assert found is not None, page[:3000]
    return found.group(1)


def test_the_counts_come_with_the_rows_and_a_time_since_reads_as_said(
    console: LiveServer, login: Login, terminals: Callable[[str], httpx.Client]
) -> None:
    sue, alice = login("sue"), login("alice", lang="fr")
    cafe = terminals("Café des Sports")
    beat(cafe, mode="kiosk", printer="paper_out")
    live = sue.http.get("/console/terminals/live")
    assert live.status_code == 200
    assert counts(live.text) == ("1 online", "1 need attention")
    assert "out of paper" in live.text  # one reading: the rows say what the counts count
    beat(cafe, mode="kiosk", printer="ok")
    live = sue.http.get("/console/terminals/live")
    assert counts(live.text) == ("1 online", "0 need attention")
    assert last_heard(live.text, "Café des Sports") == "0 s ago"
    console.clock.advance(seconds=266)  # its heartbeats stop: offline, and since when
    live = sue.http.get("/console/terminals/live")
    assert counts(live.text) == ("0 online", "1 need attention")
    assert last_heard(live.text, "Café des Sports") == "4 min 26 s ago"
    page = alice.http.get("/console/terminals").text  # the whole page, in French
    assert last_heard(page, "Café des Sports") == "il y a 4 min 26 s"
    assert counts(page) == ("0 en ligne", "1 à surveiller")
    console.clock.advance(hours=2, seconds=34)  # sessions end after 30 idle minutes
    ada = login("ada", lang="fr")
    assert last_heard(ada.http.get("/console/terminals/live").text, "Café des Sports") == (
        "il y a 2 h 5 min"
    )


def test_the_badges_follow_the_table_with_and_without_javascript(
    console: LiveServer,
    browser: Browser,
    pages: list[Page],
    terminals: Callable[[str], httpx.Client],
) -> None:
    cafe = terminals("Café des Sports")
    beat(cafe, mode="kiosk", printer="ok")
    sue = log_in(browser, pages, console, "sue")
    sue.goto(f"{console.url}/console/terminals")
    attention = sue.locator("#attention-count")
    expect(attention).to_have_text("0 need attention")
    sue.evaluate("window.stayed = true")  # gone if the page reloaded
    beat(cafe, mode="kiosk", printer="paper_out")
    expect(attention).to_have_text("1 need attention", timeout=WAIT)
    expect(sue.locator("tr[data-terminal]")).to_contain_text("out of paper")
    assert sue.evaluate("window.stayed") is True  # the script swapped it in: no reload
    beat(cafe, mode="kiosk", printer="ok")
    expect(attention).to_have_text("0 need attention", timeout=WAIT)

    plain = log_in(browser, pages, console, "ada", script=False)
    plain.goto(f"{console.url}/console/terminals")
    expect(plain.locator("#attention-count")).to_have_text("0 need attention")
    beat(cafe, mode="kiosk", printer="paper_out")
    expect(plain.locator("#attention-count")).to_have_text("1 need attention", timeout=WAIT)
    expect(plain.locator("tr[data-terminal]")).to_contain_text("out of paper")


def test_disabling_an_operator_asks_first_in_the_browser(
    console: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    ada = log_in(browser, pages, console, "ada")
    ada.get_by_role("link", name="Operators").click()
    bob = ada.get_by_role("row", name="bob")
    bob.get_by_role("button", name="Disable…").click()
    expect(ada.get_by_role("alert")).to_contain_text(
        "Disable bob (race office)? They are logged out at once, wherever they are, and cannot "
        "log in again until an administrator enables them"
    )
    ada.get_by_role("link", name="No, go back").click()
    expect(bob).to_contain_text("active")  # going back did nothing
    bob.get_by_role("button", name="Disable…").click()
    ada.get_by_role("button", name="Yes, disable bob").click()
    expect(ada.get_by_role("status")).to_have_text(
        "The operator is disabled: their sessions have ended."
    )
    expect(bob).to_contain_text("disabled")
    expect(bob.get_by_role("button", name="Enable")).to_be_visible()
