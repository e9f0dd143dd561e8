"""The kiosk through the real parts: notes into the emulated bill acceptor, tickets out of the
emulated printer, the real server and store; the offline and out-of-paper paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.scanner.driver import BarcodeScanner
from firmware_sim.rig import Rig
from terminal.app import Terminal
from terminal.errors import Offline
from terminal.operations.desk import KIOSK
from terminal.release import superseded
from terminal.ui.bridge import DeviceBridge
from terminal.ui.kiosk.restart import QUIET, RestartBetweenBettors
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import Terminals, one_value
from tests.terminal.test_operations import settle as settle_race
from tests.terminal.ui.conftest import settle

PIN = "2468"


@pytest.fixture
def kiosk_terminal(terminals: Terminals) -> Iterator[Terminal]:
    terminal = terminals.open(KIOSK)
    terminal.desk.drain.until_empty()  # the shift's opening: the link is known to be up
    yield terminal
    terminal.close()


@pytest.fixture
def sim_bill_acceptor(sim_rig: Rig, bridge: DeviceBridge) -> Iterator[BillAcceptor]:
    acceptor = BillAcceptor(
        "bill_acceptor", sim_rig.urls()["bill_acceptor"], reconnect_interval=0.1
    )
    acceptor.subscribe(bridge.on_device)
    acceptor.start()
    acceptor.check_health()
    yield acceptor
    acceptor.close()


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    kiosk_terminal: Terminal,
    bridge: DeviceBridge,
    tasks: Tasks,
    sim_bill_acceptor: BillAcceptor,
) -> Iterator[KioskWindow]:
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        window = KioskWindow(
            kiosk_terminal, bridge, tasks, acceptor=sim_bill_acceptor, admin_pin=PIN
        )
    qtbot.addWidget(window)
    window.show()
    # the acceptor is switched on its own thread: wait until it has confirmed it takes notes
    qtbot.waitUntil(
        lambda: (
            not tasks.busy and not window.journey.blocked_because and sim_bill_acceptor.accepting
        ),
        timeout=10_000,
    )
    yield window
    window.ticker.stop()
    window.idle.stop()


def tap(qtbot: QtBot, window: QWidget, key: str) -> None:
    """Touch the button with this object name once it is on screen (a screen refilled
    by an event shows its new buttons at the next turn of the event loop)."""

    def visible() -> list[QPushButton]:
        return [
            b for b in window.findChildren(QPushButton) if b.objectName() == key and b.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(visible()), timeout=5_000)
    button = visible()[0]
    assert button.isEnabled(), f"{key!r} is disabled"
    button.click()


def insert_note(qtbot: QtBot, rig: Rig, window: KioskWindow, cents: int) -> None:
    before = window.journey.balance
    rig.command({"cmd": "insert", "amount": cents})
    qtbot.waitUntil(lambda: window.journey.balance == before + cents, timeout=10_000)


def to_summary(qtbot: QtBot, window: KioskWindow, tasks: Tasks, runner: int) -> None:
    tap(qtbot, window, "start")
    tap(qtbot, window, "adult")
    tap(qtbot, window, "race-R1C1")
    tap(qtbot, window, "type-SIMPLE_GAGNANT")
    tap(qtbot, window, f"runner-{runner}")
    tap(qtbot, window, "next")
    tap(qtbot, window, "raise-stake")
    tap(qtbot, window, "next")
    assert window.current == "summary"


def test_a_bettor_pays_with_a_note_and_takes_a_ticket(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    to_summary(qtbot, kiosk, tasks, 4)
    assert not kiosk.controls.pay_button.isEnabled()  # no credit yet
    insert_note(qtbot, sim_rig, kiosk, 500)
    assert kiosk.credit_label.text() == "Crédit : 5,00\N{NO-BREAK SPACE}€"
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: not tasks.busy)
    assert kiosk.current == "done"
    assert len(printed) == 1
    assert kiosk.journey.balance == 200  # 5 € in, a 3 € bet (1.50 × 2)


def test_winnings_are_collected_as_credit_then_cashed_out_as_a_voucher(
    qtbot: QtBot,
    kiosk: KioskWindow,
    tasks: Tasks,
    sim_rig: Rig,
    printed: list[str],
    live_server: LiveServer,
    open_race: str,
    sim_scanner: BarcodeScanner,
) -> None:
    to_summary(qtbot, kiosk, tasks, 4)
    insert_note(qtbot, sim_rig, kiosk, 500)
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: not tasks.busy)
    settle_race(live_server, open_race, [[4], [7], [2]])
    barcode = one_value(kiosk.desk.store, "SELECT barcode FROM bet")
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        sim_rig.command({"cmd": "scan", "code": barcode})
    qtbot.waitUntil(lambda: kiosk.current == "ticket" and not tasks.busy)
    assert kiosk.controls.collect_button.isEnabled()
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "collect"))
    qtbot.waitUntil(lambda: not tasks.busy)
    assert kiosk.journey.balance > 200
    won = kiosk.journey.balance
    tap(qtbot, kiosk, "back")
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "cash-out"))
    qtbot.waitUntil(lambda: not tasks.busy)
    assert kiosk.journey.balance == 0
    assert "BON DE CRÉDIT" in printed[-1]
    assert f"{won // 100},{won % 100:02d}€" in printed[-1].replace(" ", "")
    assert "Borne : " in printed[-1]


def test_out_of_paper_the_kiosk_says_so_and_takes_no_money(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    qtbot.waitUntil(lambda: bool(kiosk.journey.blocked_because), timeout=10_000)
    assert kiosk.banner.isVisible()
    assert kiosk.banner.text() == (
        "Paris indisponibles : imprimante : plus de papier. Aucun billet n’est accepté d’ici là."
    )
    acceptor = kiosk.acceptor
    assert acceptor is not None
    qtbot.waitUntil(lambda: not acceptor.accepting, timeout=10_000)  # confirmed by the device
    answer = sim_rig.command({"cmd": "insert", "amount": 500})
    assert "inhibited" in answer["result"]
    assert kiosk.journey.balance == 0


def test_offline_the_kiosk_stops_selling(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, proxy: FaultProxy
) -> None:
    proxy.set("drop")
    with pytest.raises(Offline):
        kiosk.terminal.heartbeat.beat()
    qtbot.waitUntil(lambda: bool(kiosk.journey.blocked_because), timeout=10_000)
    assert "serveur injoignable" in kiosk.banner.text()
    assert kiosk.link.link.text() == "HORS LIGNE"


def test_the_administrator_leaves_with_the_pin_only(kiosk: KioskWindow) -> None:
    assert not kiosk.leave_with_pin("0000")
    assert kiosk.leave_with_pin(PIN)


def test_english_and_accessible_names(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 500)
    tap(qtbot, kiosk, "lang-en")
    assert any(b.text() == "Touch the screen to bet" for b in kiosk.findChildren(QPushButton))
    assert kiosk.credit_label.text() == "Credit: €5.00"  # at once, not at the next change
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    assert any(b.text() == "Win" for b in kiosk.findChildren(QPushButton) if b.isVisible())
    assert kiosk.accessibleName() == "Betting kiosk"
    tap(qtbot, kiosk, "type-SIMPLE_GAGNANT")
    tap(qtbot, kiosk, "runner-4")
    tap(qtbot, kiosk, "next")
    tap(qtbot, kiosk, "next")
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: kiosk.current == "done" and not tasks.busy)
    assert "Win" in printed[-1]  # the ticket speaks the bettor's language
    assert "Kiosk: " in printed[-1]
    assert "TOTAL" in printed[-1]
    tap(qtbot, kiosk, "again")
    tap(qtbot, kiosk, "back")  # races → the start
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "cash-out"))  # the bettor leaves
    qtbot.waitUntil(lambda: kiosk.current == "voucher" and not tasks.busy, timeout=10_000)
    tap(qtbot, kiosk, "finish")  # the next bettor starts in the kiosk's own language
    assert kiosk.words.lang == "fr"
    assert any(b.text() == "Touchez l’écran pour parier" for b in kiosk.findChildren(QPushButton))
    unnamed = [
        type(w).__name__
        for w in kiosk.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit)
        and not w.accessibleName()
        and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []


def test_the_stop_counts_down_and_closes_the_race_screens(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, live_server: LiveServer
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 500)
    to_summary(qtbot, kiosk, tasks, 4)
    kiosk.refresh_status()
    assert kiosk.countdown.text() == "ouverte jusqu’à " + kiosk.words.time(
        kiosk.journey.races["2026-11-21/R1C1"].post_time
    )
    live_server.clock.advance(minutes=28, seconds=15)  # 1 min 45 s before the stop
    kiosk.refresh_status()
    assert kiosk.countdown.text() == "clôture dans 1:45"
    live_server.clock.advance(minutes=2)  # the stop
    kiosk.refresh_status()
    assert kiosk.current == "races"
    assert kiosk.message.text() == "Les paris sur R1C1 sont clos ; votre crédit est conservé"
    assert kiosk.journey.balance == 500  # nothing was spent
    assert not any(
        b.objectName() == "race-R1C1" and b.isVisible() for b in kiosk.findChildren(QPushButton)
    )


def test_left_alone_the_kiosk_warns_then_prints_the_credit_as_a_voucher(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 500)
    tap(qtbot, kiosk, "lang-en")
    tap(qtbot, kiosk, "start")
    kiosk.session_idle()  # the idle timer's end
    assert kiosk.current == "still_there"
    assert kiosk.screens["still_there"].heading.text() == (
        "Are you still there? In 30 seconds your credit of €5.00 is printed as a voucher."
    )
    tap(qtbot, kiosk, "carry-on")  # the bettor is there
    assert kiosk.current == "age"
    assert printed == []
    kiosk.session_idle()
    for _ in range(29):
        kiosk.warning.timeout.emit()  # the countdown's seconds, without waiting for them
    assert "In 1 second your credit" in kiosk.screens["still_there"].heading.text()
    with qtbot.waitSignal(tasks.idle, timeout=15_000):
        kiosk.warning.timeout.emit()
    qtbot.waitUntil(lambda: kiosk.current == "voucher" and not tasks.busy, timeout=10_000)
    assert kiosk.screens["voucher"].heading.text() == "Take your voucher of €5.00"
    assert "CREDIT VOUCHER" in printed[-1]
    assert kiosk.journey.balance == 0
    tap(qtbot, kiosk, "finish")  # the next bettor starts in the kiosk's own language
    assert kiosk.current == "attract"
    assert kiosk.words.lang == "fr"


def test_cash_out_says_what_was_printed(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 1000)
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "cash-out"))
    qtbot.waitUntil(lambda: kiosk.current == "voucher" and not tasks.busy, timeout=10_000)
    assert kiosk.screens["voucher"].heading.text() == "Prenez votre bon de 10,00\N{NO-BREAK SPACE}€"
    assert "BON DE CRÉDIT" in printed[-1]


def test_offline_the_voucher_waits_on_screen_then_prints_and_scans_back_in(
    qtbot: QtBot,
    kiosk: KioskWindow,
    tasks: Tasks,
    sim_rig: Rig,
    proxy: FaultProxy,
    printed: list[str],
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 1000)
    proxy.set("drop")
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "cash-out"))
    qtbot.waitUntil(lambda: kiosk.current == "voucher" and not tasks.busy, timeout=10_000)
    assert kiosk.screens["voucher"].heading.text() == (
        "Votre bon de 10,00\N{NO-BREAK SPACE}€ s’imprime dans un instant : patientez, ou "
        "appelez le personnel"
    )
    assert kiosk.journey.balance == 0
    assert printed == []
    kiosk.session_idle()  # nobody hides the voucher owed behind the attract screen
    assert kiosk.current == "voucher"
    proxy.set("pass")
    settle(qtbot, tasks, kiosk.voucher_retry.timeout.emit)
    qtbot.waitUntil(lambda: not kiosk.journey.voucher_waiting and not tasks.busy, timeout=10_000)
    assert kiosk.screens["voucher"].heading.text() == "Prenez votre bon de 10,00\N{NO-BREAK SPACE}€"
    assert "BON DE CRÉDIT" in printed[-1]
    tap(qtbot, kiosk, "finish")
    row = kiosk.desk.store.one("SELECT barcode FROM voucher_issue")
    assert row is not None
    settle(qtbot, tasks, lambda: kiosk.scanned(row[0]))  # the next day, back to bet with it
    qtbot.waitUntil(lambda: kiosk.journey.balance == 1000 and not tasks.busy, timeout=10_000)
    assert kiosk.message.text() == "Bon de 10,00\N{NO-BREAK SPACE}€ ajouté à votre crédit"


def test_a_champ_reduit_in_all_orders_with_a_stake_preset(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    """A Tiercé with the 4 as base and the 7, 2 and 9 as associates: 3 sets of three; in
    every order (formule complète), 18 combinations."""
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-TIERCE")
    assert not kiosk.controls.next_button.isEnabled()
    tap(qtbot, kiosk, "champ")  # the next taps are the base
    tap(qtbot, kiosk, "runner-4")
    assert kiosk.controls.runner_buttons[4].lines[0] == "4 · base"
    tap(qtbot, kiosk, "champ")
    for runner in (7, 2, 9):
        tap(qtbot, kiosk, f"runner-{runner}")
    euro = "\N{NO-BREAK SPACE}€"
    assert kiosk.controls.cost_label.text() == f"champ réduit : 3 combinaisons — 3,00{euro}"
    tap(qtbot, kiosk, "complete")
    assert kiosk.controls.cost_label.text() == (
        f"champ réduit, formule complète : 18 combinaisons — 18,00{euro}"
    )
    tap(qtbot, kiosk, "next")
    assert [
        b.text()
        for b in kiosk.findChildren(QPushButton)
        if b.objectName().startswith("stake-") and b.isVisible()
    ] == [f"18,00{euro}", f"36,00{euro}", f"90,00{euro}", f"180,00{euro}"]
    tap(qtbot, kiosk, "stake-2")
    assert kiosk.controls.stake_label.text() == f"Mise × 2 : 36,00{euro}"
    tap(qtbot, kiosk, "next")
    insert_note(qtbot, sim_rig, kiosk, 2000)
    said = [label.text() for label in kiosk.screens["summary"].findChildren(QLabel)]
    assert f"Insérez des billets : reste à insérer 16,00{euro}" in said
    insert_note(qtbot, sim_rig, kiosk, 2000)
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: kiosk.current == "done" and not tasks.busy, timeout=10_000)
    ticket = printed[-1]
    assert "Formule : champ réduit, formule complète" in ticket
    assert "Sélection : 4 avec 7 - 2 - 9" in ticket
    assert kiosk.journey.balance == 400


def test_a_new_release_restarts_the_kiosk_between_bettors_only(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig
) -> None:
    insert_note(qtbot, sim_rig, kiosk, 1000)  # a bettor's credit, at the attract screen
    restart = RestartBetweenBettors(kiosk, lambda: True, every_ms=50)
    restart.note_at = -QUIET  # the note long stacked: only the credit holds the kiosk
    qtbot.waitUntil(lambda: restart.pending, timeout=5_000)

    def ticks(n: int) -> None:  # the watcher looks again, n times
        for _ in range(n):
            with qtbot.waitSignal(restart.timer.timeout, timeout=2_000):
                pass

    ticks(3)
    assert kiosk.isVisible()
    tap(qtbot, kiosk, "start")
    kiosk.journey.balance = 0  # the credit spent, the bettor still choosing: not now either
    ticks(3)
    assert kiosk.isVisible()
    kiosk.go("attract")  # the bettor gone: the next look closes the kiosk
    qtbot.waitUntil(lambda: not kiosk.isVisible(), timeout=5_000)
    assert not restart.timer.isActive()


def test_the_installed_release_is_read_from_the_packages_link(tmp_path: Path) -> None:
    releases = tmp_path / "releases"
    (releases / "0.1.0/bin").mkdir(parents=True)
    (releases / "0.1.1/bin").mkdir(parents=True)
    link = tmp_path / "bin"
    link.symlink_to("releases/0.1.0/bin")
    assert not superseded(link, releases / "0.1.0")
    link.unlink()
    link.symlink_to("releases/0.1.1/bin")
    assert superseded(link, releases / "0.1.0")
    assert not superseded(tmp_path / "nothing", releases / "0.1.0")  # outside the package
