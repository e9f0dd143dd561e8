"""Opening and closing a shift, with its X (so far) and Z (closing) reports.

The figures are the terminal's own ledger — they hold offline and after a crash — with the
server's figures beside them when it can be reached. The opening and closing also go to the
server through the outbox, in order with the bets, so the server's Z counts the same bets.

A shift is its clerk's: the name on the card they swiped to open it, or the name they typed
(else the configuration's ``operator``). It is printed on the shift's tickets, receipts and
reports, and another clerk's card does not open a second shift over it (``open_for``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from terminal.errors import ShiftProblem
from terminal.operations import slips
from terminal.operations.desk import Desk
from terminal.store import bets, journal, ledger, outbox
from terminal.store import shifts as stored_shifts


@dataclass(frozen=True, slots=True)
class ShiftReport:
    shift_id: str
    closing: bool  # Z when True, X otherwise
    opened_at: str
    closed_at: str | None
    figures: dict[str, tuple[int, int]]  # kind → (movements, cents)
    drawer: int  # what the drawer should hold
    pending: int  # bets still waiting for the server
    counted: int | None = None  # what the clerk counted at the Z (None: not counted)
    clerk: str = ""  # who held the shift ("": nobody named, the configuration's operator)


@dataclass(frozen=True, slots=True)
class ClerkShift:
    """What a clerk's card did: opened their shift, or found one open (whose, in ``clerk``)."""

    opened: bool
    clerk: str  # who holds the open shift now ("": a shift opened without a name)


def open_shift(desk: Desk, float_cents: int = 0, clerk: str = "") -> str:
    """``clerk``: who opens it (a card's name, or typed); "" for the configuration's operator."""
    if float_cents < 0:
        raise ShiftProblem(
            "the float is an amount of cash: it cannot be negative", code="bad_float"
        )
    shift_id = str(uuid.uuid4())
    at = desk.now()
    with desk.store.write() as conn:
        if stored_shifts.open_now(desk.store) is not None:
            raise ShiftProblem("a shift is already open: close it first", code="shift_open")
        clerk = clerk.strip() or desk.operator
        stored_shifts.add(conn, shift_id, at, float_cents, clerk)
        ledger.record(conn, shift_id, ledger.DRAWER, "float", shift_id, float_cents, at)
        outbox.add(conn, shift_id, outbox.SHIFT_OPEN, {}, at)
        journal.append(
            conn, at, "shift.opened", {"shift": shift_id, "float": float_cents, "clerk": clerk}
        )
    return shift_id


def open_for(desk: Desk, clerk: str, float_cents: int = 0) -> ClerkShift:
    """A clerk's card: their shift opens (with this float) if none is open; else nothing
    changes and the answer says who holds the open one. One transaction: two swipes cannot
    open two shifts."""
    with desk.store.write():
        held = stored_shifts.open_now(desk.store)
        if held is not None:
            return ClerkShift(opened=False, clerk=held.clerk)
        open_shift(desk, float_cents, clerk)
        return ClerkShift(opened=True, clerk=clerk.strip() or desk.operator)


def keep_open(desk: Desk) -> str:
    """A kiosk has no clerk to open its shift: its shift is the cash box's period, from one
    collection to the next, and it opens on its own (no float) whenever none is open, so a
    note the acceptor stacks always has a shift to be counted in."""
    with desk.store.write():  # one transaction: two starts cannot both open one
        held = stored_shifts.open_now(desk.store)
        return held.id if held is not None else open_shift(desk, 0)


def report(desk: Desk, shift_id: str | None = None) -> ShiftReport:
    shift_id = shift_id or desk.open_shift_id()
    shift = stored_shifts.get(desk.store, shift_id)
    if shift is None:
        raise ShiftProblem(f"there is no shift {shift_id}", code="unknown_shift")
    return ShiftReport(
        shift_id=shift_id,
        closing=shift.closed_at is not None,
        opened_at=shift.opened_at,
        closed_at=shift.closed_at,
        figures=ledger.totals(desk.store, shift_id),
        drawer=ledger.balance(desk.store, ledger.DRAWER, shift_id),
        pending=bets.pending_in(desk.store, shift_id),
        counted=shift.counted_cents,
        clerk=shift.clerk,
    )


def close_shift(desk: Desk, counted: int | None = None) -> ShiftReport:
    """Close the open shift; ``counted``: the cash the clerk counted in the drawer (cents)."""
    if counted is not None and counted < 0:
        raise ShiftProblem("the counted cash cannot be negative", code="bad_count")
    shift_id = desk.open_shift_id()
    at = desk.now()
    with desk.store.write() as conn:
        stored_shifts.close(conn, shift_id, at, counted)
        outbox.add(conn, shift_id, outbox.SHIFT_CLOSE, {}, at)
        journal.append(conn, at, "shift.closed", {"shift": shift_id, "counted": counted})
    return report(desk, shift_id)


def current(desk: Desk) -> ShiftReport | None:
    """The open shift's figures so far, or None when the till is closed."""
    held = stored_shifts.open_now(desk.store)
    return None if held is None else report(desk, held.id)


def print_report(desk: Desk, shift: ShiftReport) -> None:
    """The X or Z, in the name of the shift's clerk."""
    desk.printer.print_slip(
        slips.report(
            desk.words,
            desk.seller_in(shift.shift_id),
            closing=shift.closing,
            printed_at=datetime.fromisoformat(desk.now()),
            opened_at=shift.opened_at,
            closed_at=shift.closed_at,
            figures=shift.figures,
            drawer=shift.drawer,
            pending=shift.pending,
            counted=shift.counted,
        )
    )
