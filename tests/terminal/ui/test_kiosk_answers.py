"""The kiosk while the server is slow to answer a paid bet: the bettor told at each step, the
ticket printed once when the answer comes — to the bettor still there, or announced on the
screen after they left —, a bet refused late given back (as a voucher if nobody is there)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from firmware_sim.rig import Rig
from terminal.app import Terminal
from terminal.store import ledger
from terminal.ui.bridge import DeviceBridge
from terminal.ui.kiosk import leaving
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import one_value
from tests.terminal.ui.test_kiosk import (  # noqa: F401 - the kiosk's fixtures
    insert_note,
    kiosk,
    kiosk_terminal,
    sim_bill_acceptor,
    tap,
    to_summary,
)

WAITING = "Votre ticket s’imprime dès que le serveur répond"
SLOW = "Serveur lent : votre pari est payé et gardé, son ticket s’imprime dès sa réponse"


def said_while_waiting(window: KioskWindow) -> list[str]:
    return [label.text() for label in window.screens["waiting"].findChildren(QLabel)]


@pytest.fixture
def workers(kiosk: KioskWindow, kiosk_terminal: Terminal, bridge: DeviceBridge) -> None:  # noqa: F811
    """The kiosk's workers running, late outcomes told, as ``guichet-terminal`` wires them."""
    kiosk_terminal.spool.listeners.append(bridge.on_late)
    kiosk_terminal.start()


def pay_while_the_server_is_silent(
    qtbot: QtBot, window: KioskWindow, tasks: Tasks, sim_rig: Rig, proxy: FaultProxy, mode: str
) -> int:
    """A 5 € note, a Simple gagnant on the 4 paid while the server says nothing (``mode``);
    the credit left."""
    insert_note(qtbot, sim_rig, window, 500)
    to_summary(qtbot, window, tasks, 4)
    proxy.set(mode)
    tap(qtbot, window, "pay")
    qtbot.waitUntil(lambda: WAITING in said_while_waiting(window), timeout=2_000)
    assert window.current == "waiting"
    assert "Pari payé" in said_while_waiting(window)
    cost = one_value(window.desk.store, "SELECT cost FROM bet")
    qtbot.waitUntil(lambda: window.journey.balance == 500 - cost, timeout=2_000)  # taken once
    qtbot.waitUntil(lambda: SLOW in said_while_waiting(window), timeout=15_000)
    return int(500 - cost)


def test_the_bettor_still_there_gets_the_ticket_when_the_server_answers(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    workers: None,
    tasks: Tasks,
    sim_rig: Rig,
    proxy: FaultProxy,
    printed: list[str],
    bridge: DeviceBridge,
) -> None:
    left = pay_while_the_server_is_silent(qtbot, kiosk, tasks, sim_rig, proxy, "blackhole")
    assert printed == []
    assert kiosk.current == "waiting"
    with qtbot.waitSignal(bridge.late_outcome, timeout=30_000):
        proxy.set("pass")
    qtbot.waitUntil(lambda: kiosk.current == "done", timeout=5_000)
    assert len(printed) == 1
    assert not kiosk.late_note.isVisible()  # told on the screen the bettor is looking at
    assert kiosk.journey.balance == left
    assert ledger.balance(kiosk.desk.store, ledger.CREDIT) == left


def test_a_ticket_printed_after_the_bettor_left_is_announced_and_listed(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    workers: None,
    tasks: Tasks,
    sim_rig: Rig,
    proxy: FaultProxy,
    printed: list[str],
    bridge: DeviceBridge,
) -> None:
    pay_while_the_server_is_silent(qtbot, kiosk, tasks, sim_rig, proxy, "blackhole")
    leaving.start_afresh(kiosk)  # the end of the idle reset: the next bettor's start
    assert kiosk.current == "attract"
    with qtbot.waitSignal(bridge.late_outcome, timeout=30_000) as told:
        proxy.set("pass")
    ticket = told.args[0].ticket_number
    qtbot.waitUntil(kiosk.late_note.isVisible, timeout=5_000)
    assert kiosk.current == "attract"  # not taken over by the bettor who left
    assert f"Ticket {ticket} imprimé à " in kiosk.late_note.text()
    assert "prenez-le dans le bac" in kiosk.late_note.text()
    assert len(printed) == 1
    assert ticket in printed[0]
    tap(qtbot, kiosk, "lang-en")  # still listed, in the next bettor's words
    assert kiosk.late_note.text().startswith(f"Ticket {ticket} printed at ")


def test_a_bet_refused_after_the_bettor_left_comes_back_as_a_voucher(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    workers: None,
    tasks: Tasks,
    sim_rig: Rig,
    proxy: FaultProxy,
    printed: list[str],
    live_server: LiveServer,
    open_race: str,
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 500)
    for key in (
        "start",
        "adult",
        "race-R1C1",
        "type-TIERCE",
        "runner-7",
        "runner-3",
        "runner-10",
        "next",
    ):
        tap(qtbot, kiosk, key)
    kiosk.set_multiplier(5)  # the whole 5 € on the Tiercé
    tap(qtbot, kiosk, "next")
    proxy.set("drop")
    tap(qtbot, kiosk, "pay")
    qtbot.waitUntil(lambda: SLOW in said_while_waiting(kiosk), timeout=15_000)
    assert kiosk.journey.balance == 0
    kiosk.session_idle()  # nobody touches the kiosk: with no credit, back to the start
    assert kiosk.current == "attract"
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
    proxy.set("pass")  # the server: too late, never taken (VOID); the 5 € back as credit
    qtbot.waitUntil(lambda: kiosk.current == "voucher", timeout=30_000)
    qtbot.waitUntil(lambda: len(printed) == 1 and not tasks.busy, timeout=10_000)
    assert "BONDECRÉDIT5,00€" in re.sub(r"[\s-]", "", printed[0])  # printed double width
    assert ledger.balance(kiosk.desk.store, ledger.CREDIT) == 0
