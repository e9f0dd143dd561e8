"""Terminal heartbeats, configuration, shifts, and what a terminal sold, cancelled and paid.

A shift is a period the terminal opens and closes (the clerk's X and Z reports); the server
counts, for that terminal and period, sales by their acceptance time, cancellations by their
cancellation time and payouts by their payment time. ``balance`` is what the terminal took in,
as the console's day report counts it (``backend.day_report``). Amounts are integer cents.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from backend import journal
from backend.cancellation import WINDOW
from backend.day_report import TILL_METHODS, balance_of
from backend.errors import Conflict, InvalidRequest, NotFound
from backend.payouts import IDENTITY_THRESHOLD_CENTS
from backend.store import Row, Store

HEARTBEAT_SECONDS = 15
_OPEN_ENDED = datetime.max.replace(tzinfo=UTC).isoformat()


def configuration(store: Store, terminal_id: str, now: datetime) -> dict[str, Any]:
    row = store.execute("SELECT name FROM terminal WHERE id = ?", (terminal_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no terminal {terminal_id}")
    return {
        "terminal_id": terminal_id,
        "name": row["name"],
        "server_time": now.isoformat(),
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        "cancel_window_seconds": int(WINDOW.total_seconds()),
        "identity_threshold_cents": IDENTITY_THRESHOLD_CENTS,
    }


def heartbeat(
    store: Store, terminal_id: str, status: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Record that the terminal is alive and how it is; answer with the server's time (the
    terminal measures its clock offset from it) and its configuration."""
    text = json.dumps(status, sort_keys=True)
    if len(text) > 4000:
        raise InvalidRequest("a heartbeat status is at most 4,000 characters of JSON")
    store.execute(
        "UPDATE terminal SET last_seen = ?, last_status = ? WHERE id = ?",
        (now.isoformat(), text, terminal_id),
    )
    return configuration(store, terminal_id, now)


def open_shift(store: Store, terminal_id: str, shift_id: str, now: datetime) -> dict[str, Any]:
    _uuid(shift_id)
    with store.transaction():
        known = store.execute("SELECT * FROM shift WHERE id = ?", (shift_id,)).fetchone()
        if known is not None:
            if known["terminal_id"] != terminal_id:
                raise Conflict(
                    f"shift {shift_id} belongs to another terminal", code="not_your_shift"
                )
            return dict(known)  # opened already: a retry
        still_open = store.execute(
            "SELECT id FROM shift WHERE terminal_id = ? AND closed_at IS NULL", (terminal_id,)
        ).fetchone()
        if still_open is not None:
            raise Conflict(
                f"shift {still_open['id']} is still open: close it first", code="shift_open"
            )
        store.execute(
            "INSERT INTO shift (id, terminal_id, opened_at) VALUES (?, ?, ?)",
            (shift_id, terminal_id, now.isoformat()),
        )
        journal.append(
            store, now.isoformat(), "shift.opened", {"shift": shift_id, "terminal": terminal_id}
        )
        return dict(store.execute("SELECT * FROM shift WHERE id = ?", (shift_id,)).fetchone())


def close_shift(store: Store, terminal_id: str, shift_id: str, now: datetime) -> dict[str, Any]:
    """Close a shift and return its report (the Z report); closing again returns it again."""
    with store.transaction():
        shift = _shift(store, terminal_id, shift_id)
        if shift["closed_at"] is None:
            store.execute(
                "UPDATE shift SET closed_at = ? WHERE id = ?", (now.isoformat(), shift_id)
            )
            journal.append(
                store, now.isoformat(), "shift.closed", {"shift": shift_id, "terminal": terminal_id}
            )
        return shift_report(store, terminal_id, shift_id, now)


def shift_report(store: Store, terminal_id: str, shift_id: str, now: datetime) -> dict[str, Any]:
    """The report of a shift: an X report while it is open, the Z report once closed."""
    shift = _shift(store, terminal_id, shift_id)
    until = shift["closed_at"] or _OPEN_ENDED  # an open shift counts everything so far
    report = period_report(store, terminal_id, shift["opened_at"], until, through=True)
    report.update(shift_id=shift_id, closed=shift["closed_at"] is not None)
    return report


