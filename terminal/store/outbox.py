"""The outbox: what must reach the server, in the order it happened.

A row is added in the same transaction as the change it carries (the bet and its payment, a
cancellation request, a payout request, a voucher asked for or redeemed), so nothing is
acknowledged that is not queued, and nothing is queued that did not happen. It stays PENDING
until the server's definite answer: DONE, or REFUSED with the server's reason. Its id is the
transaction UUID the server deduplicates on, so sending it again after a lost answer is
harmless.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from terminal.store import Store

BET, CANCEL, PAYOUT = "bet", "cancel", "payout"
SHIFT_OPEN, SHIFT_CLOSE = "shift_open", "shift_close"
VOUCHER, VOUCHER_LEGACY, REDEMPTION = "voucher", "voucher_legacy", "voucher_redeem"


@dataclass(frozen=True, slots=True)
class Item:
    seq: int
    id: str
    kind: str
    body: dict[str, Any]
    attempts: int


def add(conn: sqlite3.Connection, id_: str, kind: str, body: dict[str, Any], at: str) -> None:
    conn.execute(
        "INSERT INTO outbox (id, kind, body, created_at) VALUES (?, ?, ?, ?)",
        (id_, kind, json.dumps(body, separators=(",", ":")), at),
    )


def head(store: Store, limit: int) -> list[Item]:
    """The oldest pending items: a run of bets (one batch), or one item of another kind."""
    rows = store.all(
        "SELECT seq, id, kind, body, attempts FROM outbox WHERE state = 'PENDING'"
        " ORDER BY seq LIMIT ?",
        (limit,),
    )
    items = [Item(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]
    if not items or items[0].kind != BET:
        return items[:1]
    run = []
    for item in items:
        if item.kind != BET:
            break
        run.append(item)
    return run


def settle(conn: sqlite3.Connection, seq: int, at: str, problem: str | None = None) -> bool:
    """Mark an item answered; False if it was already (a racing retry): record effects once."""
    cursor = conn.execute(
        "UPDATE outbox SET state = ?, last_error = ?, done_at = ? WHERE seq = ? AND state = "
        "'PENDING'",
        ("DONE" if problem is None else "REFUSED", problem, at, seq),
    )
    return cursor.rowcount == 1


def attempted(store: Store, seqs: list[int], error: str) -> None:
    with store.write() as conn:
        conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
            [(error, seq) for seq in seqs],
        )


def depth(store: Store) -> int:
    row = store.one("SELECT COUNT(*) FROM outbox WHERE state = 'PENDING'")
    return 0 if row is None else int(row[0])


def state_of(store: Store, id_: str, kind: str) -> tuple[str, str | None] | None:
    row = store.one("SELECT state, last_error FROM outbox WHERE id = ? AND kind = ?", (id_, kind))
    return None if row is None else (str(row[0]), row[1])


def state_of_conn(conn: sqlite3.Connection, id_: str, kind: str) -> str | None:
    row = conn.execute("SELECT state FROM outbox WHERE id = ? AND kind = ?", (id_, kind)).fetchone()
    return None if row is None else str(row[0])
