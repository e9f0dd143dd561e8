"""The second operator confirms the official result their page showed, and no other (issue 26,
item 3): the entry changed between the page and the click (3-2-1 typed over the 1-2-3 read)
is refused with the catalogue's sentence and nothing changes. Through a real server, on both
stores, by plain HTTP and in Chromium."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from backend.betting import BetDesk
from tests.servers import LiveServer

from .conftest import DAY, Operator, revision_in, said
from .test_in_browser import log_in

RACE = f"{DAY}/R1C1"
CHANGED = "The official result was changed since you read it: nothing was done; check it below"


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both stores: the entry is read and replaced under each one's locking."""
    if request.param == "sqlite":
        return str(tmp_path / "server.db")
    return str(request.getfixturevalue("pg_cluster").new_database())


def provisional(alice: Operator, finish: str = "1 2 3") -> None:
    """R1C1 closed with a provisional result, by alice."""
    places = dict(zip(("place1", "place2", "place3"), finish.split(), strict=True))
    for step, fields in (("open", {}), ("close", {}), ("provisional", places)):
        assert alice.race(step, **fields).status_code == 303


def state(server: LiveServer) -> tuple[str, list[list[int]] | None, list[str]]:
    """The race's status, the entry waiting (its places) and the race's journal kinds."""

    def read(desk: BetDesk) -> tuple[str, list[list[int]] | None, list[str]]:
        store = desk.store
        status = store.execute("SELECT status FROM race WHERE id = ?", (RACE,)).fetchone()[0]
        waiting = store.execute(
            "SELECT places FROM official_proposal WHERE race_id = ?", (RACE,)
        ).fetchone()
        kinds = [
            r[0]
            for r in store.execute(
                "SELECT kind FROM journal WHERE kind LIKE 'race.%' ORDER BY at, seq"
            )
        ]
        return status, None if waiting is None else json.loads(waiting[0]), kinds

    return server.tote.call(read).result(timeout=30)


def test_a_confirmation_of_an_entry_since_replaced_changes_nothing(
    console: LiveServer, login: Callable[..., Operator]
) -> None:
    alice, bob = login("alice"), login("bob")
    provisional(alice)
    assert alice.race("official", place1="1", place2="2", place3="3").status_code == 303
    read = bob.race()  # bob's page: 1 - 2 - 3 waiting for him
    assert "Official result entered by alice" in read.text
    assert "1 - 2 - 3" in read.text
    seen = revision_in(read.text)
    assert alice.race("official", place1="3", place2="2", place3="1").status_code == 303
    before = state(console)

    refused = bob.race("confirm", revision=seen)
    assert (refused.status_code, said(refused.text)) == (409, CHANGED)
    assert "3 - 2 - 1" in refused.text  # the page shows the entry now waiting
    assert (
        state(console)
        == before
        == (
            "RESULT_PROVISIONAL",
            [[3], [2], [1]],
            [
                "race.taken_over",
                "race.open",
                "race.close",
                "race.result_provisional",
                "race.official_proposed",
                "race.official_proposed",
            ],
        )
    )
    # a rejection of what was read names it too; a form naming nothing confirms nothing
    assert said(bob.race("reject", revision=seen).text) == CHANGED
    assert said(bob.race("confirm").text) == CHANGED
    assert state(console) == before

    confirmed = bob.race("confirm", revision=revision_in(refused.text))  # what he now read
    assert confirmed.headers["location"] == f"/console/races/{RACE}?done=confirmed"
    status, waiting, kinds = state(console)
    assert (status, waiting, kinds[-1]) == ("RESULT_OFFICIAL", None, "race.result_official")
    result = console.tote.call(
        lambda d: d.store.execute("SELECT result FROM race WHERE id = ?", (RACE,)).fetchone()[0]
    ).result(timeout=30)
    assert json.loads(result) == [[3], [2], [1]]


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def test_in_the_browser_the_confirm_button_confirms_what_the_page_shows(
    console: LiveServer, login: Callable[..., Operator], browser: Browser, pages: list[Page]
) -> None:
    alice = login("alice")
    provisional(alice)
    assert alice.race("official", place1="1", place2="2", place3="3").status_code == 303
    bob = log_in(browser, pages, console, "bob")
    bob.goto(f"{console.url}/console/races/{RACE}")
    expect(bob.locator(".waiting")).to_contain_text("1 - 2 - 3")
    # alice withdraws her entry and types another while bob's page still shows the first
    assert alice.race("reject", revision=revision_in(alice.race().text)).status_code == 303
    assert alice.race("official", place1="3", place2="2", place3="1").status_code == 303

    bob.get_by_role("button", name="Confirm: make it official").click()
    expect(bob.get_by_role("alert")).to_have_text(CHANGED)
    expect(bob.locator(".waiting")).to_contain_text("3 - 2 - 1")
    assert state(console)[:2] == ("RESULT_PROVISIONAL", [[3], [2], [1]])

    bob.get_by_role("button", name="Confirm: make it official").click()  # what it now shows
    expect(bob.get_by_role("status")).to_have_text("The result is official: every bet is settled.")
    expect(bob.locator(".facts")).to_contain_text("Finish: 3 - 2 - 1")
    assert state(console)[:2] == ("RESULT_OFFICIAL", None)