def period_report(
    store: Store, terminal_id: str, start: str, end: str, *, through: bool = False
) -> dict[str, Any]:
    """Figures over [start, end), or [start, end] ``through`` the end (a shift's close)."""
    start, end = _instant(start, "start"), _instant(end, "end")
    window = (terminal_id, start, end)
    before = "<=" if through else "<"
    sales = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(cost), 0) FROM bet"
        f" WHERE terminal_id = ? AND accepted_at >= ? AND accepted_at {before} ?",
        window,
    ).fetchone()
    cancels = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(cost), 0) FROM bet"
        f" WHERE terminal_id = ? AND cancelled_at >= ? AND cancelled_at {before} ?",
        window,
    ).fetchone()
    payouts = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM payout"
        f" WHERE terminal_id = ? AND paid_at >= ? AND paid_at {before} ?",
        window,
    ).fetchone()
    by_method = {
        row[0]: {"count": row[1], "amount": row[2]}
        for row in store.execute(
            "SELECT method, COUNT(*), SUM(amount_cents) FROM payout"
            f" WHERE terminal_id = ? AND paid_at >= ? AND paid_at {before} ? GROUP BY method",
            window,
        )
    }
    issued = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0) FROM voucher"
        f" WHERE terminal_id = ? AND issued_at >= ? AND issued_at {before} ?",
        window,
    ).fetchone()
    redeemed = store.execute(
        "SELECT COUNT(*), COALESCE(SUM(v.amount_cents), 0) FROM voucher_redemption r"
        " JOIN voucher v ON v.number = r.voucher_number"
        f" WHERE r.terminal_id = ? AND r.redeemed_at >= ? AND r.redeemed_at {before} ?",
        window,
    ).fetchone()
    at_till = sum(m["amount"] for name, m in by_method.items() if name in TILL_METHODS)
    return {
        "terminal_id": terminal_id,
        "from": start,
        "to": end,
        "sales": {"count": sales[0], "amount": sales[1]},
        "cancellations": {"count": cancels[0], "amount": cancels[1]},
        "payouts": {"count": payouts[0], "amount": payouts[1], "by_method": by_method},
        # credit leaving a kiosk as paper, and paper paid here (cash or credit): money held
        # for bettors, not betting's result, so outside ``net``; inside ``balance``
        "vouchers": {
            "issued": {"count": issued[0], "amount": issued[1]},
            "redeemed": {"count": redeemed[0], "amount": redeemed[1]},
        },
        "net": sales[1] - cancels[1] - payouts[1],
        "balance": balance_of(sales[1], cancels[1], at_till, redeemed[1], issued[1]),
    }


def terminals_report(store: Store, start: str, end: str) -> dict[str, Any]:
    """Every terminal's figures over a period, for the operator."""
    rows = store.execute("SELECT id, name, last_seen FROM terminal ORDER BY id").fetchall()
    return {
        "from": start,
        "to": end,
        "terminals": [
            {
                **period_report(store, row["id"], start, end),
                "name": row["name"],
                "last_seen": row["last_seen"],
            }
            for row in rows
        ],
    }


def _shift(store: Store, terminal_id: str, shift_id: str) -> Row:
    shift = store.execute("SELECT * FROM shift WHERE id = ?", (shift_id,)).fetchone()
    if shift is None or shift["terminal_id"] != terminal_id:
        raise NotFound(f"this terminal has no shift {shift_id}")
    return shift  # type: ignore[no-any-return]


def _instant(text: str, what: str) -> str:
    """An ISO time as stored (UTC, ``+00:00``), so that times compare as strings."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRequest(f"{what} must be an ISO 8601 time, not {text!r}") from None
    if moment.tzinfo is None:
        raise InvalidRequest(f"{what} must carry its UTC offset")
    return moment.astimezone(UTC).isoformat()


def _uuid(value: str) -> None:
    try:
        UUID(value)
    except ValueError:
        raise InvalidRequest(f"shift_id {value!r} is not a UUID") from None
