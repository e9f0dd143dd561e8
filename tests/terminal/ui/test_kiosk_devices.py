"""The kiosk's status line names every device it has, through the real parts: the simulator's
printer, scanner and bill acceptor on ptys, the scanner and bill acceptor opened by the
terminal from their configured URLs like every device, the kiosk window offscreen and a real
server. Each device is named with its state in the catalogue's words, in French and English,
and one that stops answering is said there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.printer.driver import TicketPrinter
from firmware_sim.rig import Rig
from terminal.app import Terminal, TerminalSettings, open_terminal
from terminal.operations.desk import KIOSK
from terminal.operations.shifts import open_shift
from terminal.ui.bridge import DeviceBridge
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.servers import LiveServer
from tests.terminal.conftest import Account
from tests.terminal.ui.test_kiosk import tap


@pytest.fixture
def kiosk_terminal(
    live_server: LiveServer,
    open_race: str,
    account: Account,
    tmp_path: Path,
    sim_printer: TicketPrinter,
    sim_rig: Rig,
) -> Iterator[Terminal]:
    """A kiosk whose scanner and bill acceptor come from its configuration's URLs."""
    urls = sim_rig.urls()
    settings = TerminalSettings(
        store=tmp_path / "kiosk.db",
        server_url=live_server.url,
        terminal_id=account.terminal_id,
        secret=account.secret,
        mode=KIOSK,
        name="T-TEST",
        operator="Marie",
        timeout=2.0,
        devices={
            "scanner": urls["scanner"],
            "bill_acceptor": urls["bill_acceptor"],
            "card_reader": urls["card_reader"],  # a counter's kind: a kiosk leaves it
        },
    )
    terminal = open_terminal(settings, printer=sim_printer, local_clock=live_server.clock)
    terminal.feed.resync()
    open_shift(terminal.desk, 0)
    terminal.desk.drain.until_empty()
    yield terminal
    terminal.close()


@pytest.fixture
def kiosk(
    qtbot: QtBot, kiosk_terminal: Terminal, bridge: DeviceBridge, tasks: Tasks
) -> Iterator[KioskWindow]:
    kiosk_terminal.devices.subscribe(bridge.on_device)  # as ``terminal.ui.main.build`` wires it
    kiosk_terminal.devices.start()
    for device in kiosk_terminal.devices:
        device.check_health()  # returns once each device's I/O thread is up
    acceptor = kiosk_terminal.devices.get("bill_acceptor", BillAcceptor)
    assert acceptor is not None
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        window = KioskWindow(kiosk_terminal, bridge, tasks, acceptor=acceptor, admin_pin="2468")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not tasks.busy and acceptor.accepting, timeout=10_000)
    yield window
    window.ticker.stop()
    window.idle.stop()


def line(window: KioskWindow) -> str:
    window.refresh_status()
    return f"{window.link.printer.text()} · {window.link.others.text()}"


def test_the_status_line_names_every_device_of_the_kiosk_in_both_languages(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    assert line(kiosk) == (
        "Imprimante : en service · Lecteur de tickets : en service · Monnayeur : en service"
    )
    assert kiosk.link.others.property("role") in {None, ""}  # nothing wrong: no alarm colour
    tap(qtbot, kiosk, "lang-en")
    kiosk.words.produced = set()  # every text on a screen comes from the catalogue
    try:
        assert line(kiosk) == "Printer: ready · Scanner: ready · Bill acceptor: ready"
        assert kiosk.link.others.text() in kiosk.words.produced  # joined in its words too
    finally:
        kiosk.words.produced = None


def test_a_device_that_stops_answering_is_said_on_the_line(
    qtbot: QtBot, kiosk: KioskWindow, bridge: DeviceBridge, sim_rig: Rig
) -> None:
    with qtbot.waitSignal(bridge.device_error, timeout=5_000) as error:
        sim_rig.command(
            {"cmd": "fault", "device": "bill_acceptor", "knob": "unplugged", "value": True}
        )
    assert error.args is not None
    assert error.args[:2] == ["bill_acceptor", "device_offline"]
    assert line(kiosk) == (
        "Imprimante : en service · Lecteur de tickets : en service · Monnayeur : ne répond pas"
    )
    assert kiosk.link.others.property("role") == "problem"
