"""The counter window through the real parts: a clerk's sale, payout, cancellation, the offline
and out-of-paper paths, the scanner, the shift."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from drivers.scanner.driver import BarcodeScanner
from firmware_sim.rig import Rig
from terminal.app import Terminal
from terminal.operations import credit
from terminal.operations.desk import KIOSK
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.tasks import Tasks
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import Terminals, one_value
from tests.terminal.test_operations import settle as settle_race
from tests.terminal.ui.conftest import settle


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


def text_of(item: QTableWidgetItem | None) -> str:
    return "" if item is None else item.text()


def type_bet(qtbot: QtBot, window: CounterWindow, tasks: Tasks, text: str) -> None:
    window.entry.clear()
    QTest.keyClicks(window.entry, text)
    settle(qtbot, tasks, lambda: QTest.keyClick(window.entry, Qt.Key.Key_Return))


def test_a_typed_bet_is_priced_as_typed_then_sold_and_printed(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    QTest.keyClicks(window.entry, "1 1 SG 4 X3")
    assert (
        window.cost.text()
    ) == "R1C1 · Simple gagnant · unitaire : 1 combinaison — 4,50\N{NO-BREAK SPACE}€"
    QTest.keyClicks(window.entry, "2")  # X32
    assert "48,00\N{NO-BREAK SPACE}€" in window.cost.text()
    window.entry.setText("1 1 SG 42")
    assert window.cost.text() == "Le 42 ne court pas dans cette course (partants 1 à 13)"
    window.entry.setText("1 9 SG 4")
    assert window.cost.text() == "R1C9 n’est pas au programme du jour"

    type_bet(qtbot, window, tasks, "1 1 SG 4 X3")
    assert "imprimé — 4,50\N{NO-BREAK SPACE}€" in window.message.text()
    assert window.entry.text() == ""
    assert len(printed) == 1


def test_a_multi_is_priced_as_one_base_stake_for_its_combinations_of_four(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    """DOMAIN.md: a Multi costs one base stake whatever its number of runners (issue 25: a
    Multi en 7 was charged 105 €); the clerk reads its size and its combinations of four."""
    QTest.keyClicks(window.entry, "1 1 MU 4 7 2 9 5 1")
    assert window.cost.text() == (
        "R1C1 · Multi · en 6 : 15 combinaisons de 4 — 3,00\N{NO-BREAK SPACE}€"
    )
    QTest.keyClicks(window.entry, " 8 3")
    assert window.cost.text() == "Ce pari se joue avec 4 à 7 chevaux : 8 choisis"
    type_bet(qtbot, window, tasks, "1 1 MU 4 7 2 9 5 1 8")
    assert "imprimé — 3,00\N{NO-BREAK SPACE}€" in window.message.text()
    assert "Formule : en 7" in printed[-1]


def test_offline_the_counter_says_pending_and_prints_nothing(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, proxy: FaultProxy, printed: list[str]
) -> None:
    proxy.set("drop")
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "EN ATTENTE" in window.message.text()
    assert printed == []
    window.refresh_status()
    assert window.link.link.text() == "HORS LIGNE"
    assert window.link.queue.text() == "2 paris en attente"


def test_out_of_paper_nothing_is_sold(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    device = window.terminal.printer
    assert device is not None
    device.status()  # seen by the driver, as its watch does between jobs
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert window.message.text() == (
        "L’imprimante ne peut pas imprimer (plus de papier) : rien n’est vendu, aucun argent pris"
    )
    assert one_value(window.desk.store, "SELECT COUNT(*) FROM bet") == 0
    assert printed == []


def test_paper_running_out_mid_ticket_the_bet_stands_and_is_reprinted(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 5})
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    assert "Le ticket ne s’est pas imprimé (plus de papier)" in window.message.text()
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 100_000})
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    settle(qtbot, tasks, window.reprint_ticket)
    assert window.message.text() == "Ticket imprimé"
    assert len(printed) == 1


def test_a_scanned_ticket_is_checked_then_cancelled(
    qtbot: QtBot,
    window: CounterWindow,
    tasks: Tasks,
    sim_rig: Rig,
    sim_scanner: BarcodeScanner,
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    barcode = one_value(window.desk.store, "SELECT barcode FROM bet")
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        sim_rig.command({"cmd": "scan", "code": barcode})
    assert window.ticket_info.text().endswith(  # not "pays 0,00 €": the race has not run
        "R1C1, Simple gagnant — pas encore de résultat officiel"
    )
    asked: list[str] = []

    def says_no(question: str) -> bool:  # the clerk says no
        asked.append(question)
        return False

    window.confirm = says_no
    settle(qtbot, tasks, window.cancel_ticket)
    ticket = one_value(window.desk.store, "SELECT ticket_number FROM bet")
    assert asked == [f"Annuler le ticket {ticket} et rembourser 1,50\N{NO-BREAK SPACE}€ ?"]
    assert one_value(window.desk.store, "SELECT status FROM bet") == "ACCEPTED"
    window.confirm = lambda question: True
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        settle(qtbot, tasks, window.cancel_ticket)
    assert window.message.text() == (
        f"Pari annulé : remboursez 1,50\N{NO-BREAK SPACE}€ (ticket {ticket})"
    )
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        settle(qtbot, tasks, window.cancel_ticket)  # the same ticket again
    assert window.message.text() == (
        f"Le ticket {ticket} est déjà annulé : rien de plus à rembourser"
    )


def test_a_winning_ticket_is_paid_at_the_counter(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, live_server: LiveServer, open_race: str
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4 X10")
    settle_race(live_server, open_race, [[4], [7], [2]])
    window.scan.setText(one_value(window.desk.store, "SELECT barcode FROM bet"))
    settle(qtbot, tasks, window.pay_ticket)
    assert window.message.text().startswith("Payez ")
    settle(qtbot, tasks, window.pay_ticket)
    assert "a déjà été payé le " in window.message.text()


def test_a_kiosk_voucher_is_checked_then_paid_in_cash(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, terminals: Terminals, printed: list[str]
) -> None:
    kiosk = terminals.open(KIOSK)
    try:
        credit.deposit(kiosk.desk, 1500, "note-1")
        voucher = credit.cash_out(kiosk.desk).voucher
    finally:
        kiosk.close()
    assert voucher is not None
    window.scan.setText(voucher.barcode)
    settle(qtbot, tasks, window.check_ticket)
    assert window.ticket_info.text() == (
        f"Bon {voucher.number} : 15,00\N{NO-BREAK SPACE}€ — valable jusqu’au 20/01/2027"
    )
    settle(qtbot, tasks, window.pay_ticket)
    assert window.message.text() == "Payez 15,00\N{NO-BREAK SPACE}€ (bon)"
    assert "BON PAYÉ" in printed[-1]
    settle(qtbot, tasks, window.pay_ticket)
    assert window.message.text().startswith(f"Le bon {voucher.number} a déjà été utilisé le ")


def test_the_shift_closes_with_a_z_report(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    qtbot.waitUntil(lambda: window.till_state.text().endswith("51,50\N{NO-BREAK SPACE}€"))
    assert window.till_state.text().startswith("Caisse ouverte depuis ")
    settle(qtbot, tasks, window.x_report)
    asked: list[str] = []
    window.count_cash = lambda expected: 5000  # the clerk counts 50 € (51,50 € expected)

    def thinks_again(question: str) -> bool:  # the clerk then thinks again
        asked.append(question)
        return False

    window.confirm = thinks_again
    settle(qtbot, tasks, window.z_report)
    assert asked == [
        "Clôturer la caisse ? Attendu 51,50\N{NO-BREAK SPACE}€, compté "
        "50,00\N{NO-BREAK SPACE}€, écart -1,50\N{NO-BREAK SPACE}€."
    ]
    assert "RAPPORT Z" not in printed[-1]  # not closed
    window.confirm = lambda question: True
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        settle(qtbot, tasks, window.z_report)
    assert window.message.text() == "Caisse clôturée, rapport Z imprimé"
    assert window.till_state.text() == "Caisse fermée"
    assert "RAPPORT Z (clôture)" in printed[-1]
    assert re.search(r"Caisse attendue +51,50 €", printed[-1])
    assert re.search(r"Compté en caisse +50,00 €", printed[-1])
    assert re.search(r"Écart +-1,50 €", printed[-1])
    settle(qtbot, tasks, window.open_shift)
    assert window.message.text() == "Caisse ouverte"


def test_every_control_has_an_accessible_name(window: CounterWindow) -> None:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QSpinBox)
    unnamed = [
        w.objectName() or type(w).__name__
        for w in window.findChildren(QWidget)
        # parts Qt builds inside a named control (a spin box's line edit) are named qt_*
        if isinstance(w, kinds) and not w.accessibleName() and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []


def test_the_entry_line_counts_down_to_the_stop(
    qtbot: QtBot, window: CounterWindow, live_server: LiveServer
) -> None:
    QTest.keyClicks(window.entry, "1 1 SG 4")
    window.refresh_status()
    post = window.words.time(window.races["2026-11-21/R1C1"].post_time)
    assert window.countdown.text() == f"R1C1 : ouverte jusqu’à {post}"
    live_server.clock.advance(minutes=29, seconds=30)
    window.refresh_status()
    assert window.countdown.text() == "R1C1 : clôture dans 0:30"
    index = window.race_choice.findData("2026-11-21/R1C1")
    assert window.race_choice.itemText(index).endswith("— clôture dans 0:30")
    window.race_choice.setCurrentIndex(index)
    window.refresh_status()
    assert window.odds_title.text() == "Cotes probables · clôture dans 0:30"
    live_server.clock.advance(minutes=1)
    window.refresh_status()
    assert window.countdown.text() == "R1C1 : paris clos"


def test_display_choices_outlive_a_restart_and_keys_do_the_work(
    qtbot: QtBot,
    window: CounterWindow,
    counter: Terminal,
    bridge: DeviceBridge,
    tasks: Tasks,
    printed: list[str],
) -> None:
    assert window.large.text() == "Grands caractères"
    assert any(b.text() == "Rapport X (F7)" for b in window.findChildren(QPushButton))
    window.contrast.setChecked(True)
    window.large.setChecked(True)
    window.close()
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        again = CounterWindow(counter, bridge, tasks)
    qtbot.addWidget(again)
    again.show()
    assert (again.large.isChecked(), again.contrast.isChecked()) == (True, True)
    assert again.theme.large_text
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow, timeout=5_000)
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        QTest.keyClick(again.entry, Qt.Key.Key_F7)  # the X report, from the keyboard
    assert again.message.text() == "Rapport X imprimé"
    assert "RAPPORT X" in printed[-1]
    again.timer.stop()


def test_the_last_tickets_and_cancelling_the_last_one(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, printed: list[str]
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    type_bet(qtbot, window, tasks, "1 1 SG 7 X2")
    qtbot.waitUntil(lambda: window.last_tickets.count() == 2 and not tasks.busy)
    newest = window.last_tickets.item(0).text()
    assert "R1C1 · Simple gagnant · 3,00\N{NO-BREAK SPACE}€ · accepté" in newest
    window.confirm = lambda question: True
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        settle(qtbot, tasks, window.cancel_last)
    qtbot.waitUntil(lambda: not tasks.busy)
    assert window.message.text().startswith("Pari annulé : remboursez 3,00\N{NO-BREAK SPACE}€")
    qtbot.waitUntil(lambda: window.last_tickets.item(0).text().endswith("· annulé"))
    assert window.last_tickets.item(1).text().endswith("· accepté")  # the first sale stands


def test_the_board_shows_a_races_finish_and_dividends_once_resulted(
    qtbot: QtBot,
    window: CounterWindow,
    counter: Terminal,
    tasks: Tasks,
    live_server: LiveServer,
    open_race: str,
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4")
    settle_race(live_server, open_race, [[4], [7], [2]])
    counter.feed.resync()  # as the live stream's race event would
    settle(qtbot, tasks, window.reload_programme)
    window.race_choice.setCurrentIndex(window.race_choice.findData(open_race))
    qtbot.waitUntil(lambda: not tasks.busy and window.odds.finish.isVisible(), timeout=5_000)
    window.refresh_status()
    assert window.odds_title.text() == "Rapports · arrivée officielle"
    assert window.odds.finish.text() == "Arrivée : 4 - 7 - 2"
    assert text_of(window.board.horizontalHeaderItem(1)) == "Pour 1,00\N{NO-BREAK SPACE}€"
    rows = [
        tuple(text_of(window.board.item(r, c)) for c in range(window.board.columnCount()))
        for r in range(window.board.rowCount())
    ]
    assert rows == [("Simple gagnant : 4", "1,10\N{NO-BREAK SPACE}€")]
    assert window.odds.race_name.text() == window.races[open_race].name


def test_a_ticket_checked_says_whether_its_race_has_an_official_result(
    qtbot: QtBot, window: CounterWindow, tasks: Tasks, live_server: LiveServer, open_race: str
) -> None:
    type_bet(qtbot, window, tasks, "1 1 SG 4 X10")
    type_bet(qtbot, window, tasks, "1 1 SG 7")
    winning, losing = (
        row[0] for row in window.desk.store.all("SELECT barcode FROM bet ORDER BY created_at")
    )

    def checked(barcode: str) -> str:
        window.scan.setText(barcode)
        settle(qtbot, tasks, window.check_ticket)
        return window.ticket_info.text()

    finish = [[4], [7], [2]]
    assert checked(winning).endswith("— pas encore de résultat officiel")
    with live_server.admin() as admin:  # a provisional result is not yet what pays
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
        admin.post(
            f"/v1/admin/races/{open_race}/result", json={"places": finish, "official": False}
        ).raise_for_status()
    assert checked(winning).endswith("— pas encore de résultat officiel")
    with live_server.admin() as admin:
        admin.post(
            f"/v1/admin/races/{open_race}/result", json={"places": finish, "official": True}
        ).raise_for_status()
    assert checked(winning).endswith("— gagnant — rapporte 16,50\N{NO-BREAK SPACE}€")
    assert checked(losing).endswith("— perdant — rapporte 0,00\N{NO-BREAK SPACE}€")
