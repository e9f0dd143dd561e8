"""Registered terminals and their signing secrets.

Registering or disabling a terminal notifies ``CHANNEL`` with its id at the commit: every
worker drops its copy of that terminal's secret (``backend.secrets_feed``).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from backend import journal
from backend.auth import new_secret
from backend.errors import Unauthorized
from backend.races import signed_by
from backend.store import Store

CHANNEL = "guichet_terminals"


def create_terminal(
    store: Store, name: str, now: datetime, by: str | None = None
) -> tuple[str, bytes]:
    terminal_id = f"T-{uuid.uuid4().hex[:12]}"
    secret = new_secret()
    with store.transaction():
        store.execute(
            "INSERT INTO terminal (id, name, secret, created_at) VALUES (?, ?, ?, ?)",
            (terminal_id, name, secret, now.isoformat()),
        )
        journal.append(
            store,
            now.isoformat(),
            "terminal.created",
            signed_by({"terminal": terminal_id, "name": name}, by),
        )
        store.notify(CHANNEL, terminal_id)
    return terminal_id, secret


def all_secrets(store: Store) -> dict[str, bytes]:
    """Every terminal that may sign (a disabled one may not: backend.fleet)."""
    rows = store.execute("SELECT id, secret FROM terminal WHERE disabled_at IS NULL")
    return {row[0]: bytes(row[1]) for row in rows}


def secret_of(store: Store, terminal_id: str) -> bytes | None:
    row = store.execute(
        "SELECT secret FROM terminal WHERE id = ? AND disabled_at IS NULL", (terminal_id,)
    ).fetchone()
    return None if row is None else bytes(row[0])


def refuse_disabled(store: Store, terminal_ids: set[str]) -> dict[str, Unauthorized]:
    """Within a transaction: the refusal of each of ``terminal_ids`` disabled (or unknown),
    read under the store's share lock. A disable waits for this transaction's commit, or
    this transaction sees it: nothing that commits after a disable is taken from its
    terminal, whatever a worker's copy of the secrets says (issue 26)."""
    ids = sorted(terminal_ids)
    marks = ",".join("?" * len(ids))
    enabled = {
        row[0]
        for row in store.execute(
            f"SELECT id, disabled_at FROM terminal WHERE id IN ({marks})" + store.share_lock, ids
        )
        if not row[1]
    }
    return {
        terminal_id: Unauthorized(
            f"terminal {terminal_id} is disabled: its requests are refused",
            code="terminal_disabled",
        )
        for terminal_id in ids
        if terminal_id not in enabled
    }
