"""Cancelling a bet: by this terminal, within the server's window, online.

The request is queued durably before it is sent, under the bet's own transaction id (the
server's cancellation is idempotent on it). The refund is recorded from the server's answer
only, once. If no answer comes, the request stays queued and is retried until the server
says yes or no; meanwhile the clerk keeps the ticket and refunds nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from terminal.errors import NotFound, Refused, SaleProblem
from terminal.operations.desk import Desk
from terminal.store import bets, journal, outbox

WINDOW = timedelta(minutes=15)  # the server's rule (GET /v1/config); checked here to say it early


def find(desk: Desk, ticket_or_transaction: str) -> str:
    row = desk.store.one(
        "SELECT transaction_id FROM bet WHERE transaction_id = ? OR ticket_number = ?"
        " OR barcode = ?",
        (ticket_or_transaction,) * 3,
    )
    if row is None:
        raise NotFound("this ticket was not sold by this terminal", code="not_sold_here")
    return str(row[0])


def cancel(desk: Desk, ticket_or_transaction: str) -> str:
    """Cancel; the bet's status afterwards (CANCELLED). Raises ``Refused`` or ``Offline``."""
    tid = find(desk, ticket_or_transaction)
    with desk.store.write() as conn:
        bet = bets.get(conn, tid)
        assert bet is not None
        if bet["status"] == bets.CANCELLED:
            return bets.CANCELLED
        if bet["status"] != bets.ACCEPTED:
            raise SaleProblem(f"this bet is {bet['status']}: only an accepted bet is cancelled",
                              code="not_cancellable", status=bet["status"])  # fmt: skip
        accepted = datetime.fromisoformat(bet["settled_at"])
        if desk.clock() - accepted > WINDOW:
            raise SaleProblem("a bet can be cancelled within 15 minutes of its sale only",
                              code="too_late")  # fmt: skip
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
    return bets.CANCELLED
