"""The counter's state against a real store and a real terminal core, with no server and no
screen: the programme is written to the store as the feed would, the answers as the drain
would record them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from drivers.printer.driver import TicketPrinter
from terminal.app import Terminal, TerminalSettings, open_terminal
from terminal.operations.desk import COUNTER, Desk
from terminal.store import Store, programme
from terminal.store.programme import CachedRace

NOW = datetime(2026, 11, 21, 13, 0, tzinfo=UTC)
DAY = NOW.date().isoformat()


def day_programme() -> dict[str, Any]:
    """R1C1 open for 30 minutes (13 runners, the 13th scratched), R1C2 for an hour, R1C3 with
    nothing on sale here (a pool sold only online)."""

    def race(number: int, minutes: int, bet_types: list[str], runners: int) -> dict[str, Any]:
        return {
            "race_id": f"{DAY}/R1C{number}",
            "name": f"Prix {number}",
            "post_time": (NOW + timedelta(minutes=minutes)).isoformat(),
            "status": "OPEN",
            "bet_types": bet_types,
            "runners": [
                {"number": n, "name": f"Cheval {n}", "scratched": n == 13}
                for n in range(1, runners + 1)
            ],
        }

    return {
        "day": DAY,
        "meetings": [
            {
                "meeting_id": f"{DAY}/R1",
                "racecourse": "Vincennes",
                "races": [
                    race(1, 30, ["SIMPLE_GAGNANT", "SIMPLE_PLACE", "TIERCE", "MULTI"], 13),
                    race(2, 60, ["SIMPLE_GAGNANT", "QUINTE_PLUS"], 16),
                    race(3, 90, [], 8),
                ],
            }
        ],
    }


@pytest.fixture
def races(tmp_path: Path) -> list[CachedRace]:
    store = Store(tmp_path / "programme.db")
    try:
        programme.save_programme(store, day_programme(), NOW.isoformat())
        return programme.races_of(store, DAY)
    finally:
        store.close()


@pytest.fixture
def offline_counter(tmp_path: Path, sim_printer: TicketPrinter) -> Iterator[Terminal]:
    """A counter as the app opens it, its programme in the store, its workers not started and
    no server behind its address: nothing here reaches one."""
    settings = TerminalSettings(
        store=tmp_path / "counter.db",
        server_url="http://127.0.0.1:9",
        terminal_id="T-1",
        secret=b"s" * 32,
        mode=COUNTER,
        name="T-TEST",
        operator="Marie",
    )
    terminal = open_terminal(settings, printer=sim_printer, local_clock=lambda: NOW)
    programme.save_programme(terminal.desk.store, day_programme(), NOW.isoformat())
    yield terminal
    terminal.close()


@pytest.fixture
def offline_desk(offline_counter: Terminal) -> Desk:
    return offline_counter.desk
