"""The kiosk's screens telling the bettor what is going on, through the real parts (the real
server on loopback, its live stream, the real store, the emulated devices): a runner scratched
under the summary, why a button is off, the champ's steps, the race list's pages, what was
printed, the administrator's keypad, and a question that fits the window it is asked in."""

# ruff: noqa: F811  (the kiosk's fixtures, imported from test_kiosk, are parameters here)

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from firmware_sim.rig import Rig
from scripts.shots import KIOSK_SIZES
from terminal.app import Terminal
from terminal.journey.journey import PAGE
from terminal.store import programme
from terminal.ui.bridge import DeviceBridge
from terminal.ui.fit import overflowing
from terminal.ui.kiosk.pin_pad import PinPad
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from tests.servers import LiveServer
from tests.terminal.ui.conftest import settle
from tests.terminal.ui.test_kiosk import (  # noqa: F401  (the kiosk's fixtures)
    PIN,
    insert_note,
    kiosk,
    kiosk_terminal,
    sim_bill_acceptor,
    tap,
    to_summary,
)

EURO = "\N{NO-BREAK SPACE}€"


@pytest.fixture
def live_feed(kiosk_terminal: Terminal, bridge: DeviceBridge) -> Iterator[None]:
    """The server's live stream into the kiosk, as the app wires it."""
    feed = kiosk_terminal.feed
    feed.listeners.append(bridge.on_feed)
    feed.read_timeout = 2.0
    feed.start()
    yield
    feed.stop()


def shown(window: QWidget, key: str) -> list[QPushButton]:
    return [b for b in window.findChildren(QPushButton) if b.objectName() == key and b.isVisible()]


def summary_texts(kiosk: KioskWindow) -> list[str]:
    return [
        label.text() for label in kiosk.screens["summary"].findChildren(QLabel) if label.isVisible()
    ]


def test_a_runner_scratched_under_the_summary_leaves_the_bet_saying_so(
    qtbot: QtBot, kiosk: KioskWindow, live_feed: None, live_server: LiveServer, open_race: str
) -> None:
    """A Couplé gagnant on 4, 7 and 2 (a combinée of 3): the 7 scratched while the bettor
    reads the summary; within a second the summary is the Couplé on 4 and 2, priced again, and
    says why; then the 2 scratched leaves a runner short, and the pay button says so."""
    qtbot.waitUntil(lambda: kiosk.terminal.feed.connected, timeout=10_000)
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-COUPLE_GAGNANT")
    for runner in (4, 7, 2):
        tap(qtbot, kiosk, f"runner-{runner}")
    tap(qtbot, kiosk, "next")
    tap(qtbot, kiosk, "next")
    assert kiosk.current == "summary"
    bet = kiosk.priced()
    assert bet is not None
    assert bet.combinations == 3
    three = bet.cost
    note = kiosk.screens["summary"].note
    assert not kiosk.controls.pay_button.isEnabled()
    assert note.isVisible()
    assert note.text() == f"Crédit insuffisant : insérez {kiosk.words.amount(three)}"

    def scratch(runner: int) -> None:
        with live_server.admin() as admin:
            admin.post(
                f"/v1/admin/races/{open_race}/scratch", json={"runner": runner}
            ).raise_for_status()
        store = kiosk.desk.store  # the live stream brings it to the terminal
        qtbot.waitUntil(
            lambda: runner in programme.race(store, open_race).field.scratched, timeout=5_000
        )

    scratch(7)
    qtbot.waitUntil(lambda: kiosk.message.text() != "", timeout=1_000)  # within a second
    assert kiosk.current == "summary"
    assert kiosk.message.text() == "Le 7 est non-partant : il est retiré de votre pari"
    one = three // 3
    assert "Couplé gagnant, unitaire : 4 - 2 — 1 combinaison" in summary_texts(kiosk)
    assert kiosk.controls.pay_button.text() == f"Parier {kiosk.words.amount(one)}"
    assert note.text() == f"Crédit insuffisant : insérez {kiosk.words.amount(one)}"

    scratch(2)
    qtbot.waitUntil(lambda: "Le 2" in kiosk.message.text(), timeout=1_000)
    assert kiosk.message.text() == "Le 2 est non-partant : il est retiré de votre pari"
    assert not kiosk.controls.pay_button.isEnabled()
    assert note.isVisible()
    assert note.text() == "Choisissez encore 1 cheval"
    assert kiosk.journey.selection.draft.runners == (4,)


