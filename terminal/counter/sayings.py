"""What the counter tells the clerk of each outcome: a sale recorded, answered or answered
late, a ticket or voucher scanned, paid, cancelled or reprinted. Words from the catalogue,
in the counter's language; the window only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalogue import Words
from terminal.operations.cancel import Cancellation
from terminal.operations.payout import Payout
from terminal.operations.sell import Sale
from terminal.operations.spool import PRINT_FAILED, PRINTED, LateOutcome


@dataclass(frozen=True, slots=True)
class Said:
    """A line for the clerk, and whether it tells of a problem (the screen shows it so)."""

    text: str
    problem: bool = False


def recorded(words: Words, sale: Sale) -> Said:
    """Paid and queued: said at once, before the server's answer."""
    return Said(
        words.gettext(
            "Bet recorded ({cost}): waiting for the server's answer…", cost=words.amount(sale.cost)
        )
    )


def answered(words: Words, sale: Sale) -> Said:
    """The server's answer while the sale waited: printed, accepted without its ticket,
    still waiting (offline), or refused with the money to give back."""
    t = words
    cost = t.amount(sale.cost)
    if sale.status == "ACCEPTED" and sale.printed:
        return Said(
            t.gettext("Ticket {ticket} printed — {cost}", ticket=sale.ticket_number, cost=cost)
        )
    if sale.status == "ACCEPTED":
        why = t.problem(sale.print_problem) if sale.print_problem else ""
        return Said(
            t.gettext(
                "Bet {ticket} accepted, {cost}. {why}",
                ticket=sale.ticket_number,
                cost=cost,
                why=why,
            ),
            problem=True,
        )
    if sale.status == "PENDING":
        return Said(
            t.gettext(
                "Bet WAITING for the server ({cost}): the ticket prints once it is accepted",
                cost=cost,
            ),
            problem=True,
        )
    why = t.problem(sale.problem) if sale.problem else t.status(sale.status)
    return Said(t.gettext("Refused: give back {cost}. {why}", cost=cost, why=why), problem=True)


def late(words: Words, outcome: LateOutcome) -> Said:
    """A bet's answer after its sale stopped waiting: its ticket printed now, or refused."""
    t = words
    cost = t.amount(outcome.cost)
    if outcome.kind == PRINTED:
        return Said(
            t.gettext(
                "Ticket {ticket} printed — {cost} (accepted late by the server)",
                ticket=outcome.ticket_number,
                cost=cost,
            )
        )
    if outcome.kind == PRINT_FAILED:
        why = t.problem(outcome.problem) if outcome.problem else ""
        return Said(
            t.gettext(
                "Bet {ticket} accepted, {cost}. {why}",
                ticket=outcome.ticket_number,
                cost=cost,
                why=why,
            ),
            problem=True,
        )
    why = t.problem(outcome.problem) if outcome.problem else t.status(outcome.kind)
    return Said(t.gettext("Refused: give back {cost}. {why}", cost=cost, why=why), problem=True)


def voucher(words: Words, view: dict[str, Any]) -> str:
    """A scanned voucher: its amount, and whether it is paid, expired or still valid."""
    t = words
    if view.get("redeemed_at"):
        state = t.gettext("paid on {date}", date=t.moment(view["redeemed_at"]))
    elif view.get("expired"):
        state = t.gettext("expired on {date}", date=t.date(view["expires_at"]))
    else:
        state = t.gettext("valid until {date}", date=t.date(view["expires_at"]))
    return t.gettext(
        "Voucher {number}: {amount} — {state}",
        number=view["number"],
        amount=t.amount(int(view["amount"])),
        state=state,
    )


def ticket(words: Words, view: dict[str, Any]) -> str:
    """What a ticket is worth, said as the clerk repeats it to the bettor. Before its race
    has an official result a ticket is worth nothing yet, not "0,00 €": the server sends no
    payout then (``payout`` is null until the bet is settled), and the line says so."""
    t = words
    what = {
        "number": view["ticket_number"],
        "race": t.race(view["race_id"]),
        "bet_type": t.bet_type(view["bet_type"]),
    }
    if view.get("payout") is None and not view.get("paid_at"):
        if view["status"] == "ACCEPTED":
            return t.gettext("Ticket {number}: {race}, {bet_type} — no official result yet", **what)
        return t.gettext(
            "Ticket {number}: {race}, {bet_type} — {status}",
            **what,
            status=t.status(view["status"]),
        )
    status = t.status(view["status"])
    if view.get("paid_at"):
        status = t.gettext("paid on {date}", date=t.moment(view["paid_at"]))
    return t.gettext(
        "Ticket {number}: {race}, {bet_type} — {status} — pays {amount}",
        **what,
        status=status,
        amount=t.amount(int(view.get("payout") or 0)),
    )


def paid(words: Words, done: Payout) -> Said:
    return Said(
        words.gettext(
            "Pay {amount} (ticket {ticket})",
            amount=words.amount(done.amount),
            ticket=done.ticket_number,
        )
    )


def voucher_paid(words: Words, amount: int) -> Said:
    return Said(words.gettext("Pay {amount} (voucher)", amount=words.amount(amount)))


def cancel_question(words: Words, ticket_number: str, amount: int) -> str:
    """Asked before a ticket is cancelled, with the amount to refund."""
    return words.gettext(
        "Cancel ticket {ticket} and refund {amount}?",
        ticket=ticket_number,
        amount=words.amount(amount),
    )


def cancelled(words: Words, done: Cancellation) -> Said:
    """The refund to give, whether its receipt printed; a ticket cancelled before, nothing."""
    t = words
    if not done.refunded:
        return Said(
            t.gettext(
                "Ticket {ticket} was already cancelled: nothing more to refund",
                ticket=done.ticket_number,
            ),
            problem=True,
        )
    said = t.gettext(
        "Bet cancelled: refund {amount} (ticket {ticket})",
        amount=t.amount(done.amount),
        ticket=done.ticket_number,
    )
    if not done.receipt_printed:
        said = t.gettext("{said} The receipt did not print.", said=said)
    return Said(said)


def reprinted(words: Words, duplicate: bool) -> Said:
    return Said(
        words.gettext("Duplicate printed") if duplicate else words.gettext("Ticket printed")
    )
