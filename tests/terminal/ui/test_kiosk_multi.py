"""A Multi en 7 at the kiosk, through the real parts: the selection, the summary and the
ticket say "en 7" and its 35 combinations of four, and it costs one base stake, here and at the
server (issue 25: it was charged 35 base stakes, 105 €)."""

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


def test_a_multi_en_7_costs_one_base_stake_for_its_35_combinations_of_four(
    qtbot: QtBot,
    kiosk: KioskWindow,  # noqa: F811
    tasks: Tasks,
    sim_rig: Rig,
    printed: list[str],
) -> None:
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-MULTI")
    for runner in (7, 3, 10, 6):
        tap(qtbot, kiosk, f"runner-{runner}")
    assert kiosk.controls.cost_label.text() == f"en 4 : 1 combinaison de 4 — 3,00{EURO}"
    for runner in (2, 9, 5):
        tap(qtbot, kiosk, f"runner-{runner}")
    assert kiosk.controls.cost_label.text() == f"en 7 : 35 combinaisons de 4 — 3,00{EURO}"
    tap(qtbot, kiosk, "next")
    assert kiosk.controls.stake_label.text() == f"Mise × 1 : 3,00{EURO}"
    tap(qtbot, kiosk, "next")
    said = [label.text() for label in kiosk.screens["summary"].findChildren(QLabel)]
    assert "Multi, en 7 : 7 - 3 - 10 - 6 - 2 - 9 - 5 — 35 combinaisons de 4" in said
    insert_note(qtbot, sim_rig, kiosk, 500)
    assert kiosk.controls.pay_button.text() == f"Parier 3,00{EURO}"
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: kiosk.current == "done" and not tasks.busy, timeout=10_000)
    assert kiosk.journey.balance == 200
    row = kiosk.desk.store.one("SELECT cost, receipt FROM bet")
    assert row is not None
    receipt = json.loads(row["receipt"])
    assert (row["cost"], receipt["cost"], receipt["combinations"]) == (300, 300, 35)
    ticket = printed[-1]
    assert "Formule : en 7" in ticket
    assert re.search(r"Combinaisons +35\n", ticket), ticket
    assert re.search(r"MONTANT +3,00", ticket), ticket
