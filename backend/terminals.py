"""Registered terminals and their signing secrets."""

from __future__ import annotations

import uuid
from datetime import datetime

from backend import journal
from backend.auth import new_secret
from backend.store import Store


def create_terminal(conn: Store, name: str, now: datetime) -> tuple[str, bytes]:
    terminal_id = f"T-{uuid.uuid4().hex[:12]}"
    secret = new_secret()
    with conn.transaction():
        conn.execute(
            "INSERT INTO terminal (id, name, secret, created_at) VALUES (?, ?, ?, ?)",
            (terminal_id, name, secret, now.isoformat()),
        )
        journal.append(
            conn, now.isoformat(), "terminal.created", {"terminal": terminal_id, "name": name}
        )
    return terminal_id, secret


def all_secrets(conn: Store) -> dict[str, bytes]:
    return {row[0]: bytes(row[1]) for row in conn.execute("SELECT id, secret FROM terminal")}


def secret_of(conn: Store, terminal_id: str) -> bytes | None:
    row = conn.execute("SELECT secret FROM terminal WHERE id = ?", (terminal_id,)).fetchone()
    return None if row is None else bytes(row[0])
