"""A clerk's card at the counter, through the real parts: the simulator's card reader on a pty,
opened by the terminal from its configured URL like every device, the counter window offscreen,
a real server and the emulated printer. A swipe opens the clerk's shift in their name and the
tickets carry it; a typed name still works; a garbled or nameless card changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from drivers.card_reader.iso7811 import PlayerCard, player_card_frame
from drivers.printer.driver import TicketPrinter
from firmware_sim.rig import Rig
from terminal.app import Terminal, TerminalSettings, open_terminal
from terminal.operations.desk import COUNTER
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.tasks import Tasks
from tests.servers import LiveServer
from tests.terminal.conftest import Account
from tests.terminal.ui.conftest import settle
from tests.terminal.ui.test_counter import type_bet

JEAN = {"cmd": "swipe", "number": "4970101234567893", "holder": "DUPONT/JEAN"}
NADIA = {"cmd": "swipe", "number": "4970101234567802", "holder": "ROUX/NADIA"}


@pytest.fixture
def counter(
    live_server: LiveServer,
    open_race: str,
    account: Account,
    tmp_path: Path,
    sim_printer: TicketPrinter,
    sim_rig: Rig,
) -> Iterator[Terminal]:
    """A counter with no shift open, its card reader opened from its configuration's URL."""
    settings = TerminalSettings(
        store=tmp_path / "counter.db",
        server_url=live_server.url,
        terminal_id=account.terminal_id,
        secret=account.secret,
        mode=COUNTER,
        name="T-TEST",
        operator="Marie",
        timeout=2.0,
        devices={"card_reader": sim_rig.urls()["card_reader"]},
    )
    terminal = open_terminal(settings, printer=sim_printer, local_clock=live_server.clock)
    terminal.feed.resync()
    yield terminal
    terminal.close()


@pytest.fixture
def window(
    qtbot: QtBot, counter: Terminal, bridge: DeviceBridge, tasks: Tasks
) -> Iterator[CounterWindow]:
    counter.devices.subscribe(bridge.on_device)  # as ``terminal.ui.main.build`` wires it
    counter.devices.start()
    for device in counter.devices:
        device.check_health()  # returns once each device's I/O thread is up
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        shown = CounterWindow(counter, bridge, tasks)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.timer.stop()


def swipe(qtbot: QtBot, bridge: DeviceBridge, tasks: Tasks, rig: Rig, card: dict[str, str]) -> None:
    """A card swiped on the simulator; returns once the counter has done what it does."""
    with (
        qtbot.waitSignal(tasks.idle, timeout=15_000),
        qtbot.waitSignal(bridge.card_swiped, timeout=5_000),
    ):
        rig.command(card)


def shifts(window: CounterWindow) -> list[tuple[str, str | None]]:
    rows = window.desk.store.all("SELECT clerk, closed_at FROM shift ORDER BY opened_at")
    return [(row["clerk"], row["closed_at"]) for row in rows]


