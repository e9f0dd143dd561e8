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
import sys
import tempfile
import uuid
from pathlib import Path

import httpx
from PySide6.QtWidgets import QApplication

from catalogue import words_for
from scripts.kiosk_screenshots import kiosk
from scripts.shots import COUNTER_SIZES, LANGUAGES, THEMES, Shots, open_app, settle, shoot, wait
from scripts.stage import ADMIN, Stage, stage
from scripts.stalled_screenshots import counter_stalled
from terminal.operations.sell import Draft, sell
from terminal.ui.counter import till
from terminal.ui.counter.entry_help import EntryHelp
from terminal.ui.counter.window import CounterWindow
from terminal.ui.main import App


def counter(app: QApplication, where: Stage, shots: Shots, lang: str, theme: str) -> None:
    shown = open_app(app, where, "counter", lang, theme)
    window = shown.window
    assert isinstance(window, CounterWindow)
    words = window.words
    window.reload_programme()
    wait(app, lambda: bool(window.races))
    settle(app, shown)
    name = f"{lang}-{theme}"
    if shown.terminal.desk.store.one("SELECT id FROM shift WHERE closed_at IS NULL") is None:
        # the till closed: the clerk's name asked (typed, or from their card)
        shoot(app, window, words, shots, f"counter-0-till-closed-{name}", COUNTER_SIZES)
        window.open_shift()
        settle(app, shown)
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
    question = window.question_box(
        words.gettext(
            "Cancel ticket {ticket} and refund {amount}?",
            ticket="26120100000013",
            amount=words.amount(400),
        )
    )
    question.show()
    shoot(app, question, words, shots, f"counter-7-confirm-cancel-{name}", ((640, 200),))
    question.close()
    counting = till.count_dialog(window, words, 5150)
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
    if theme == "standard":
        counter_stalled(app, where, shown, shots, name)
    shown.close()


def results_and_voucher(
    app: QApplication, where: Stage, shown: App, shots: Shots, name: str
) -> None:
    """The board once a race is run (its finish and dividends), then a kiosk's voucher
    checked at the counter."""
    window = shown.window
    assert isinstance(window, CounterWindow)
    desk = shown.terminal.desk
    if shown.terminal.printer is not None:
        shown.terminal.printer.status()  # the paper is back: the driver reads it now
    wait(app, lambda: not desk.printer_problem())
    row = desk.store.one("SELECT race_id, selection FROM bet WHERE status = 'ACCEPTED'")
    assert row is not None, "the counter sold nothing to settle"
    race = window.races[row["race_id"]]
    picked = json.loads(row["selection"])["runners"]
    others = [r["number"] for r in race.runners if r["number"] not in picked]
    order = (picked + others)[:5]
    for bet_type, runners in (
        ("SIMPLE_PLACE", order[:1]),
        ("COUPLE_GAGNANT", order[:2]),
        ("TRIO", order[:3]),
        ("TIERCE", order[:3]),
    ):
        if bet_type in {t.value for t in race.bet_types}:
            sell(desk, Draft(race.race_id, bet_type, tuple(runners)))
    with httpx.Client(
        base_url=where.url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=10
    ) as admin:
        admin.post(f"/v1/admin/races/{race.race_id}/close").raise_for_status()
        for official in (False, True):
            admin.post(
                f"/v1/admin/races/{race.race_id}/result",
                json={"places": [[n] for n in order], "official": official},
            ).raise_for_status()
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
            with (
                tempfile.TemporaryDirectory(prefix="guichet-shots-") as folder,
                stage(Path(folder), out=printed) as where,
            ):
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
