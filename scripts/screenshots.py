"""``make screenshots``: a PNG of every screen, both modes, both languages, every theme and
every supported size, plus the printed tickets — and a check of what a person would see.

The screens are the real app (``terminal.ui.main.build``) against the real server and the
simulated devices (``scripts.stage``), driven as a person would: entry typed, buttons touched.
At each screen the window is shown at every supported size; at each size every visible text
is measured against its widget (nothing may be cut) and traced to the catalogue of the
screen's language (nothing may be shown that the catalogue did not produce). Any problem is
listed and the command fails.

    python -m scripts.screenshots [OUT]        (default: screenshots/)

Files: ``<mode>-<n>-<screen>-<lang>-<theme>-<width>x<height>.png``; printed tickets under
``printed/<lang>-<theme>/`` as text and PNG.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)

from catalogue import Words, words_for
from scripts.stage import ADMIN, Stage, stage
from terminal.config import load_config
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import keep_open
from terminal.store.programme import CachedRace
from terminal.ui.counter import till
from terminal.ui.counter.entry_help import EntryHelp
from terminal.ui.counter.window import CounterWindow
from terminal.ui.fit import FitButton, overflowing
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import App, build

KIOSK_SIZES = ((1024, 768), (1280, 1024), (1920, 1080), (1080, 1920))
COUNTER_SIZES = ((1280, 800), (1920, 1080))
THEMES = {"standard": (False, False), "contrast": (True, False), "large": (False, True)}
LANGUAGES = ("fr", "en")


@dataclass
class Shots:
    out: Path
    saved: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def wait(app: QApplication, until: Callable[[], bool], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, shown: App) -> None:
    wait(app, lambda: not shown.tasks.busy)
    for _ in range(5):
        app.processEvents()


def tap(app: QApplication, window: QWidget, key: str) -> None:
    wait(app, lambda: any(b.objectName() == key and b.isVisible()
                          for b in window.findChildren(QPushButton)))  # fmt: skip
    for button in window.findChildren(QPushButton):
        if button.objectName() == key and button.isVisible() and button.isEnabled():
            button.click()
            return
    raise SystemExit(f"no button {key!r} to touch")


def texts_of(widget: QWidget) -> Iterable[str]:
    """What a person reads or hears from this widget."""
    if widget.accessibleName():
        yield widget.accessibleName()
    if isinstance(widget, FitButton):
        yield from widget.lines
    elif isinstance(widget, QAbstractButton | QLabel):
        yield widget.text()
    elif isinstance(widget, QLineEdit) and not widget.objectName().startswith("qt_"):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield widget.currentText()
    elif isinstance(widget, QTableWidget):
        for column in range(widget.columnCount()):
            item = widget.horizontalHeaderItem(column)
            if item is not None:
                yield item.text()


def check(window: QWidget, words: Words, name: str, shots: Shots) -> None:
    produced = words.produced or set()
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        cut = overflowing(widget)
        if cut:
            shots.problems.append(f"{name}: does not fit its {type(widget).__name__}: {cut!r}")
        for text in texts_of(widget):
            lines = [line for line in text.split("\n") if line.strip()]
            if text and text not in produced and any(line not in produced for line in lines):
                shots.problems.append(f"{name}: not from the {words.lang} catalogue: {text!r}")
    if words.misses:
        shots.problems.append(f"{name}: missing from the {words.lang} catalogue: {words.misses}")


def shoot(
    app: QApplication, window: QWidget, words: Words, shots: Shots, name: str,
    sizes: Iterable[tuple[int, int]],
) -> None:  # fmt: skip
    for width, height in sizes:
        for _ in range(2):  # twice: a kiosk turned lays its grid out again, then fits
            window.resize(width, height)
            for _ in range(3):
                app.processEvents()
        label = f"{name}-{width}x{height}"
        path = shots.out / f"{label}.png"
        window.grab().save(str(path))
        shots.saved.append(path)
        got_width, got_height = window.size().toTuple()
        if got_width > width or got_height > height:  # a dialog may be smaller, never larger
            got = f"{got_width}x{got_height}"
            shots.problems.append(f"{label}: the screen needs {got}; on this one it is cut")
        check(window, words, label, shots)


def open_app(app: QApplication, where: Stage, mode: str, lang: str, theme: str) -> App:
    contrast, large = THEMES[theme]
    config = load_config(where.configs[mode])
    settings = replace(config.settings, language=lang)
    config = replace(config, settings=settings, language=lang, high_contrast=contrast,
                     large_text=large, fullscreen=False)  # fmt: skip
    shown = build(config)
    shown.start()
    shown.window.resize(*COUNTER_SIZES[0])
    shown.window.show()
    shown.terminal.feed.resync()
    return shown


def counter(app: QApplication, where: Stage, shots: Shots, lang: str, theme: str) -> None:
    shown = open_app(app, where, "counter", lang, theme)
    window = shown.window
    assert isinstance(window, CounterWindow)
    words = window.words
    window.reload_programme()
    wait(app, lambda: bool(window.races))
    settle(app, shown)
    if shown.terminal.desk.store.one("SELECT id FROM shift WHERE closed_at IS NULL") is None:
        window.open_shift()
        settle(app, shown)
    name = f"{lang}-{theme}"
    biggest = max(window.races.values(), key=lambda r: len(r.runners))  # every runner shows
    window.race_choice.setCurrentIndex(window.race_choice.findData(biggest.race_id))
    settle(app, shown)
    window.entry.setText(window.example)
    shoot(app, window, words, shots, f"counter-1-entry-{name}", COUNTER_SIZES)
    window.entry.setText(window.example + " X2")
    window.sell()
    settle(app, shown)
    shoot(app, window, words, shots, f"counter-2-sold-{name}", COUNTER_SIZES)
    window.entry.setText("1 1 QP 4 7 99")
    shoot(app, window, words, shots, f"counter-3-error-{name}", COUNTER_SIZES)
    barcode = shown.terminal.desk.store.one("SELECT barcode FROM bet WHERE barcode IS NOT NULL")
    window.scan.setText("" if barcode is None else str(barcode[0]))
    window.check_ticket()
    settle(app, shown)
    shoot(app, window, words, shots, f"counter-4-ticket-{name}", COUNTER_SIZES)
    question = window.question_box(words.gettext(
        "Cancel ticket {ticket} and refund {amount}?", ticket="26120100000013",
        amount=words.amount(400)))  # fmt: skip
    question.show()
    shoot(app, question, words, shots, f"counter-7-confirm-cancel-{name}", ((640, 200),))
    question.close()
    counting = till.count_dialog(window, 5150)
    counting.show()
    shoot(app, counting, words, shots, f"counter-8-z-count-{name}", ((700, 200),))
    counting.close()
    helper = EntryHelp(words, window.example, window)
    helper.show()
    shoot(app, helper, words, shots, f"counter-5-help-{name}", ((1100, 800),))
    helper.close()
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    window.entry.setText(window.example)
    window.sell()
    settle(app, shown)
    shoot(app, window, words, shots, f"counter-6-not-printed-{name}", COUNTER_SIZES)
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    results_and_voucher(app, where, shown, shots, name)
    shown.close()


def results_and_voucher(app: QApplication, where: Stage, shown: App, shots: Shots,
                        name: str) -> None:  # fmt: skip
    """The board once a race is run (its finish and dividends), then a kiosk's voucher
    checked at the counter."""
    window = shown.window
    assert isinstance(window, CounterWindow)
    desk = shown.terminal.desk
    if shown.terminal.device is not None:
        shown.terminal.device.status()  # the paper is back: the driver reads it now
    wait(app, lambda: not desk.printer_problem())
    row = desk.store.one("SELECT race_id, selection FROM bet WHERE status = 'ACCEPTED'")
    assert row is not None, "the counter sold nothing to settle"
    race = window.races[row["race_id"]]
    picked = json.loads(row["selection"])["runners"]
    others = [r["number"] for r in race.runners if r["number"] not in picked]
    order = (picked + others)[:5]
    for bet_type, runners in (("SIMPLE_PLACE", order[:1]), ("COUPLE_GAGNANT", order[:2]),
                              ("TRIO", order[:3]), ("TIERCE", order[:3])):  # fmt: skip
        if bet_type in {t.value for t in race.bet_types}:
            sell(desk, Draft(race.race_id, bet_type, tuple(runners)))
    with httpx.Client(base_url=where.url, headers={"Authorization": f"Bearer {ADMIN}"},
                      timeout=10) as admin:  # fmt: skip
        admin.post(f"/v1/admin/races/{race.race_id}/close").raise_for_status()
        for official in (False, True):
            admin.post(f"/v1/admin/races/{race.race_id}/result",
                       json={"places": [[n] for n in order], "official": official},
                       ).raise_for_status()  # fmt: skip
    shown.terminal.feed.resync()
    window.reload_programme()
    settle(app, shown)
    window.race_choice.setCurrentIndex(window.race_choice.findData(race.race_id))
    wait(app, window.odds.finish.isVisible)
    settle(app, shown)
    shoot(app, window, window.words, shots, f"counter-9-results-{name}", COUNTER_SIZES)
    voucher = desk.client.issue_voucher(str(uuid.uuid4()), 650, "cash_out")
    window.scan.setText(voucher["barcode"])
    window.check_ticket()
    settle(app, shown)
    shoot(app, window, window.words, shots, f"counter-10-voucher-{name}", COUNTER_SIZES)


def kiosk(app: QApplication, where: Stage, shots: Shots, lang: str, theme: str) -> None:
    shown = open_app(app, where, "kiosk", lang, theme)
    window = shown.window
    assert isinstance(window, KioskWindow)
    keep_open(shown.terminal.desk)
    shown.terminal.desk.drain.until_empty()
    window.reload_programme()
    wait(app, lambda: bool(window.races))
    wait(app, lambda: not window.blocked_because)
    settle(app, shown)
    name = f"{lang}-{theme}"

    def at(number: int, screen: str) -> None:
        settle(app, shown)
        shoot(app, window, window.words, shots, f"kiosk-{number}-{screen}-{name}", KIOSK_SIZES)

    at(1, "attract")
    tap(app, window, "start")
    at(2, "age")
    tap(app, window, "adult")
    at(3, "races")
    now = shown.terminal.desk.clock()
    race = max(
        (r for r in window.races.values() if r.takes_bets(now)), key=lambda r: len(r.runners)
    )  # the biggest field: every runner must show
    tap(app, window, f"race-{race.race_id.rsplit('/', 1)[-1]}")
    at(4, "bet-types")
    tap(app, window, "type-SIMPLE_GAGNANT")
    tap(app, window, f"runner-{race.runners[3]['number']}")
    at(5, "runners")
    tap(app, window, "next")
    tap(app, window, "raise-stake")
    at(6, "stake")
    tap(app, window, "next")
    where.rig.command({"cmd": "insert", "amount": 1000})
    wait(app, lambda: window.balance >= 1000)
    at(7, "summary")
    tap(app, window, "pay")
    wait(app, lambda: window.current == "done")
    at(8, "take-ticket")
    window.go("ticket")
    barcode = shown.terminal.desk.store.one("SELECT barcode FROM bet WHERE barcode IS NOT NULL")
    if barcode is not None:
        window.scanned(str(barcode[0]))
    at(9, "scanned-ticket")
    champ(app, window, race, at)
    kiosk_faults_and_leaving(app, where, window, at)
    pin_dialog(app, window, shots, name)
    shown.close()


def kiosk_faults_and_leaving(
    app: QApplication, where: Stage, window: KioskWindow, at: Callable[[int, str], None]
) -> None:
    """No paper; then a bettor who walks away with credit, and one who cashes out."""
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    wait(app, lambda: bool(window.blocked_because))
    window.go("attract")
    at(10, "no-paper")
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    wait(app, lambda: not window.blocked_because)
    window.session_idle()  # left alone with credit: the warning, then the voucher
    at(11, "still-there")
    window.warning.stop()
    tap(app, window, "carry-on")
    tap(app, window, "cash-out")
    wait(app, lambda: window.current == "voucher")
    at(12, "voucher")
    window.voucher_waiting = True  # as after a cash-out with the server away
    window.go("voucher")
    at(16, "voucher-waiting")
    window.voucher_waiting = False


def champ(
    app: QApplication, window: KioskWindow, race: CachedRace, at: Callable[[int, str], None]
) -> None:
    """A Tiercé champ réduit in every order: the base runner marked, the switches on, the
    cost so far; then the stake's presets."""
    window.go("races")
    tap(app, window, f"race-{race.race_id.rsplit('/', 1)[-1]}")
    tap(app, window, "type-TIERCE")
    numbers = [r["number"] for r in race.runners]
    tap(app, window, "champ")
    tap(app, window, f"runner-{numbers[0]}")
    tap(app, window, "champ")
    for number in numbers[1:4]:
        tap(app, window, f"runner-{number}")
    tap(app, window, "complete")
    at(14, "champ")
    tap(app, window, "next")
    tap(app, window, "stake-2")
    at(15, "stake-presets")


def pin_dialog(app: QApplication, window: KioskWindow, shots: Shots, name: str) -> None:
    pin = window.pin_dialog()
    pin.show()
    shoot(app, pin, window.words, shots, f"kiosk-13-pin-{name}", ((640, 240),))
    pin.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    shots = Shots(out)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    for lang in LANGUAGES:
        words_for(lang).produced = set()
    for lang in LANGUAGES:
        for theme in THEMES:
            printed = out / "printed" / f"{lang}-{theme}"
            with tempfile.TemporaryDirectory(prefix="guichet-shots-") as folder, \
                    stage(Path(folder), out=printed) as where:  # fmt: skip
                print(f"{lang}, {theme}:", flush=True)
                counter(app, where, shots, lang, theme)
                if theme != "large":  # the kiosk always shows large text
                    kiosk(app, where, shots, lang, theme)
    app.processEvents()
    print(f"{len(shots.saved)} screenshots in {out}; printed tickets in {out / 'printed'}")
    for problem in shots.problems:
        print(f"  {problem}")
    if shots.problems:
        raise SystemExit(f"make screenshots: {len(shots.problems)} problems a person would see")


if __name__ == "__main__":
    main()
