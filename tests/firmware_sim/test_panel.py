"""The simulator's Qt panel, offscreen: tickets appear as they are printed; buttons command
the devices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from drivers.printer.driver import TicketPrinter
from firmware_sim.panel import Panel
from firmware_sim.rig import Rig, RigOptions
from tests.drivers.conftest import a_ticket


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[Panel]:
    with Rig(RigOptions(printer_tcp_port=None)) as rig:
        widget = Panel(rig)
        qtbot.addWidget(widget)
        yield widget


def test_a_printed_ticket_shows_up(panel: Panel, qtbot: QtBot, tmp_path: Path) -> None:
    printer = TicketPrinter("printer", panel.rig.urls()["printer"])
    printer.start()
    try:
        with qtbot.waitSignal(panel._bridge.printed, timeout=5000):
            printer.print_slip(a_ticket())
    finally:
        printer.close()
    qtbot.waitUntil(lambda: panel.tickets.count() == 1, timeout=5000)
    assert "GUICHET" in panel.tickets.item(0).text()
    pixmap = panel.image.pixmap()
    assert pixmap is not None
    assert pixmap.width() == 576
    panel.resize(1200, 900)
    assert panel.grab().save(str(tmp_path / "panel.png"))


def test_buttons_command_the_devices(panel: Panel, qtbot: QtBot) -> None:
    insert = next(b for b in panel.findChildren(QPushButton) if b.accessibleName() == "Insert note")
    QTest.mouseClick(insert, Qt.MouseButton.LeftButton)  # qtbot.mouseClick: the same, untyped
    assert "returned" in panel.result.text()  # the acceptor starts inhibited
    panel.knobs["paper_out"].setChecked(True)
    assert panel.rig.printer.knobs.paper_out


def test_every_control_has_an_accessible_name(panel: Panel) -> None:
    interactive = [
        w for w in panel.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    unnamed = [type(w).__name__ for w in interactive if not w.accessibleName()]
    assert not unnamed, unnamed