def test_a_disabled_button_says_why(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig
) -> None:
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-TIERCE")
    tap(qtbot, kiosk, "runner-4")
    assert not kiosk.controls.next_button.isEnabled()
    assert kiosk.controls.cost_label.isVisible()
    assert kiosk.controls.cost_label.text() == "Choisissez encore 2 chevaux"
    tap(qtbot, kiosk, "runner-7")
    assert kiosk.controls.cost_label.text() == "Choisissez encore 1 cheval"
    tap(qtbot, kiosk, "runner-2")
    assert kiosk.controls.next_button.isEnabled()
    assert kiosk.controls.cost_label.text() == f"unitaire : 1 combinaison — 1,00{EURO}"
    tap(qtbot, kiosk, "next")
    tap(qtbot, kiosk, "next")
    note = kiosk.screens["summary"].note
    assert not kiosk.controls.pay_button.isEnabled()
    assert note.text() == f"Crédit insuffisant : insérez 1,00{EURO}"
    insert_note(qtbot, sim_rig, kiosk, 500)
    assert kiosk.controls.pay_button.isEnabled()
    assert not note.isVisible()  # nothing to explain
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    qtbot.waitUntil(lambda: not kiosk.controls.pay_button.isEnabled(), timeout=10_000)
    assert note.isVisible()
    assert note.text() == "Paris indisponibles : imprimante : plus de papier"


def test_the_champ_steps_are_told_as_they_come(qtbot: QtBot, kiosk: KioskWindow) -> None:
    heading = kiosk.screens["runners"].heading
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    tap(qtbot, kiosk, "race-R1C1")
    tap(qtbot, kiosk, "type-TIERCE")
    assert heading.text() == "Tiercé : choisissez 3 chevaux"
    tap(qtbot, kiosk, "champ")
    assert heading.text() == "Champ, étape 1 : touchez la base"
    assert kiosk.controls.cost_label.text() == (
        "Puis retouchez « Chevaux de base (champ) » pour choisir les associés"
    )
    tap(qtbot, kiosk, "runner-4")
    tap(qtbot, kiosk, "champ")
    assert heading.text() == "Champ, étape 2 : touchez les associés"
    cost = kiosk.controls.cost_label
    assert cost.text().startswith("champ total : ")  # none yet: every other runner
    tap(qtbot, kiosk, "runner-7")
    assert kiosk.controls.cost_label.text() == "Choisissez encore 1 associé"
    assert not kiosk.controls.next_button.isEnabled()
    tap(qtbot, kiosk, "runner-2")
    assert kiosk.controls.cost_label.text() == f"champ réduit : 1 combinaison — 1,00{EURO}"
    assert kiosk.controls.next_button.isEnabled()
    tap(qtbot, kiosk, "runner-4")  # the base made an associate: no champ any more
    assert heading.text() == "Tiercé : choisissez 3 chevaux"
    assert kiosk.controls.cost_label.text() == f"unitaire : 1 combinaison — 1,00{EURO}"


def test_more_than_twelve_races_open_turn_pages(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, live_server: LiveServer
) -> None:
    day = "2026-11-21"
    codes = [f"R{m}C{c}" for m in (1, 2) for c in range(1, 9)][1:]  # R1C1 is open already
    with live_server.admin() as admin:
        for code in codes:
            admin.post(f"/v1/admin/races/{day}/{code}/open").raise_for_status()
    kiosk.terminal.feed.resync()
    settle(qtbot, tasks, kiosk.reload_programme)
    now = kiosk.desk.clock()
    races = kiosk.journey.races.values()
    open_races = [r.race_id.rsplit("/", 1)[-1] for r in races if r.takes_bets(now)]
    assert len(open_races) == 16 > PAGE
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")

    def listed() -> list[str]:
        return [
            b.objectName().removeprefix("race-")
            for b in kiosk.findChildren(QPushButton)
            if b.objectName().startswith("race-R") and b.isVisible()
        ]

    def page() -> str:
        labels = [
            x
            for x in kiosk.findChildren(QLabel)
            if x.objectName() == "races-page" and x.isVisible()
        ]
        return labels[0].text() if labels else ""

    assert listed() == open_races[:PAGE]
    assert page() == "Page 1 sur 2"
    assert not shown(kiosk, "races-previous")[0].isEnabled()
    tap(qtbot, kiosk, "races-next")
    qtbot.waitUntil(lambda: listed() == open_races[PAGE:], timeout=2_000)
    assert page() == "Page 2 sur 2"
    assert not shown(kiosk, "races-next")[0].isEnabled()
    tap(qtbot, kiosk, f"race-{open_races[-1]}")  # a race of the second page
    assert kiosk.current == "types"
    tap(qtbot, kiosk, "back")
    qtbot.waitUntil(lambda: listed() == open_races[PAGE:], timeout=2_000)  # the same page
    for button in shown(kiosk, "races-previous") + shown(kiosk, "races-next"):
        assert button.accessibleName() in {"Page précédente", "Page suivante"}
    tap(qtbot, kiosk, "races-previous")
    qtbot.waitUntil(lambda: listed() == open_races[:PAGE], timeout=2_000)
    tap(qtbot, kiosk, "races-next")
    tap(qtbot, kiosk, "back")  # the bettor leaves; the next one starts on the first page
    tap(qtbot, kiosk, "start")
    tap(qtbot, kiosk, "adult")
    qtbot.waitUntil(lambda: listed() == open_races[:PAGE], timeout=2_000)


