"""Cancelling a bet: by this terminal, within the server's window, online.

The request is queued durably before it is sent, under the bet's own transaction id (the
server's cancellation is idempotent on it). The refund is recorded from the server's answer
only, once. If no answer comes, the request stays queued and is retried until the server
says yes or no; meanwhile the clerk keeps the ticket and refunds nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from terminal.errors import NotFound, Refused, SaleProblem
from terminal.operations.desk import Desk
from terminal.operations.printing import print_receipt
from terminal.store import bets, journal, outbox

WINDOW = timedelta(minutes=15)  # the server's rule (GET /v1/config); checked here to say it early


@dataclass(frozen=True, slots=True)
class Cancellation:
    """``refunded``: this call recorded the cancellation, so the bettor is owed ``amount``
    now; False when the bet was cancelled before (nothing more is owed: it was refunded then)."""

    transaction_id: str
    ticket_number: str
    amount: int
    refunded: bool
    status: str = bets.CANCELLED
    receipt_printed: bool = False


def find(desk: Desk, ticket_or_transaction: str) -> str:
    tid = bets.find(desk.store, ticket_or_transaction)
    if tid is None:
        raise NotFound("this ticket was not sold by this terminal", code="not_sold_here")
    return tid


def amount_of(desk: Desk, ticket_or_transaction: str) -> tuple[str, int]:
    """The ticket number and what its cancellation would refund: for the clerk's confirmation."""
    row = bets.read(desk.store, find(desk, ticket_or_transaction))
    assert row is not None
    return str(row["ticket_number"] or ""), int(row["cost"])


def refund_of(desk: Desk, ticket_or_transaction: str) -> tuple[str, int]:
    """The ticket number and what cancelling it would refund, for the clerk's confirmation;
    raises first if it cannot be cancelled (cancelled already, never accepted, too late), so
    that nothing is asked that would be refused."""
    tid = find(desk, ticket_or_transaction)
    with desk.store.write() as conn:  # read as ``cancel`` reads it
        bet = bets.get(conn, tid)
    assert bet is not None
    if bet["status"] == bets.CANCELLED:
        raise SaleProblem(
            "this ticket was cancelled already",
            code="already_cancelled",
            ticket=bet["ticket_number"] or "",
        )
    _check_cancellable(desk, bet)
    return str(bet["ticket_number"] or ""), int(bet["cost"])


def _check_cancellable(desk: Desk, bet: sqlite3.Row) -> None:
    if bet["status"] != bets.ACCEPTED:
        raise SaleProblem(
            f"this bet is {bet['status']}: only an accepted bet is cancelled",
            code="not_cancellable",
            status=bet["status"],
        )
    accepted = datetime.fromisoformat(bet["settled_at"])
    if desk.clock() - accepted > WINDOW:
        raise SaleProblem(
            "a bet can be cancelled within 15 minutes of its sale only", code="too_late"
        )


def cancel(desk: Desk, ticket_or_transaction: str) -> Cancellation:
    """Cancel, then print the receipt. Raises ``Refused`` or ``Offline``."""
    tid = find(desk, ticket_or_transaction)
    with desk.store.write() as conn:
        bet = bets.get(conn, tid)
        assert bet is not None
        if bet["status"] == bets.CANCELLED:
            return Cancellation(tid, bet["ticket_number"] or "", bet["cost"], refunded=False)
        _check_cancellable(desk, bet)
        if outbox.state_of_conn(conn, tid, outbox.CANCEL) is None:
            outbox.add(conn, tid, outbox.CANCEL, {}, desk.now())
            journal.append(conn, desk.now(), "cancel.requested", {"bet": tid})
    desk.steps.reached("cancel.requested")
    desk.until_answered(tid, outbox.CANCEL)
    state = outbox.state_of(desk.store, tid, outbox.CANCEL)
    assert state is not None
    if state[0] == "REFUSED":
        refusal = Refused.recorded(state[1])
        raise refusal or Refused("the server refused the cancellation", code="cannot_cancel")
    desk.steps.reached("cancel.done")
    ticket_number, amount = amount_of(desk, tid)
    printed = print_receipt(
        desk,
        title=desk.words.gettext("CANCELLATION"),
        ticket_number=ticket_number,
        amount=amount,
        what=desk.words.gettext("Refunded"),
    )
    return Cancellation(tid, ticket_number, amount, refunded=True, receipt_printed=printed)
