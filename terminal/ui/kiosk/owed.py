"""A kiosk bet between its payment and its ticket, told to the bettor at every step.

Paying queues the bet and takes the credit at once (``enqueue``); the kiosk says so, then
waits for the server's answer (``submit``). If the server is slow the bettor reads that the
ticket prints as soon as it answers, and it does: the ticket spool prints it whenever the
answer comes (``late``). If the bettor is still there the kiosk shows the ticket as any other;
if they walked away (the kiosk went back to its start), the ticket is announced on the screen
and kept in the list of late tickets for the next person, or staff, to see. A bet refused late
gives its money back as credit; with nobody there, that credit leaves as a voucher.

Functions over the window, as ``leaving`` and ``screens`` are: the window keeps the state.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from terminal.operations import credit
from terminal.operations.sell import Sale, enqueue, submit
from terminal.operations.spool import PRINT_FAILED, PRINTED, LateOutcome
from terminal.ui.kiosk import leaving
from terminal.ui.kiosk.widgets import Screen, title

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

KEPT = timedelta(minutes=15)  # how long a late ticket stays listed on the screen
LISTED = 3  # the late tickets listed at most, the newest first


def place(w: KioskWindow) -> None:
    draft, words = w.draft, w.words  # the ticket in the bettor's language
    w.pay_button.setEnabled(False)
    w._run(lambda: enqueue(w.desk, draft, words=words), lambda sale: _paid(w, sale))


def _paid(w: KioskWindow, sale: Sale) -> None:
    """Paid and queued: said now, on a screen of its own, then the answer waited for."""
    w.owed_bet = sale.transaction_id
    w.owed_slow = False
    w._refresh_credit()
    w.go("waiting")
    words = w.words
    w.tasks.answer(lambda: submit(w.desk, sale.transaction_id, words),
                   lambda done: answered(w, done),
                   lambda err: w.message.setText(words.problem(err)))  # fmt: skip


def answered(w: KioskWindow, sale: Sale) -> None:
    t = w.words
    w._refresh_credit()
    if sale.status == "PENDING":
        w.owed_slow = True
        if w.current == "waiting":
            fill_waiting(w, w.screens["waiting"])
        return
    w.owed_bet = ""
    if sale.status == "ACCEPTED" and sale.printed:
        w.picked = []
        w.go("done")
    elif sale.status == "ACCEPTED":
        _not_printed(w, sale.ticket_number)
    else:
        _refused(w, (sale.problem and t.problem(sale.problem)) or t.status(sale.status))


def late(w: KioskWindow, outcome: LateOutcome) -> None:
    """The spool's word on a bet no sale waits for any more (the bridge's signal)."""
    t = w.words
    theirs = outcome.transaction_id == w.owed_bet  # the bettor at the screen is still waiting
    if theirs:
        w.owed_bet = ""
    w._refresh_credit()
    if outcome.kind == PRINTED:
        if theirs:
            w.picked = []
            w.go("done")
        else:
            _keep(w, outcome.ticket_number or "")
    elif outcome.kind == PRINT_FAILED:
        _not_printed(w, outcome.ticket_number)
    elif theirs:
        _refused(w, (outcome.problem and t.problem(outcome.problem)) or t.status(outcome.kind))
    elif w.current == "attract":  # nobody to give the credit back to: it leaves as a voucher
        w._run(lambda: credit.balance(w.desk), lambda balance: _unclaimed(w, balance))


def _unclaimed(w: KioskWindow, balance: int) -> None:
    if balance > 0 and w.current == "attract":
        leaving.cash_out(w, credit.IDLE)


def fill_waiting(w: KioskWindow, screen: Screen) -> None:
    """The bet paid, its ticket owed: what the bettor is waiting for, and why it takes long."""
    t = w.words
    screen.set_heading(t.gettext("Bet paid"))
    screen.clear_grid()
    race = w.races.get(w.draft.race_id)
    where = t.race(w.draft.race_id, race.name if race else "")
    screen.grid.addWidget(title(where, t.gettext("Race")), 0, 0)
    said = (
        t.gettext(
            "The server is slow: your bet is paid and kept; its ticket prints when it answers"
        )
        if w.owed_slow
        else t.gettext("Your ticket prints as soon as the server answers")
    )
    screen.grid.addWidget(title(said, t.gettext("Your ticket")), 1, 0)
    w._bottom(screen)


def _not_printed(w: KioskWindow, ticket: str | None) -> None:
    w.message.setText(w.words.gettext(
        "Your bet {ticket} is accepted and paid, but its ticket did not print: please ask "
        "the staff to reprint it", ticket=ticket or ""))  # fmt: skip


def _refused(w: KioskWindow, why: str) -> None:
    w.message.setText(w.words.gettext("Bet refused, your credit is given back: {why}", why=why))


def _keep(w: KioskWindow, ticket: str) -> None:
    """A ticket printed after its bettor left: listed on the screen for a while."""
    w.late_tickets.insert(0, (ticket, w.desk.clock()))
    del w.late_tickets[LISTED:]
    show_kept(w)


def show_kept(w: KioskWindow) -> None:
    """The late tickets still worth saying (every second, and in the bettor's language)."""
    now = w.desk.clock()
    w.late_tickets[:] = [(n, at) for n, at in w.late_tickets if now - at < KEPT]
    t = w.words
    lines = [
        t.gettext("Ticket {ticket} printed at {time} for a bet the server accepted late: "
                  "take it from the tray", ticket=number, time=t.time(at))
        for number, at in w.late_tickets
    ]  # fmt: skip
    text = "\n".join(lines)
    if w.late_note.text() != text:
        w.late_note.setText(text)
        w.late_note.setVisible(bool(text))
