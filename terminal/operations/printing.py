"""Printing a bet's ticket: only for a bet the server accepted, and never lost in between.

The bet is marked PRINTING (durably) before the printer gets a byte and PRINTED after the
printer confirms. A failure, or a crash, in between leaves it FAILED: the bet is accepted and
paid for, so the clerk either reprints it or cancels it (refunding the money) — it is never a
paid bet without a ticket, nor silently printed twice.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from catalogue import Words, words_for
from drivers.errors import DeviceError
from drivers.printer.layout import Slip
from terminal.errors import NotFound, PrintProblem
from terminal.operations import slips
from terminal.operations.desk import Desk
from terminal.store import bets, journal, programme

NONE, PRINTING, PRINTED, FAILED = bets.NONE, bets.PRINTING, bets.PRINTED, bets.FAILED


def print_ticket(
    desk: Desk, transaction_id: str, *, duplicate: bool = False, words: Words | None = None
) -> None:
    """``words``: the bettor's language at a kiosk (the terminal's own by default)."""
    with desk.store.write() as conn:
        bet = bets.get(conn, transaction_id)
        if bet is None:
            raise NotFound(
                f"there is no bet {transaction_id} on this terminal", code="not_sold_here"
            )
        if bet["status"] != bets.ACCEPTED:
            raise PrintProblem(
                f"this bet is {bet['status']}: a ticket is printed only for a bet the server "
                "accepted",
                code="not_accepted",
            )
        if bet["print_state"] == PRINTING:
            raise PrintProblem("this ticket is being printed now", code="printing_now")
        if bet["print_state"] == PRINTED and not duplicate:
            raise PrintProblem(
                "this ticket was printed already: print a duplicate", code="already_printed"
            )
        bets.claim_print(conn, transaction_id)
    _print(desk, bet, words or desk.words, duplicate)


def print_owed(desk: Desk, transaction_id: str) -> bool:
    """Print the ticket of an accepted bet that was never sent to the printer, in the language
    it was sold in; False if it is not owed (printed, printing, or not accepted)."""
    with desk.store.write() as conn:
        claimed = bets.claim_owed_print(conn, transaction_id)
        bet = bets.get(conn, transaction_id)
    if not claimed or bet is None:
        return False
    language = bet["language"] or desk.words.lang
    _print(desk, bet, desk.words if language == desk.words.lang else words_for(language), False)
    return True


def _print(desk: Desk, bet: sqlite3.Row, words: Words, duplicate: bool) -> None:
    """The claimed (PRINTING) ticket to the printer, then PRINTED, or FAILED and raised."""
    transaction_id = bet["transaction_id"]
    desk.steps.reached("print.started")
    ticket = _layout(desk, words, bet, duplicate)
    try:
        desk.printer.print_slip(ticket)
    except DeviceError as err:
        _finish(desk, transaction_id, FAILED, f"printer: {err}")
        raise PrintProblem(
            f"the ticket did not print ({err}). The bet is accepted and paid: reprint it once "
            "the printer is ready, or cancel it to refund the bettor.",
            code="print_failed",
            device_state=err.code,
        ) from None
    desk.steps.reached("print.sent")
    _finish(desk, transaction_id, PRINTED, "duplicate" if duplicate else "printed")


def print_receipt(
    desk: Desk, *, title: str, ticket_number: str, amount: int, what: str, label: str = ""
) -> bool:
    """A cancellation's, a payout's or a voucher's receipt, the bettor's proof: the money
    movement stands whether it prints or not (False: it did not). ``label`` names the number
    ("Voucher"; "Ticket" by default)."""
    try:
        desk.printer.print_slip(
            slips.receipt(
                desk.words,
                desk.seller,
                title=title,
                ticket_number=ticket_number,
                amount=amount,
                at=desk.clock(),
                what=what,
                label=label,
            )
        )
    except DeviceError:
        return False
    return True


def recover(desk: Desk) -> int:
    """After a restart: a ticket caught mid-print may or may not be on paper; the clerk
    decides (reprint or cancel), so it is FAILED, not PRINTED and not retried blindly."""
    with desk.store.write() as conn:
        interrupted = bets.interrupted_prints(conn)
        if interrupted:
            journal.append(conn, desk.now(), "print.interrupted", {"tickets": interrupted})
        return interrupted


def owed(desk: Desk) -> list[str]:
    """Accepted bets never sent to the printer, the oldest first, except those whose sale is
    still waiting for its answer (that sale prints its own ticket)."""
    return [tid for tid in bets.owed_prints(desk.store) if tid not in desk.drain.waiting]


def awaiting_print(desk: Desk) -> list[str]:
    """Accepted bets without a ticket: accepted while the bettor waited offline, or failed."""
    return bets.without_ticket(desk.store)


def _finish(desk: Desk, transaction_id: str, state: str, what: str) -> None:
    with desk.store.write() as conn:
        bets.print_ended(conn, transaction_id, state)
        journal.append(conn, desk.now(), "ticket.print", {"bet": transaction_id, "what": what})


def _layout(desk: Desk, words: Words, bet: sqlite3.Row, duplicate: bool) -> Slip:
    """The ticket in ``words``, in the name of the clerk whose shift sold it."""
    receipt = json.loads(bet["receipt"])
    race: dict[str, Any] = {}
    try:
        cached = programme.race(desk.store, receipt["race_id"])
        race = {"racecourse": cached.racecourse, "name": cached.name, "post_time": cached.post_time}
    except NotFound:
        pass  # printed without the race's name: the code and the ticket are what count
    return slips.ticket(
        words,
        desk.seller_in(bet["shift_id"]),
        receipt,
        json.loads(bet["selection"]),
        race,
        duplicate=duplicate,
    )
