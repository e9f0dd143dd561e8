"""The terminals on a real PMU day, through the real parts: the day of 5 November 2025 moved to
the test's day and imported with ``guichet-server import-pmu --max-stake 10`` (every pool on
sale at most 10 € a bet), a real server, the emulated devices, offscreen Qt.

28 of its 63 races offer only pools Guichet does not sell (online or international ones): the
kiosk does not offer them, the counter's list marks them and its entry says so when one is
typed; a stake above a pool's maximum is refused on the kiosk's stake screen and at the
counter's entry, saying the maximum.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from backend.odds import changed_odds
from scripts.pmu_day import moved, not_run_participants
from terminal.app import Terminal
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.backend.test_cli import run
from tests.backend.test_pmu_import import RUNNERS, feed
from tests.servers import NOON, LiveServer
from tests.terminal.ui.conftest import settle
from tests.terminal.ui.test_kiosk import (  # noqa: F401 - the kiosk's fixtures
    kiosk,
    kiosk_terminal,
    sim_bill_acceptor,
    tap,
)

DAY = "2026-11-21"
OPENED = ("R1C1", "R2C1", "R7C1")  # R7C1 sells nothing here: three international pools
EURO = "\N{NO-BREAK SPACE}€"


@pytest.fixture
def server_db(tmp_path: Path) -> str:
    """The real day moved to the test's (its first race, R2C1, at 12:30; R1C1 at 15:12), not
    run yet, imported as an operator does, before the server starts."""
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps(moved(feed(), NOON + timedelta(minutes=30))), "utf-8")
    runners = tmp_path / "participants-R1C1.json"
    runners.write_text(
        json.dumps(not_run_participants(json.loads(RUNNERS.read_text("utf-8")))), "utf-8"
    )
    db = str(tmp_path / "server.db")
    done = run(db, "--create", "import-pmu", "--max-stake", "10", str(programme), str(runners))
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def open_race(live_server: LiveServer) -> str:
    """Three races opened by the race office, one of them selling nothing here."""
    with live_server.admin() as admin:
        for code in OPENED:
            admin.post(f"/v1/admin/races/{DAY}/{code}/open").raise_for_status()
    return f"{DAY}/R1C1"


@pytest.fixture
def window(
    qtbot: QtBot, counter: Terminal, bridge: DeviceBridge, tasks: Tasks
) -> Iterator[CounterWindow]:
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        shown = CounterWindow(counter, bridge, tasks)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.timer.stop()


def shown_buttons(window: KioskWindow, prefix: str) -> list[str]:
    return [
        b.objectName()
        for b in window.findChildren(QPushButton)
        if b.objectName().startswith(prefix) and b.isVisible()
    ]


def test_the_kiosk_offers_only_races_with_a_bet_on_sale_and_says_a_pools_maximum(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    tasks: Tasks,
) -> None:
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    qtbot.waitUntil(lambda: bool(kiosk.controls.race_buttons))
    assert sorted(shown_buttons(kiosk, "race-")) == ["race-R1C1", "race-R2C1"]  # not R7C1
    tap(qtbot, kiosk, "race-R1C1")
    assert shown_buttons(kiosk, "type-") == [
        "type-SIMPLE_GAGNANT",
        "type-SIMPLE_PLACE",
        "type-COUPLE_GAGNANT",
        "type-COUPLE_PLACE",
        "type-DEUX_SUR_QUATRE",
        "type-TRIO",
        "type-MULTI",
    ]
    tap(qtbot, kiosk, "type-SIMPLE_GAGNANT")
    tap(qtbot, kiosk, "runner-7")
    tap(qtbot, kiosk, "next")
    # the presets within the maximum only: 2, 4 and 10 €, not 20 €
    assert shown_buttons(kiosk, "stake-") == ["stake-1", "stake-2", "stake-5"]
    note = kiosk.screens["stake"].note
    for _ in range(4):
        tap(qtbot, kiosk, "raise-stake")
    assert kiosk.controls.stake_label.text() == f"Mise × 5 : 10,00{EURO}"
    assert not note.isVisible()
    tap(qtbot, kiosk, "raise-stake")  # 12 €: above the pool's maximum
    qtbot.waitUntil(lambda: shown_buttons(kiosk, "next") == ["next"])
    assert not next(
        b for b in kiosk.findChildren(QPushButton) if b.objectName() == "next" and b.isVisible()
    ).isEnabled()
    assert note.isVisible()
    assert note.text() == f"La mise maximale de ce pari est de 10,00{EURO}"
    tap(qtbot, kiosk, "lower-stake")
    assert not note.isVisible()
    tap(qtbot, kiosk, "next")
    assert kiosk.current == "summary"


def test_the_counter_marks_races_with_nothing_on_sale_and_says_so_when_one_is_typed(
    qtbot: QtBot,
    window: CounterWindow,
    tasks: Tasks,
    printed: list[str],
    live_server: LiveServer,
) -> None:
    listed = {
        window.race_choice.itemData(i): window.race_choice.itemText(i)
        for i in range(window.race_choice.count())
    }
    assert len(listed) == 63
    assert listed[f"{DAY}/R7C1"] == "R7C1 — rien en vente ici"
    assert sum(text.endswith("rien en vente ici") for text in listed.values()) == 28
    assert "rien" not in listed[f"{DAY}/R1C1"]
    # the entry's example is a race open that sells: R2C1 (first), a Couplé gagnant
    assert window.entry.placeholderText() == "ex. 2 1 CG 1 2"

    window.entry.setText("7 1 SG 1")
    assert window.cost.text() == "Aucun pari sur R7C1 n’est en vente ici"
    qtbot.waitUntil(lambda: window.odds.race_name.text() == "CHUKYO HANDICAP — rien en vente ici")
    window.entry.setText("7 2 SG 1")  # not open either: what it sells is what matters
    assert window.cost.text() == "Aucun pari sur R7C2 n’est en vente ici"
    window.entry.setText("1 1 SG 7 X6")  # 12 €
    assert window.cost.text() == f"La mise maximale de ce pari est de 10,00{EURO}"
    window.entry.setText("1 1 SG 7 X5")
    assert window.cost.text() == f"R1C1 · Simple gagnant · unitaire : 1 combinaison — 10,00{EURO}"

    window.entry.clear()
    QTest.keyClicks(window.entry, "7 1 SG 1")
    settle(qtbot, tasks, window.sell)
    assert window.message.text() == "Aucun pari sur R7C1 n’est en vente ici"
    assert printed == []
    with live_server.terminal() as terminal:  # the server refuses it alike, with its reason
        answer = terminal.post(
            "/v1/bets",
            json={
                "transaction_id": "6f1c0d2e-1b7a-4c11-9d53-3f1e8a2b7c40",
                "race_id": f"{DAY}/R7C1",
                "bet_type": "SIMPLE_GAGNANT",
                "runners": [1],
                "multiplier": 1,
            },
        )
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["params"]["case"]) == (
        "type_not_offered",
        "nothing_on_sale",
    )


def test_the_odds_go_out_for_every_race_with_a_win_pool_while_one_without_is_open(
    live_server: LiveServer, open_race: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The odds round that covers every open race (the first, then one a minute) publishes
    R1C1's and R2C1's though R7C1, open too, has no win pool: it failed whole before, every
    minute, taking the round's race events with it."""
    with live_server.terminal() as terminal:
        answer = terminal.get(f"/v1/odds/{DAY}/R1C1")
        assert answer.status_code == 200, answer.text
    every = live_server.tote.call(lambda desk: changed_odds(desk, live_server.clock(), True))
    assert sorted(odds["race_id"] for odds in every.result(timeout=10)) == [
        f"{DAY}/R1C1",
        f"{DAY}/R2C1",
    ]
    logged = caplog.get_records("setup") + caplog.get_records("call")  # the first round too
    assert not [r.getMessage() for r in logged if "odds not published" in r.getMessage()]
