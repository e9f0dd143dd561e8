"""The counter when the server is slow to answer, and what the clerk reads at each step: the
sale acknowledged at once, the ticket announced when it prints, the last tickets following
each bet's state; a cancelled ticket said cancelled before anything is asked; the example and
the odds board following the races."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from terminal.app import Terminal
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.tasks import Tasks
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import one_value
from tests.terminal.test_operations import settle as settle_race
from tests.terminal.ui.conftest import settle
from tests.terminal.ui.test_counter import type_bet

NBSP = "\N{NO-BREAK SPACE}"


@pytest.fixture
def window(
    qtbot: QtBot, counter: Terminal, bridge: DeviceBridge, tasks: Tasks
) -> Iterator[CounterWindow]:
    """The counter as ``guichet-terminal`` wires it: its workers running, late outcomes told."""
    counter.spool.listeners.append(bridge.on_late)
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        shown = CounterWindow(counter, bridge, tasks)
    qtbot.addWidget(shown)
    shown.show()
    counter.start()
    yield shown
    shown.timer.stop()


def last(window: CounterWindow, index: int = 0) -> str:
    item = window.last_tickets.item(index)
    return "" if item is None else item.text()


def test_sales_while_the_server_stalls_are_acknowledged_then_their_tickets_announced(
    qtbot: QtBot,
    window: CounterWindow,
    tasks: Tasks,
    proxy: FaultProxy,
    printed: list[str],
    bridge: DeviceBridge,
) -> None:
    proxy.set("blackhole")  # the server holds every request unanswered
    for entry, cost in (("1 1 SG 4 X2", "3,00"), ("1 1 SG 7", "1,50")):
        QTest.keyClicks(window.entry, entry)
        acknowledged = f"Pari enregistré ({cost}{NBSP}€) : en attente de la réponse du serveur…"
        QTest.keyClick(window.entry, Qt.Key.Key_Return)
        # recorded and said before any answer, the second while the first still waits
        qtbot.waitUntil(lambda: window.message.text() == acknowledged, timeout=2_000)  # noqa: B023
        assert tasks.busy
        assert window.entry.text() == ""
    qtbot.waitUntil(lambda: "en attente du serveur" in last(window, 1), timeout=5_000)
    assert "en attente du serveur" in last(window)
    assert printed == []
    # each sale gives up waiting in turn (the client's timeout): queued, the clerk told
    qtbot.waitUntil(lambda: not tasks.busy, timeout=30_000)
    assert "ATTENTE" in window.message.text()

    with qtbot.waitSignal(bridge.late_outcome, timeout=30_000):
        proxy.set("pass")
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: "accepté en retard" in window.message.text(), timeout=5_000)
    assert window.message.text().startswith("Ticket 26")
    qtbot.waitUntil(lambda: last(window).endswith("· accepté"), timeout=5_000)
    assert last(window, 1).endswith("· accepté")
    assert len(printed) == 2


def test_a_bet_refused_late_tells_the_clerk_to_give_the_money_back(
    qtbot: QtBot,
    window: CounterWindow,
    tasks: Tasks,
    proxy: FaultProxy,
    live_server: LiveServer,
    open_race: str,
    printed: list[str],
) -> None:
    proxy.set("drop")
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "ATTENTE" in window.message.text()
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
    proxy.set("pass")
    qtbot.waitUntil(
        lambda: window.message.text().startswith("Refusé : rendez 1,50"), timeout=30_000
    )
    void = window.words.status("VOID")
    assert void != "void"  # in words, not the identifier
    qtbot.waitUntil(lambda: last(window).endswith(f"· {void}"), timeout=5_000)
    assert printed == []


def test_f10_on_a_cancelled_ticket_says_so_before_asking_anything(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    asked: list[str] = []

    def says_yes(question: str) -> bool:
        asked.append(question)
        return True

    window.confirm = says_yes
    settle(qtbot, tasks, window.cancel_last)
    qtbot.waitUntil(lambda: not tasks.busy)
    assert len(asked) == 1
    qtbot.waitUntil(lambda: last(window).endswith("· annulé"))

    settle(qtbot, tasks, window.cancel_last)
    assert len(asked) == 1  # nothing asked the second time
    assert window.message.text().startswith("Le ticket ")
    assert "est déjà annulé" in window.message.text()


def test_a_paid_ticket_shows_paid_in_the_last_tickets(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, live_server: LiveServer, open_race: str
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    settle_race(live_server, open_race, [[4], [7], [2]])
    window.scan.setText(one_value(window.desk.store, "SELECT barcode FROM bet"))
    settle(qtbot, tasks, window.pay_ticket)
    qtbot.waitUntil(lambda: last(window).endswith("· payé"))


def test_the_example_and_the_board_follow_the_races(
    qtbot: QtBot,
    window: CounterWindow,
    counter: Terminal,
    tasks: Tasks,
    live_server: LiveServer,
) -> None:
    # The terminal learns the server's time from each heartbeat's answer: a beat in flight
    # across the jump below would read the server's clock before it and this one after it,
    # and set the terminal 31 minutes behind until the next beat. The first beat is waited
    # for, the next comes 15 s later.
    qtbot.waitUntil(lambda: counter.heartbeat.beats >= 1, timeout=10_000)
    assert window.entry.placeholderText().startswith("ex. 1 1 ")  # R1C1 is open
    QTest.keyClicks(window.entry, "1 2 SG 3")
    assert window.race_choice.currentData().endswith("/R1C2")
    assert window.countdown.text().startswith("R1C2")
    window.entry.clear()

    live_server.clock.advance(minutes=31)  # R1C1 is past its post
    qtbot.waitUntil(
        lambda: not window.entry.placeholderText().startswith("ex. 1 1 "), timeout=3_000
    )
    assert window.entry.placeholderText().startswith("ex. ")


def test_the_last_outcome_goes_when_the_clerk_starts_the_next_line(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "imprimé" in window.message.text()
    QTest.keyClicks(window.entry, "1")
    assert window.message.text() == ""