def test_take_your_ticket_says_what_was_printed(
    qtbot: QtBot, kiosk: KioskWindow, tasks: Tasks, sim_rig: Rig, printed: list[str]
) -> None:
    to_summary(qtbot, kiosk, tasks, 4)
    insert_note(qtbot, sim_rig, kiosk, 500)
    settle(qtbot, tasks, lambda: tap(qtbot, kiosk, "pay"))
    qtbot.waitUntil(lambda: kiosk.current == "done" and not tasks.busy, timeout=10_000)
    row = kiosk.desk.store.one("SELECT ticket_number FROM bet")
    assert row is not None
    number = str(row[0])
    screen = kiosk.screens["done"]

    def said() -> list[str]:
        return [
            label.text()
            for label in screen.findChildren(QLabel)
            if label.objectName().startswith("sold-") and label.isVisible()
        ]

    qtbot.waitUntil(lambda: len(said()) == 4, timeout=5_000)
    race = kiosk.journey.races["2026-11-21/R1C1"]
    assert said() == [
        f"R1C1 — {race.name}",
        "Simple gagnant, unitaire : 4",
        f"Mise × 2 : 3,00{EURO}",
        f"Ticket {number}",
    ]
    assert f"Ticket {number}" in printed[-1]  # the number on the paper
    assert screen.heading.text() == "Prenez votre ticket"


def test_the_pin_is_typed_on_a_keypad_and_a_wrong_one_is_told(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk, "admin")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in kiosk.findChildren(PinPad)), timeout=2_000)
    pad = next(p for p in kiosk.findChildren(PinPad) if p.isVisible())
    keys = [b for b in pad.findChildren(QPushButton) if b.isVisible()]
    assert sorted(b.objectName() for b in keys) == sorted(
        [f"pin-{d}" for d in "0123456789"] + ["pin-erase", "pin-ok", "pin-cancel"]
    )
    assert all(b.accessibleName() for b in keys)
    assert {b.accessibleName() for b in keys} >= {"Effacer", "Valider", "Annuler", "0", "9"}
    for digit in "13579":
        tap(qtbot, pad, f"pin-{digit}")
    tap(qtbot, pad, "pin-erase")
    dots = pad.findChild(QLabel, "pin-dots")
    problem = pad.findChild(QLabel, "pin-problem")
    assert dots is not None
    assert problem is not None
    assert dots.text() == "••••"
    assert dots.accessibleName() == "4 chiffres tapés"
    tap(qtbot, pad, "pin-ok")
    assert problem.text() == "Code incorrect"
    assert dots.text() == ""  # emptied for another try
    assert kiosk.isVisible()
    assert pad.isVisible()
    with qtbot.waitSignal(kiosk.left_kiosk_mode, timeout=2_000):
        for digit in PIN:
            tap(qtbot, pad, f"pin-{digit}")
        assert problem.text() == ""  # a new try: the old message goes
        tap(qtbot, pad, "pin-ok")
    assert not kiosk.isVisible()


def test_the_pad_cancelled_leaves_nothing(qtbot: QtBot, kiosk: KioskWindow) -> None:
    tap(qtbot, kiosk, "admin")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in kiosk.findChildren(PinPad)), timeout=2_000)
    pad = next(p for p in kiosk.findChildren(PinPad) if p.isVisible())
    tap(qtbot, pad, "pin-2")
    tap(qtbot, pad, "pin-cancel")
    qtbot.waitUntil(lambda: not any(p.isVisible() for p in kiosk.findChildren(PinPad)))
    assert kiosk.isVisible()
    assert kiosk.current == "attract"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_age_question_fits_the_window_as_opened_and_every_kiosk_size(
    qtbot: QtBot, kiosk: KioskWindow, lang: str
) -> None:
    """The kiosk fixture shows the window as the demo does (not full screen, no size given:
    the window's own size hint); the question must be whole there and at every size."""
    tap(qtbot, kiosk, f"lang-{lang}")
    tap(qtbot, kiosk, "start")
    assert kiosk.current == "age"

    def cut() -> list[str]:
        return [overflowing(w) for w in kiosk.findChildren(QWidget) if overflowing(w)]

    for width, height in [kiosk.size().toTuple(), *KIOSK_SIZES]:
        kiosk.resize(width, height)

        def whole(width: int = width, height: int = height) -> bool:
            return kiosk.size().toTuple() == (width, height) and not cut()

        qtbot.waitUntil(whole, timeout=2_000)  # laid out again, and nothing cut
