"""``guichet-terminal`` as installed, in both modes: the whole composition root (``build``,
``run``) against a server process and the simulator's devices. It must tell the service
manager it is ready (sd_notify, what a kiosk's systemd unit of Type=notify waits for) and
stop cleanly on SIGTERM (``systemctl stop``), leaving its store closed and consistent."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from scripts.stage import PIN, Stage, launch, stage
from terminal.config import load_config
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import LEFT_KIOSK_MODE, run


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    with stage(tmp_path_factory.mktemp("stage")) as where:
        yield where


@pytest.mark.parametrize("mode", ["counter", "kiosk"])
def test_the_command_says_ready_then_stops_cleanly_on_sigterm(
    staged: Stage, mode: str, tmp_path: Path
) -> None:
    for _ in range(2):  # a new store, then the same store again
        run = launch(staged.configs[mode], tmp_path, timeout=60)
        assert run.ready < 60, f"no READY=1 within 60 s; it said: {run.said[-2000:]}"
        assert run.status == 0, run.said[-2000:]
        assert "Traceback" not in run.said
    store = sqlite3.connect(staged.folder / f"{mode}.db")
    try:
        assert store.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {row[0] for row in store.execute("SELECT name FROM sqlite_master")}
        assert {"race", "outbox", "bet", "ledger", "journal"} <= tables
    finally:
        store.close()


def test_leaving_kiosk_mode_with_the_pin_ends_the_app_with_the_status_its_unit_keeps_down(
    staged: Stage, qtbot: QtBot
) -> None:
    """Anything else the kiosk's unit restarts; status 3 (RestartPreventExitStatus=3) it
    leaves stopped, so that the administrator's PIN does leave kiosk mode."""
    unit = (Path(__file__).parents[3] / "packaging/systemd/guichet-kiosk.service").read_text()
    assert f"RestartPreventExitStatus={LEFT_KIOSK_MODE}" in unit

    def leave() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]  # not a closed one
        kiosks = [w for w in shown if isinstance(w, KioskWindow)]
        if not kiosks:
            QTimer.singleShot(100, leave)
            return
        assert not kiosks[0].leave_with_pin("0000")  # a wrong PIN leaves nothing
        assert kiosks[0].leave_with_pin(PIN)

    QTimer.singleShot(500, leave)
    assert run(load_config(staged.configs["kiosk"])) == LEFT_KIOSK_MODE
