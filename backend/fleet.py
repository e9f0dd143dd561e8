"""The fleet of terminals as supervision sees it: who is online, and who needs a person.

A terminal's state is what its last heartbeat said (``backend.reports.heartbeat`` keeps it)
and how long ago it said it. A terminal that stops says so in a last beat, and shows stopped
at once; one that dies or loses its link is offline once it has missed two beats and a
margin (``OFFLINE_AFTER``): a beat late because of one slow request is not an alarm.

A disabled terminal's signatures are refused from then on (``all_secrets`` and ``secret_of``
leave it out; every worker is told at the commit, and a bet's own transaction checks it:
``backend.terminals``), but its sales, cancellations and payouts stay in every report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from backend import journal
from backend.errors import Conflict, NotFound
from backend.races import signed_by
from backend.reports import HEARTBEAT_SECONDS
from backend.store import Store
from backend.terminals import CHANNEL

OFFLINE_AFTER = timedelta(seconds=2 * HEARTBEAT_SECONDS + 5)
QUEUE_ATTENTION = 10  # transactions waiting at a terminal: its link is struggling
CLOCK_ATTENTION_MS = 30_000  # a clock this far off confuses the bettors reading the screen
PRINTER_OK = {"ok", "none"}


@dataclass(frozen=True, slots=True)
class TerminalState:
    terminal_id: str
    name: str
    mode: str  # counter, kiosk, or "" before the first heartbeat
    online: bool
    stopped: bool  # said so in its last heartbeat
    seconds_since: int | None  # since the last heartbeat; None if it never sent one
    queue_depth: int
    printer: str
    bill_acceptor: str
    version: str
    clock_offset_ms: int
    disabled: bool
    attention: tuple[str, ...]  # why a person should look: offline, paper_out, queue, …

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention)


def fleet(store: Store, now: datetime) -> list[TerminalState]:
    rows = store.execute(
        "SELECT id, name, last_seen, last_status, disabled_at FROM terminal ORDER BY name, id"
    ).fetchall()
    return [_state(row, now) for row in rows]


def terminal_state(store: Store, terminal_id: str, now: datetime) -> TerminalState | None:
    row = store.execute(
        "SELECT id, name, last_seen, last_status, disabled_at FROM terminal WHERE id = ?",
        (terminal_id,),
    ).fetchone()
    return None if row is None else _state(row, now)


def _state(row: Any, now: datetime) -> TerminalState:
    status: dict[str, Any] = json.loads(row["last_status"] or "{}")
    seen = datetime.fromisoformat(row["last_seen"]) if row["last_seen"] else None
    since = None if seen is None else max(0, int((now - seen).total_seconds()))
    stopped = bool(status.get("stopping"))
    online = seen is not None and not stopped and now - seen <= OFFLINE_AFTER
    disabled = bool(row["disabled_at"])
    printer = str(status.get("printer", "none"))
    acceptor = str(status.get("bill_acceptor", "none"))
    depth = _int(status.get("queue_depth"))
    offset = _int(status.get("clock_offset_ms"))
    attention: list[str] = []
    if not disabled:
        if not online:
            attention.append("stopped" if stopped else "offline")
        if printer not in PRINTER_OK:
            attention.append("printer")
        if acceptor not in PRINTER_OK:
            attention.append("bill_acceptor")
        if depth >= QUEUE_ATTENTION:
            attention.append("queue")
        if abs(offset) >= CLOCK_ATTENTION_MS:
            attention.append("clock")
    return TerminalState(
        terminal_id=row["id"],
        name=row["name"],
        mode=str(status.get("mode", "")),
        online=online and not disabled,
        stopped=stopped,
        seconds_since=since,
        queue_depth=depth,
        printer=printer,
        bill_acceptor=acceptor,
        version=str(status.get("version", "")),
        clock_offset_ms=offset,
        disabled=disabled,
        attention=tuple(attention),
    )


def _int(value: Any) -> int:
    """A number from a terminal's own report: anything else reads as 0, never as an error."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def disable_terminal(store: Store, terminal_id: str, now: datetime, by: str | None = None) -> str:
    """Refuse a terminal from now on (stolen, broken, withdrawn); journaled. Its name."""
    with store.transaction():
        row = store.execute(
            "SELECT name, disabled_at FROM terminal WHERE id = ?" + store.update_lock,
            (terminal_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"there is no terminal {terminal_id}", code="unknown_terminal")
        if row["disabled_at"]:
            raise Conflict(f"terminal {terminal_id} is already disabled", code="already_disabled")
        store.execute(
            "UPDATE terminal SET disabled_at = ? WHERE id = ?", (now.isoformat(), terminal_id)
        )
        journal.append(
            store, now.isoformat(), "terminal.disabled", signed_by({"terminal": terminal_id}, by)
        )
        store.notify(CHANNEL, terminal_id)  # every worker drops its copy of the secret
    return str(row["name"])
