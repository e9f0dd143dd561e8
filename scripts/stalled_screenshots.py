"""``make screenshots``' stalled server: what a clerk and a bettor read while the server holds
a paid bet's answer (its process stopped with SIGSTOP), and once it answers — the sale
recorded at once, the wait said, the ticket printed late and announced (see
``scripts.screenshots``). Shot once a language, in the standard theme: the states are the same
in every theme, and each stall costs the client's timeout."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QLabel

from scripts.shots import COUNTER_SIZES, KIOSK_SIZES, Shots, settle, shoot, tap, wait
from scripts.stage import Stage
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import App


@contextmanager
def stalled(where: Stage) -> Iterator[None]:
    os.kill(where.server.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(where.server.pid, signal.SIGCONT)


def counter_stalled(app: QApplication, where: Stage, shown: App, shots: Shots, name: str) -> None:
    window = shown.window
    assert isinstance(window, CounterWindow)
    words = window.words
    recorded = words.gettext("Bet recorded ({cost}): waiting for the server's answer…", cost="")
    late = words.gettext(
        "Ticket {ticket} printed — {cost} (accepted late by the server)", ticket="", cost=""
    )
    with stalled(where):
        window.entry.setText(window.example)
        window.sell()
        wait(app, lambda: window.message.text().startswith(recorded.split("(")[0]))
        shoot(app, window, words, shots, f"counter-11-recorded-{name}", COUNTER_SIZES)
        settle(app, shown)  # the sale stops waiting: the bet is queued, the clerk told
        shoot(app, window, words, shots, f"counter-12-waiting-{name}", COUNTER_SIZES)
    tail = late.rsplit("(", 1)[-1]
    wait(app, lambda: window.message.text().endswith(tail), within=60)
    settle(app, shown)
    shoot(app, window, words, shots, f"counter-13-printed-late-{name}", COUNTER_SIZES)


def kiosk_stalled(app: QApplication, where: Stage, shown: App, shots: Shots, name: str) -> None:
    """A bet paid from credit while the server is stopped; the bettor walks away; the ticket
    prints when the server answers, announced on the next bettor's screen."""
    window = shown.window
    assert isinstance(window, KioskWindow)
    words = window.words
    now = shown.terminal.desk.clock()
    race = next(
        r
        for r in window.journey.races.values()
        if r.takes_bets(now) and any(t.value == "TIERCE" for t in r.bet_types)
    )
    window.go("attract")
    tap(app, window, "start")
    tap(app, window, "adult")
    window.pick_race(race.race_id)  # what its button does, on whichever page it is
    tap(app, window, "type-TIERCE")
    for runner in race.runners[:3]:
        tap(app, window, f"runner-{runner['number']}")
    tap(app, window, "next")
    window.set_multiplier(5)  # 5,00 €: the whole note
    tap(app, window, "next")
    acceptor = window.acceptor
    assert acceptor is not None
    wait(app, lambda: acceptor.accepting)
    where.rig.command({"cmd": "insert", "amount": 500})
    wait(app, lambda: window.journey.balance == 500)
    controls = window.controls
    wait(app, lambda: controls.pay_button.isEnabled())  # noqa: PLW0108  (the button is remade)
    slow = words.gettext(
        "The server is slow: your bet is paid and kept; its ticket prints when it answers"
    )
    screen = window.screens["waiting"]

    def said() -> list[str]:
        return [label.text() for label in screen.findChildren(QLabel)]

    with stalled(where):
        tap(app, window, "pay")
        wait(app, lambda: window.current == "waiting")
        shoot(app, window, words, shots, f"kiosk-21-paid-waiting-{name}", KIOSK_SIZES)
        wait(app, lambda: slow in said(), within=30)
        shoot(app, window, words, shots, f"kiosk-22-server-slow-{name}", KIOSK_SIZES)
        window.session_idle()  # the bettor has gone, no credit left: the kiosk's start
    wait(app, window.late_note.isVisible, within=60)
    state = shown.terminal.desk.drain.state
    journey = window.journey
    wait(app, lambda: state.online and not state.queue_depth and not journey.blocked_because)
    settle(app, shown)
    shoot(app, window, words, shots, f"kiosk-23-late-ticket-{name}", KIOSK_SIZES)
