"""Shifts: a clerk's period at the till (a kiosk's, its cash box's), at most one open at a time.

The opening and closing write in the caller's transaction, beside the float's ledger movement
and the outbox row that tells the server, so a shift is never open here and unknown there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from terminal.store import Store


@dataclass(frozen=True, slots=True)
class Shift:
    id: str
    opened_at: str
    closed_at: str | None  # None while it is open
    float_cents: int
    counted_cents: int | None  # what the clerk counted at the Z (None: not counted)
    clerk: str  # who holds it ("": opened before clerks were named, the configured operator)


def _shift(row: sqlite3.Row | None) -> Shift | None:
    if row is None:
        return None
    return Shift(
        id=str(row["id"]),
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        float_cents=int(row["float_cents"]),
        counted_cents=row["counted_cents"],
        clerk=row["clerk"] or "",
    )


def open_now(store: Store) -> Shift | None:
    """The open shift, or None when the till is closed (also inside a write transaction: the
    store has one connection)."""
    return _shift(store.one("SELECT * FROM shift WHERE closed_at IS NULL"))


def get(store: Store, shift_id: str) -> Shift | None:
    return _shift(store.one("SELECT * FROM shift WHERE id = ?", (shift_id,)))


def add(conn: sqlite3.Connection, shift_id: str, at: str, float_cents: int, clerk: str) -> None:
    """Open a shift in the caller's transaction (which records its float and queues it)."""
    conn.execute(
        "INSERT INTO shift (id, opened_at, float_cents, clerk) VALUES (?, ?, ?, ?)",
        (shift_id, at, float_cents, clerk),
    )


def close(conn: sqlite3.Connection, shift_id: str, at: str, counted: int | None) -> None:
    """Close a shift in the caller's transaction, with the cash the clerk counted (or None)."""
    conn.execute(
        "UPDATE shift SET closed_at = ?, counted_cents = ? WHERE id = ?",
        (at, counted, shift_id),
    )
