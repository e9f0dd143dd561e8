"""Payouts this terminal asked the server for, and the answers recorded exactly once.

The server decides what a ticket pays and records that it is paid; the terminal records the
cash leaving its drawer (or the kiosk credit it gives) only from the server's answer, once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from terminal.store import Store, journal, ledger

PENDING, PAID, REFUSED = "PENDING", "PAID", "REFUSED"


@dataclass(frozen=True, slots=True)
class PayoutRequest:
    """A payout asked of the server, as far as it has answered."""

    transaction_id: str
    state: str  # PENDING, PAID or REFUSED
    ticket_number: str
    amount: int  # what the server paid (0 until it has)
    problem: str | None  # the server's refusal, kept whole (``Refused.record``)


def record_paid(conn: sqlite3.Connection, tid: str, receipt: dict[str, Any], at: str) -> bool:
    row = conn.execute("SELECT * FROM payout WHERE transaction_id = ?", (tid,)).fetchone()
    if row is None or row["state"] != PENDING:
        return False
    amount = int(receipt["amount"])
    conn.execute(
        "UPDATE payout SET state = ?, ticket_number = ?, amount = ?, paid_at = ?"
        " WHERE transaction_id = ?",
        (PAID, receipt["ticket_number"], amount, receipt["paid_at"], tid),
    )
    if row["method"] == "voucher":  # a kiosk: the winnings become the bettor's credit
        ledger.record(conn, row["shift_id"], ledger.CREDIT, "payout", tid, amount, at)
    elif row["method"] == "cash":
        ledger.record(conn, row["shift_id"], ledger.DRAWER, "payout", tid, -amount, at)
    journal.append(
        conn,
        at,
        "ticket.paid",
        {
            "payout": tid,
            "ticket": receipt["ticket_number"],
            "amount": amount,
            "method": row["method"],
        },
    )
    return True


def record_refused(conn: sqlite3.Connection, tid: str, detail: str, at: str) -> None:
    conn.execute(
        "UPDATE payout SET state = ?, problem = ? WHERE transaction_id = ? AND state = ?",
        (REFUSED, detail, tid, PENDING),
    )


def add(
    conn: sqlite3.Connection,
    tid: str,
    *,
    shift_id: str,
    barcode: str,
    method: str,
    ticket_number: str,
    at: str,
) -> None:
    """Ask for a payout, PENDING, in the transaction that queues the request."""
    conn.execute(
        "INSERT INTO payout (transaction_id, shift_id, barcode, method, state, ticket_number,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tid, shift_id, barcode, method, PENDING, ticket_number, at),
    )


def read(store: Store, tid: str) -> PayoutRequest | None:
    """A payout request by its transaction id; None if this terminal asked for none."""
    row = store.one(
        "SELECT transaction_id, state, ticket_number, amount, problem FROM payout"
        " WHERE transaction_id = ?",
        (tid,),
    )
    if row is None:
        return None
    return PayoutRequest(
        str(row["transaction_id"]),
        str(row["state"]),
        row["ticket_number"] or "",
        int(row["amount"] or 0),
        row["problem"],
    )
