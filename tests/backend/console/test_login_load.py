"""A login flood against the real server (issue 26, item 1): passwords are checked on a pool
of their own, never on the tote's thread that commits the terminals' bets; past a bound of
checks waiting, and past an address's allowance, a login is refused at once (429,
Retry-After)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import Any

import pytest
from argon2 import PasswordHasher

from backend.login_limits import BURST, EVERY
from backend.passwords import PasswordChecks
from tests.servers import LiveServer

from .conftest import DAY, PASSWORD, said
from .places import Places, places

__all__ = ["places"]


@pytest.fixture
def argon2_threads() -> Iterator[list[str]]:
    """The name of every thread an argon2 check runs on, in the server started after this
    (``threading.setprofile`` reaches the threads started from now on)."""
    seen: list[str] = []
    verify = PasswordHasher.verify.__code__

    def watch(frame: FrameType, event: str, _: Any) -> None:
        if event == "call" and frame.f_code is verify:
            seen.append(threading.current_thread().name)

    threading.setprofile(watch)
    yield seen
    threading.setprofile(None)


def test_passwords_are_never_checked_on_the_totes_thread(
    argon2_threads: list[str], console: LiveServer, places: Places
) -> None:
    desk = places("192.0.2.10")
    assert desk.log_in("alice", "a guess").status_code == 401
    assert desk.log_in("nobody", "a guess").status_code == 401
    assert desk.log_in("alice", PASSWORD).status_code == 303
    assert all(name.startswith("password") for name in argon2_threads), argon2_threads
    assert len(argon2_threads) == 3  # one check each, the unknown name's too


def test_past_the_checks_in_flight_a_login_is_refused_at_once_and_bets_go_on(
    console: LiveServer, places: Places
) -> None:
    passwords: PasswordChecks = console.app.state.context.passwords
    with console.admin() as admin:
        admin.post(f"/v1/admin/races/{DAY}/R1C1/open").raise_for_status()
    held = threading.Event()
    for _ in range(passwords.workers):  # every password thread busy, as with long checks
        passwords._pool.submit(held.wait, 30)
    waiting = [places(f"198.51.100.{n}") for n in range(passwords.most)]
    with ThreadPoolExecutor(len(waiting)) as logins, console.terminal() as terminal:
        answers = [logins.submit(place.log_in, "alice", "a guess") for place in waiting]
        deadline = time.monotonic() + 30
        while passwords.in_flight < passwords.most:  # every place taken, the checks waiting
            assert time.monotonic() < deadline, "the logins never reached the password pool"
            time.sleep(0.01)
        refused = places("198.51.100.250").log_in("alice", PASSWORD)  # refused at once
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"
        assert said(refused.text) == "Many logins are being checked at once: try again in a moment"
        bet = terminal.post(
            "/v1/bets",
            json={
                "transaction_id": str(uuid.uuid4()),
                "race_id": f"{DAY}/R1C1",
                "bet_type": "SIMPLE_GAGNANT",
                "formula": "unitaire",
                "runners": [4],
                "multiplier": 1,
            },
        )
        assert bet.status_code == 200, bet.text  # the tote is not held by the logins waiting
        assert not any(answer.done() for answer in answers)
        held.set()
        assert [answer.result().status_code for answer in answers] == [401] * len(waiting)


def test_a_flood_from_one_address_is_refused_there_and_only_there(
    console: LiveServer, places: Places
) -> None:
    passwords: PasswordChecks = console.app.state.context.passwords
    flood = places("198.51.100.7")
    for _ in range(BURST):
        assert flood.log_in("nobody", "a guess").status_code == 401
    checked = passwords.checked
    refused = flood.log_in("alice", PASSWORD)
    assert (refused.status_code, refused.headers["retry-after"]) == (429, f"{EVERY:.0f}")
    assert said(refused.text) == f"Too many login attempts from here: try again in {EVERY:.0f} s"
    assert passwords.checked == checked  # refused before any name is read or password checked
    assert places("192.0.2.10").log_in("alice", PASSWORD).status_code == 303  # elsewhere: in
    console.clock.advance(seconds=EVERY)
    assert flood.log_in("alice", PASSWORD).status_code == 303  # one more try, in time
