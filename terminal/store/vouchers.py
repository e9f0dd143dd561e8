"""Vouchers this terminal asked the server for or redeemed, recorded from its answers once.

Issuing takes the bettor's credit off at once (in the request's transaction), so it cannot be
spent twice while the server is asked; a refusal gives it back. Redeeming moves money only
from the server's answer: credit at a kiosk, cash out of the drawer at a counter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from terminal.store import Store, journal, ledger

PENDING, ISSUED, REDEEMED, REFUSED = "PENDING", "ISSUED", "REDEEMED", "REFUSED"


@dataclass(frozen=True, slots=True)
class Redemption:
    """A voucher this terminal asked to redeem, as far as the server has answered."""

    transaction_id: str
    state: str  # PENDING, REDEEMED or REFUSED
    number: str  # the voucher's number ("" until the server names it)
    amount: int  # what the server redeemed it for (0 until it has)
    problem: str | None  # the server's refusal, kept whole (``Refused.record``)


def record_issued(conn: sqlite3.Connection, tid: str, answer: dict[str, Any], at: str) -> bool:
    cursor = conn.execute(
        "UPDATE voucher_issue SET state = ?, number = ?, barcode = ?, issued_at = ?,"
        " expires_at = ? WHERE transaction_id = ? AND state = ?",
        (
            ISSUED,
            answer["number"],
            answer["barcode"],
            answer["issued_at"],
            answer["expires_at"],
            tid,
            PENDING,
        ),
    )
    if cursor.rowcount != 1:
        return False
    journal.append(
        conn,
        at,
        "voucher.issued",
        {"request": tid, "voucher": answer["number"], "amount": answer["amount"]},
    )
    return True


def record_redeemed(conn: sqlite3.Connection, tid: str, answer: dict[str, Any], at: str) -> bool:
    row = conn.execute(
        "SELECT * FROM voucher_redemption WHERE transaction_id = ?", (tid,)
    ).fetchone()
    if row is None or row["state"] != PENDING:
        return False
    amount = int(answer["amount"])
    conn.execute(
        "UPDATE voucher_redemption SET state = ?, number = ?, amount = ?, redeemed_at = ?"
        " WHERE transaction_id = ?",
        (REDEEMED, answer["number"], amount, answer["redeemed_at"], tid),
    )
    if row["method"] == "credit":
        ledger.record(conn, row["shift_id"], ledger.CREDIT, "voucher.redeemed", tid, amount, at)
    else:
        ledger.record(conn, row["shift_id"], ledger.DRAWER, "voucher.redeemed", tid, -amount, at)
    journal.append(
        conn,
        at,
        "voucher.redeemed",
        {"request": tid, "voucher": answer["number"], "amount": amount},
    )
    return True


def record_refused(conn: sqlite3.Connection, tid: str, problem: str, at: str) -> None:
    issue = conn.execute(
        "SELECT * FROM voucher_issue WHERE transaction_id = ? AND state = ?", (tid, PENDING)
    ).fetchone()
    if issue is not None:  # the credit it took comes back to the bettor
        conn.execute(
            "UPDATE voucher_issue SET state = ?, problem = ? WHERE transaction_id = ?",
            (REFUSED, problem, tid),
        )
        ledger.record(
            conn, issue["shift_id"], ledger.CREDIT, "voucher.refused", tid, int(issue["amount"]), at
        )
        return
    conn.execute(
        "UPDATE voucher_redemption SET state = ?, problem = ? WHERE transaction_id = ?"
        " AND state = ?",
        (REFUSED, problem, tid, PENDING),
    )


def add_issue(
    conn: sqlite3.Connection, tid: str, shift_id: str, amount: int, reason: str, at: str
) -> None:
    """Ask for a voucher, PENDING, in the transaction that takes the credit off."""
    conn.execute(
        "INSERT INTO voucher_issue (transaction_id, shift_id, amount, reason, state,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (tid, shift_id, amount, reason, PENDING, at),
    )


def issue(store: Store, tid: str) -> sqlite3.Row | None:
    """A voucher request by its transaction id, every column by name."""
    return store.one("SELECT * FROM voucher_issue WHERE transaction_id = ?", (tid,))


def pending_issues(store: Store) -> list[str]:
    """The transaction ids of the voucher requests the server has not answered yet."""
    rows = store.all("SELECT transaction_id FROM voucher_issue WHERE state = ?", (PENDING,))
    return [str(row[0]) for row in rows]


def unprinted(store: Store) -> list[sqlite3.Row]:
    """The vouchers the server issued that never printed, the oldest first."""
    return store.all(
        "SELECT * FROM voucher_issue WHERE state = ? AND prints = 0 ORDER BY created_at",
        (ISSUED,),
    )


def waiting(store: Store) -> int:
    """Credit taken for vouchers not printed yet: asked for, or issued and not printed."""
    row = store.one(
        "SELECT COALESCE(SUM(amount), 0) FROM voucher_issue WHERE state = ?"
        " OR (state = ? AND prints = 0)",
        (PENDING, ISSUED),
    )
    return 0 if row is None else int(row[0])


def printed(store: Store, tid: str) -> None:
    """Count one more print of a voucher."""
    with store.write() as conn:
        conn.execute(
            "UPDATE voucher_issue SET prints = prints + 1 WHERE transaction_id = ?", (tid,)
        )


def add_redemption(
    conn: sqlite3.Connection, tid: str, shift_id: str, barcode: str, method: str, at: str
) -> None:
    """Ask to redeem a voucher, PENDING, in the transaction that queues the request."""
    conn.execute(
        "INSERT INTO voucher_redemption (transaction_id, shift_id, barcode, method, state,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (tid, shift_id, barcode, method, PENDING, at),
    )


def redemption(store: Store, tid: str) -> Redemption | None:
    """A redemption request by its transaction id; None if this terminal asked for none."""
    row = store.one(
        "SELECT transaction_id, state, number, amount, problem FROM voucher_redemption"
        " WHERE transaction_id = ?",
        (tid,),
    )
    if row is None:
        return None
    return Redemption(
        str(row["transaction_id"]),
        str(row["state"]),
        row["number"] or "",
        int(row["amount"] or 0),
        row["problem"],
    )
