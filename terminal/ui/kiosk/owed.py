"""A kiosk bet between its payment and its ticket, told to the bettor at every step.

Paying queues the bet and takes the credit at once (``enqueue``); the kiosk says so, then
waits for the server's answer (``submit``). If the server is slow the bettor reads that the
ticket prints as soon as it answers, and it does: the ticket spool prints it whenever the
answer comes (``late``). If the bettor is still there the kiosk shows the ticket as any other;
if they walked away (the kiosk went back to its start), the ticket is announced on the screen
and kept in the list of late tickets for the next person, or staff, to see. A bet refused late
gives its money back as credit; with nobody there, that credit leaves as a voucher.

Steps of a ``Kiosk``: the bet owed and the late tickets are the ``Journey``'s.
"""

from __future__ import annotations

from terminal.operations import credit
from terminal.operations.sell import Sale, enqueue, submit
from terminal.operations.spool import PRINT_FAILED, PRINTED, LateOutcome
from terminal.ui.kiosk import leaving
from terminal.ui.kiosk.kiosk import Kiosk
from terminal.ui.kiosk.widgets import Screen, title


def place(k: Kiosk) -> None:
    draft, words, desk = k.journey.selection.draft, k.words, k.desk  # the bettor's language
    k.controls.pay_button.setEnabled(False)
    k.run(lambda: enqueue(desk, draft, words=words), lambda sale: _paid(k, sale))


def _paid(k: Kiosk, sale: Sale) -> None:
    """Paid and queued: said now, on a screen of its own, then the answer waited for."""
    k.journey.paid(sale.transaction_id)
    k.refresh_credit()
    k.go("waiting")
    words, desk = k.words, k.desk
    k.tasks.answer(
        lambda: submit(desk, sale.transaction_id, words),
        lambda done: answered(k, done),
        lambda err: k.message.setText(words.problem(err)),
    )


def answered(k: Kiosk, sale: Sale) -> None:
    t = k.words
    k.refresh_credit()
    if sale.status == "PENDING":
        k.journey.answer_slow()
        if k.current == "waiting":
            k.fill("waiting")
        return
    k.journey.answered(sale.transaction_id)
    if sale.status == "ACCEPTED" and sale.printed:
        k.journey.sold()
        k.go("done")
    elif sale.status == "ACCEPTED":
        _not_printed(k, sale.ticket_number)
    else:
        _refused(k, (sale.problem and t.problem(sale.problem)) or t.status(sale.status))


def late(k: Kiosk, outcome: LateOutcome) -> None:
    """The spool's word on a bet no sale waits for any more (the bridge's signal)."""
    t = k.words
    theirs = k.journey.answered(outcome.transaction_id)  # the bettor at the screen waits
    k.refresh_credit()
    if outcome.kind == PRINTED:
        if theirs:
            k.journey.sold()
            k.go("done")
        else:
            _keep(k, outcome.ticket_number or "")
    elif outcome.kind == PRINT_FAILED:
        _not_printed(k, outcome.ticket_number)
    elif theirs:
        _refused(k, (outcome.problem and t.problem(outcome.problem)) or t.status(outcome.kind))
    elif k.current == "attract":  # nobody to give the credit back to: it leaves as a voucher
        desk = k.desk
        k.run(lambda: credit.balance(desk), lambda balance: _unclaimed(k, balance))


def _unclaimed(k: Kiosk, balance: int) -> None:
    if balance > 0 and k.current == "attract":
        leaving.cash_out(k, credit.IDLE)


def fill_waiting(k: Kiosk, screen: Screen) -> None:
    """The bet paid, its ticket owed: what the bettor is waiting for, and why it takes long."""
    t, journey = k.words, k.journey
    screen.set_heading(t.gettext("Bet paid"))
    screen.clear_grid()
    race = journey.race()
    where = t.race(journey.selection.race_id, race.name if race else "")
    screen.grid.addWidget(title(where, t.gettext("Race")), 0, 0)
    said = (
        t.gettext(
            "The server is slow: your bet is paid and kept; its ticket prints when it answers"
        )
        if journey.owed_slow
        else t.gettext("Your ticket prints as soon as the server answers")
    )
    screen.grid.addWidget(title(said, t.gettext("Your ticket")), 1, 0)
    screen.set_bottom()


def _not_printed(k: Kiosk, ticket: str | None) -> None:
    k.message.setText(
        k.words.gettext(
            "Your bet {ticket} is accepted and paid, but its ticket did not print: please ask "
            "the staff to reprint it",
            ticket=ticket or "",
        )
    )


def _refused(k: Kiosk, why: str) -> None:
    k.message.setText(k.words.gettext("Bet refused, your credit is given back: {why}", why=why))


def _keep(k: Kiosk, ticket: str) -> None:
    """A ticket printed after its bettor left: listed on the screen for a while."""
    k.journey.keep_late(ticket, k.desk.clock())
    show_kept(k)


def show_kept(k: Kiosk) -> None:
    """The late tickets still worth saying (every second, and in the bettor's language)."""
    t = k.words
    lines = [
        t.gettext(
            "Ticket {ticket} printed at {time} for a bet the server accepted late: "
            "take it from the tray",
            ticket=number,
            time=t.time(at),
        )
        for number, at in k.journey.late_shown(k.desk.clock())
    ]
    text = "\n".join(lines)
    if k.late_note.text() != text:
        k.late_note.setText(text)
        k.late_note.setVisible(bool(text))
