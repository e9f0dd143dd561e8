"""A Tiercé on exactly three runners "in every order" at the kiosk, through the real parts:
the selection, the summary and the ticket say the formule complète and its 6 combinations,
and the server charges the 6 (issue 24: the kiosk dropped the choice and priced 1)."""

from __future__ import annotations

import json
import re

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from firmware_sim.rig import Rig
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.terminal.ui.conftest import settle
from tests.terminal.ui.test_kiosk import (  # noqa: F401 - the kiosk's fixtures
    insert_note,
    kiosk,
    kiosk_terminal,
    sim_bill_acceptor,
    tap,
)

EURO = "\N{NO-BREAK SPACE}€"


def test_a_tierce_on_three_runners_in_every_order_is_six_combinations(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    tasks: Tasks,
    sim_rig: Rig,
    printed: list[str],
) -> None:
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-TIERCE")
    for runner in (7, 3, 10):
        tap(qtbot, kiosk, f"runner-{runner}")
    assert kiosk.controls.cost_label.text() == f"unitaire : 1 combinaison — 1,00{EURO}"
    tap(qtbot, kiosk, "complete")
    said = kiosk.controls.cost_label.text()
    assert said == f"combinée, formule complète : 6 combinaisons — 6,00{EURO}"
    tap(qtbot, kiosk, "next")
    assert kiosk.controls.stake_label.text() == f"Mise × 1 : 6,00{EURO}"
    tap(qtbot, kiosk, "next")
    summary = [label.text() for label in kiosk.screens["summary"].findChildren(QLabel)]
    assert "Tiercé, combinée, formule complète : 7 - 3 - 10 — 6 combinaisons" in summary
    insert_note(qtbot, sim_rig, kiosk, 1000)
    assert kiosk.controls.pay_button.text() == f"Parier 6,00{EURO}"
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: kiosk.current == "done" and not tasks.busy, timeout=10_000)
    assert kiosk.journey.balance == 400
    row = kiosk.desk.store.one("SELECT cost, receipt FROM bet")
    assert row is not None
    receipt = json.loads(row["receipt"])
    assert (row["cost"], receipt["cost"], receipt["combinations"]) == (600, 600, 6)
    ticket = printed[-1]
    assert "Formule : combinée, formule complète" in ticket
    assert "Sélection : 7 - 3 - 10" in ticket
    assert re.search(r"Combinaisons +6\n", ticket), ticket
