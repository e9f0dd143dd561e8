"""The screens on a real Qt event loop (offscreen), over a terminal core wired to the real
server, the emulated devices and a real store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from drivers.scanner.driver import BarcodeScanner
from firmware_sim.rig import Rig
from terminal.ui.bridge import DeviceBridge
from terminal.ui.tasks import Tasks


@pytest.fixture
def bridge() -> DeviceBridge:
    return DeviceBridge()


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    helper = Tasks()
    yield helper
    helper.shutdown()


@pytest.fixture
def sim_scanner(sim_rig: Rig, bridge: DeviceBridge) -> Iterator[BarcodeScanner]:
    scanner = BarcodeScanner("scanner", sim_rig.urls()["scanner"], reconnect_interval=0.1)
    scanner.subscribe(bridge.on_device)
    scanner.start()
    scanner.check_health()
    yield scanner
    scanner.close()


def settle(qtbot: QtBot, tasks: Tasks, action: object = None) -> None:
    """Run ``action`` (a callable) and wait until the task worker has nothing left."""
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        if callable(action):
            action()
