"""Registered terminals and their signing secrets."""

from __future__ import annotations

import uuid
from datetime import datetime

from backend import journal
from backend.auth import new_secret
from backend.races import signed_by
from backend.store import Store


def create_terminal(
    conn: Store, name: str, now: datetime, by: str | None = None
) -> tuple[str, bytes]:
    terminal_id = f"T-{uuid.uuid4().hex[:12]}"
    secret = new_secret()
    with conn.transaction():
        conn.execute(
            "INSERT INTO terminal (id, name, secret, created_at) VALUES (?, ?, ?, ?)",
            (terminal_id, name, secret, now.isoformat()),
        )
        journal.append(conn, now.isoformat(), "terminal.created",
                       signed_by({"terminal": terminal_id, "name": name}, by))  # fmt: skip
    return terminal_id, secret


def all_secrets(conn: Store) -> dict[str, bytes]:
    """Every terminal that may sign (a disabled one may not: backend.fleet)."""
    rows = conn.execute("SELECT id, secret FROM terminal WHERE disabled_at IS NULL")
    return {row[0]: bytes(row[1]) for row in rows}


def secret_of(conn: Store, terminal_id: str) -> bytes | None:
    row = conn.execute(
        "SELECT secret FROM terminal WHERE id = ? AND disabled_at IS NULL", (terminal_id,)
    ).fetchone()
    return None if row is None else bytes(row[0])
