"""The console in a real browser (Debian's Chromium, driven by Playwright) against a real
server on loopback: a race day run by two operators, the page's live parts refreshing
themselves, a terminal stopping, and the forged posts a browser could be made to send."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from drivers.printer.driver import TicketPrinter
from firmware_sim.rig import Rig, RigOptions
from terminal.app import TerminalSettings, open_terminal
from tests.servers import LiveServer

from .conftest import DAY, PASSWORD

RACE = f"{DAY}/R1C1"
WAIT = 10_000  # ms: what the issue allows a live part to take


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    """Pages opened by the test, each in its own browser context (its own cookies)."""
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def log_in(
    browser: Browser, pages: list[Page], server: LiveServer, name: str, script: bool = True
) -> Page:
    context = browser.new_context(
        locale="en-GB", extra_http_headers={"Accept-Language": "en"}, java_script_enabled=script
    )
    page = context.new_page()
    page.set_default_timeout(WAIT)
    pages.append(page)
    page.goto(f"{server.url}/console")  # asks for a login, and comes back after it
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{server.url}/console/races")
    return page


def sell(terminal: httpx.Client, runner: int, multiplier: int) -> None:
    answer = terminal.post(
        "/v1/bets",
        json={
            "transaction_id": str(uuid.uuid4()),
            "race_id": RACE,
            "bet_type": "SIMPLE_GAGNANT",
            "formula": "unitaire",
            "runners": [runner],
            "multiplier": multiplier,
        },
    )
    assert answer.status_code == 200, answer.text


def test_a_race_day_run_from_the_browser_by_two_operators(
    console: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    alice = log_in(browser, pages, console, "alice")
    alice.get_by_role("link", name="R1C1 —").click()
    alice.get_by_role("button", name="Open for bets").click()
    expect(alice.get_by_role("status")).to_have_text("The race is open for bets.")
    with console.terminal() as terminal:  # a signed test terminal sells; the page follows
        for runner, multiplier in ((4, 2), (4, 1), (7, 3), (2, 1)):
            sell(terminal, runner, multiplier)
    pools = alice.locator("#live table").first
    expect(pools.get_by_role("row", name="Win")).to_contain_text("€10.50", timeout=WAIT)
    expect(alice.locator("#live")).to_contain_text("Approximate odds")
    alice.get_by_role("button", name="Close betting").click()
    expect(alice.get_by_role("status")).to_have_text("Betting on the race is closed.")
    alice.get_by_label("Place 1").fill("4")
    alice.get_by_label("Place 2").fill("7=2")
    alice.get_by_label("Place 3").fill("1")
    alice.get_by_role("button", name="Publish the provisional result").click()
    expect(alice.get_by_role("status")).to_have_text("The provisional result is published.")
    expect(alice.locator(".facts")).to_contain_text("Finish: 4 - 7 = 2 - 1")
    alice.get_by_role("button", name="Enter the official result").click()  # boxes kept
    expect(alice.get_by_role("status").first).to_contain_text("second operator")
    expect(alice.get_by_role("button", name="Confirm: make it official")).to_have_count(0)

    sue = log_in(browser, pages, console, "sue")  # supervision: no race office forms
    sue.goto(f"{console.url}/console/races/{RACE}")
    expect(sue.locator("form[action$='/official'], form[action$='/confirm']")).to_have_count(0)
    refused = sue.request.post(
        f"{console.url}/console/races/{RACE}/confirm", form={"csrf": csrf_of(sue)}
    )
    assert refused.status == 403

    bob = log_in(browser, pages, console, "bob")
    bob.goto(f"{console.url}/console/races/{RACE}")
    expect(bob.get_by_role("status")).to_contain_text("Official result entered by alice")
    bob.get_by_role("button", name="Confirm: make it official").click()
    expect(bob.get_by_role("status")).to_have_text("The result is official: every bet is settled.")
    dividends = bob.get_by_role("table").first
    expect(dividends.get_by_role("row", name="Win")).to_contain_text("4")
    expect(bob.locator(".facts")).to_contain_text("official result")


def csrf_of(page: Page) -> str:
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    assert token
    return token


def test_forged_posts_from_a_browser_change_nothing(
    console: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    alice = log_in(browser, pages, console, "alice")
    token = csrf_of(alice)
    # the session's own browser, without the form's token
    assert (
        alice.request.post(f"{console.url}/console/races/{RACE}/open", form={"x": "1"}).status
        == 403
    )
    # another site's page posting to the console, token and all: its origin gives it away,
    # and the session cookie (SameSite=Strict) does not even go with it
    evil = (
        f'<form method="post" action="{console.url}/console/races/{RACE}/open">'
        f'<input type="hidden" name="csrf" value="{token}"><button>win</button></form>'
    )
    alice.route(
        "http://evil.example/", lambda route: route.fulfill(body=evil, content_type="text/html")
    )
    alice.goto("http://evil.example/")
    with alice.expect_navigation():
        alice.get_by_role("button", name="win").click()
    assert "Refused: this request came from another site" in alice.content()
    alice.goto(f"{console.url}/console/races/{RACE}")
    expect(alice.locator(".facts")).to_contain_text("planned")


def test_a_stopped_terminal_shows_offline_within_ten_seconds(
    console: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    sue = log_in(browser, pages, console, "sue")
    with console.admin() as admin:
        body = admin.post("/v1/admin/terminals", json={"name": "Bar de la Poste"}).json()
    with tempfile.TemporaryDirectory() as folder, Rig(RigOptions(printer_tcp_port=None)) as rig:
        printer = TicketPrinter("printer", rig.urls()["printer"], reconnect_interval=0.1)
        printer.start()
        settings = TerminalSettings(
            store=Path(folder) / "terminal.db",
            server_url=console.url,
            terminal_id=body["terminal_id"],
            secret=bytes.fromhex(body["secret"]),
            name="Bar de la Poste",
            timeout=2.0,
        )
        terminal = open_terminal(settings, printer=printer, local_clock=console.clock)
        try:
            terminal.start()
            sue.goto(f"{console.url}/console/terminals")
            row = sue.locator(f"tr[data-terminal='{body['terminal_id']}']")
            expect(row.locator(".link-state")).to_have_text("online", timeout=WAIT)
            expect(row).to_contain_text("counter")
        finally:
            terminal.close()
            printer.close()
        # the page refreshes itself: no reload here
        expect(row.locator(".link-state")).to_have_text("stopped", timeout=WAIT)
        expect(row).to_contain_text("stopped")


def test_the_race_office_works_without_javascript(
    console: LiveServer, browser: Browser, pages: list[Page]
) -> None:
    alice = log_in(browser, pages, console, "alice", script=False)
    alice.keyboard.press("Tab")  # the keyboard's first stop: past the menu, to the page
    expect(alice.get_by_role("link", name="Skip to the page")).to_be_focused()
    alice.get_by_role("link", name="R1C2 —").click()
    alice.get_by_label("Scratch a runner (non-runner)").select_option("6")
    alice.get_by_role("button", name="Scratch…").click()
    alice.get_by_role("button", name="Yes, scratch runner 6").click()
    expect(alice.get_by_role("status")).to_contain_text("The runner is a non-runner")
    expect(alice.get_by_role("row", name="6")).to_contain_text("NP")
    alice.get_by_role("button", name="Open for bets").click()
    expect(alice.locator(".facts")).to_contain_text("open for bets")
    alice.get_by_role("link", name="Terminals").click()
    expect(alice.get_by_role("heading", name="Terminals")).to_be_visible()
    alice.get_by_role("button", name="Log out").click()
    expect(alice.get_by_role("status")).to_have_text("You are logged out.")
