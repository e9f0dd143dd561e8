"""Vouchers this terminal asked the server for or redeemed, recorded from its answers once.

Issuing takes the bettor's credit off at once (in the request's transaction), so it cannot be
spent twice while the server is asked; a refusal gives it back. Redeeming moves money only
from the server's answer: credit at a kiosk, cash out of the drawer at a counter.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from terminal.store import journal, ledger

PENDING, ISSUED, REDEEMED, REFUSED = "PENDING", "ISSUED", "REDEEMED", "REFUSED"


def record_issued(conn: sqlite3.Connection, tid: str, answer: dict[str, Any], at: str) -> bool:
    cursor = conn.execute(
        "UPDATE voucher_issue SET state = ?, number = ?, barcode = ?, issued_at = ?,"
        " expires_at = ? WHERE transaction_id = ? AND state = ?",
        (ISSUED, answer["number"], answer["barcode"], answer["issued_at"], answer["expires_at"],
         tid, PENDING),
    )  # fmt: skip
    if cursor.rowcount != 1:
        return False
    journal.append(conn, at, "voucher.issued", {"request": tid, "voucher": answer["number"],
                                                "amount": answer["amount"]})  # fmt: skip
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
    journal.append(conn, at, "voucher.redeemed", {"request": tid, "voucher": answer["number"],
                                                  "amount": amount})  # fmt: skip
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
        ledger.record(conn, issue["shift_id"], ledger.CREDIT, "voucher.refused", tid,
                      int(issue["amount"]), at)  # fmt: skip
        return
    conn.execute(
        "UPDATE voucher_redemption SET state = ?, problem = ? WHERE transaction_id = ?"
        " AND state = ?",
        (REFUSED, problem, tid, PENDING),
    )