def test_a_clerks_card_opens_their_shift_and_their_name_is_on_the_tickets(
    qtbot: QtBot,
    window: CounterWindow,
    bridge: DeviceBridge,
    tasks: Tasks,
    sim_rig: Rig,
    printed: list[str],
) -> None:
    assert window.till_state.text() == "Caisse fermée"
    assert window.till.on_duty.text() == ""
    window.float_euros.setValue(80)
    swipe(qtbot, bridge, tasks, sim_rig, JEAN)
    assert window.message.text() == "Caisse ouverte pour Jean Dupont"
    assert window.till.clerk_name.text() == "Jean Dupont"
    assert window.till.clerk_name.isHidden()  # asked only while the till is closed
    assert window.till.on_duty.text() == "Guichetier : Jean Dupont"  # in the status line
    assert window.till_state.text().startswith("Caisse ouverte depuis ")
    assert window.till_state.text().endswith(" attendu en caisse 80,00\N{NO-BREAK SPACE}€")
    assert shifts(window) == [("Jean Dupont", None)]

    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "imprimé" in window.message.text()
    assert "Guichetier : Jean Dupont" in printed[-1]
    assert "Marie" not in printed[-1]

    # the same card again, then another clerk's: nothing opens, the counter says whose it is
    swipe(qtbot, bridge, tasks, sim_rig, JEAN)
    assert window.message.text() == "La caisse de Jean Dupont est déjà ouverte"
    swipe(qtbot, bridge, tasks, sim_rig, NADIA)
    assert window.message.text() == (
        "La caisse est ouverte pour Jean Dupont : clôturez-la (Z) avant d’ouvrir celle de "
        "Nadia Roux"
    )
    assert shifts(window) == [("Jean Dupont", None)]

    # Jean's Z, then Nadia's card opens hers
    window.count_cash = lambda expected: expected
    window.confirm = lambda question: True
    settle(qtbot, tasks, window.z_report)
    assert "Guichetier : Jean Dupont" in printed[-1]
    assert window.till.on_duty.text() == ""
    assert not window.till.clerk_name.isHidden()
    swipe(qtbot, bridge, tasks, sim_rig, NADIA)
    assert window.message.text() == "Caisse ouverte pour Nadia Roux"
    type_bet(qtbot, window, tasks, "1 1 SG 7")
    assert "Guichetier : Nadia Roux" in printed[-1]


def test_a_typed_name_opens_the_shift_without_a_card(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    assert window.till.clerk_name.text() == "Marie"  # the configured name, to keep or change
    window.till.clerk_name.setText("  Marie   Curie ")
    settle(qtbot, tasks, window.open_shift)
    assert window.message.text() == "Caisse ouverte"
    assert shifts(window) == [("Marie Curie", None)]
    assert window.till.on_duty.text() == "Guichetier : Marie Curie"
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "Guichetier : Marie Curie" in printed[-1]


def test_a_garbled_or_nameless_card_is_said_and_changes_nothing(
    qtbot: QtBot, window: CounterWindow, bridge: DeviceBridge, tasks: Tasks, sim_rig: Rig
) -> None:
    frame = bytearray(player_card_frame(PlayerCard(JEAN["number"], "DUPONT/JEAN", "3012")))
    frame[-2] ^= 0x01  # track 2's LRC: a misread
    with qtbot.waitSignal(bridge.device_error, timeout=5_000) as error:
        sim_rig.command({"cmd": "swipe_raw", "hex": frame.hex()})
    assert error.args is not None
    assert error.args[:2] == ["card_reader", "frame_error"]
    assert window.message.text() == "La carte n’a pas pu être lue : repassez-la"
    assert window.till.clerk_name.text() == "Marie"
    assert not tasks.busy
    assert shifts(window) == []

    with qtbot.waitSignal(bridge.card_swiped, timeout=5_000):  # read whole, without a name
        sim_rig.command({**JEAN, "holder": ""})
    assert not tasks.busy  # nothing asked of the store
    assert window.message.text() == (
        "Cette carte ne porte pas de nom : tapez le nom du guichetier, puis ouvrez la caisse (F6)"
    )
    assert window.till.clerk_name.text() == "Marie"
    assert shifts(window) == []
    assert window.till_state.text() == "Caisse fermée"


def test_the_status_line_names_a_device_that_needs_a_look(
    qtbot: QtBot, window: CounterWindow, bridge: DeviceBridge, sim_rig: Rig
) -> None:
    window.refresh_status()
    assert window.link.others.text() == ""  # every device ready: nothing more to read
    with qtbot.waitSignal(bridge.device_error, timeout=5_000) as error:
        sim_rig.command(
            {"cmd": "fault", "device": "card_reader", "knob": "unplugged", "value": True}
        )
    assert error.args is not None
    assert error.args[:2] == ["card_reader", "device_offline"]
    window.refresh_status()
    assert window.link.others.text() == "Lecteur de cartes : ne répond pas"
    assert window.message.text() != "La carte n’a pas pu être lue : repassez-la"
