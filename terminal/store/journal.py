"""The local journal: an append-only, hash-chained record of what this terminal did.

Each entry's hash covers the previous hash, its time, kind and canonical JSON body, so an
edited, inserted or deleted entry breaks every hash after it. Appended inside the transaction
that makes the change, so the journal and the state never disagree.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

GENESIS = "0" * 64


def _hash(prev: str, at: str, kind: str, body: str) -> str:
    return hashlib.sha256("\x1f".join((prev, at, kind, body)).encode()).hexdigest()


def append(conn: sqlite3.Connection, at: str, kind: str, body: dict[str, Any]) -> str:
    """Append in the caller's transaction; return the new head hash."""
    row = conn.execute("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    prev = GENESIS if row is None else row[0]
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    digest = _hash(prev, at, kind, text)
    conn.execute(
        "INSERT INTO journal (at, kind, body, prev, hash) VALUES (?, ?, ?, ?, ?)",
        (at, kind, text, prev, digest),
    )
    return digest


def verify(conn: sqlite3.Connection) -> int | None:
    """The sequence number of the first broken entry, or None if the chain holds."""
    prev = GENESIS
    for seq, at, kind, body, stored_prev, stored in conn.execute(
        "SELECT seq, at, kind, body, prev, hash FROM journal ORDER BY seq"
    ):
        if stored_prev != prev or _hash(prev, at, kind, body) != stored:
            return int(seq)
        prev = stored
    return None
