"""Money movements of the terminal, each recorded exactly once.

Accounts: ``drawer`` is the cash a counter holds (a kiosk's cashbox); ``credit`` is a kiosk
bettor's balance. Amounts are signed integer cents, what the account gains. ``(kind, ref,
account)`` is unique: the outcome of a bet, a payout or a cancellation can be recorded by the
use case and by the sync worker racing each other, or again after a crash, and moves money
once. The shift's figures are sums over this table.
"""

from __future__ import annotations

import sqlite3

from terminal.store import Store

DRAWER, CREDIT = "drawer", "credit"


def record(
    conn: sqlite3.Connection,
    shift_id: str | None,
    account: str,
    kind: str,
    ref: str,
    amount: int,
    at: str,
) -> bool:
    """Record a movement in the caller's transaction; False if it was recorded already."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("ledger amounts are integer cents")
    cursor = conn.execute(
        "INSERT OR IGNORE INTO ledger (shift_id, account, kind, ref, amount, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (shift_id, account, kind, ref, amount, at),
    )
    return cursor.rowcount == 1


def balance(store: Store, account: str, shift_id: str | None = None) -> int:
    if shift_id is None:
        row = store.one("SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE account = ?", (account,))
    else:
        row = store.one(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE account = ? AND shift_id = ?",
            (account, shift_id),
        )
    return 0 if row is None else int(row[0])


def totals(store: Store, shift_id: str, account: str = DRAWER) -> dict[str, tuple[int, int]]:
    """Per kind: (movements, cents), for a shift's X or Z report."""
    rows = store.all(
        "SELECT kind, COUNT(*), SUM(amount) FROM ledger WHERE shift_id = ? AND account = ?"
        " GROUP BY kind ORDER BY kind",
        (shift_id, account),
    )
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}
