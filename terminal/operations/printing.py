"""Printing a bet's ticket: only for a bet the server accepted, and never lost in between.

The bet is marked PRINTING (durably) before the printer gets a byte and PRINTED after the
printer confirms. A failure, or a crash, in between leaves it FAILED: the bet is accepted and
paid for, so the clerk either reprints it or cancels it (refunding the money) — it is never a
paid bet without a ticket, nor silently printed twice.
"""

from __future__ import annotations

import json
from datetime import datetime

from drivers.errors import DeviceError
from drivers.printer.layout import TicketPrint
from terminal.errors import NotFound, PrintProblem
from terminal.operations.desk import Desk
from terminal.store import bets, journal, programme

NONE, PRINTING, PRINTED, FAILED = "NONE", "PRINTING", "PRINTED", "FAILED"


def print_ticket(desk: Desk, transaction_id: str, *, duplicate: bool = False) -> None:
    with desk.store.write() as conn:
        bet = bets.get(conn, transaction_id)
        if bet is None:
            raise NotFound(f"there is no bet {transaction_id} on this terminal")
        if bet["status"] != bets.ACCEPTED:
            raise PrintProblem(
                f"this bet is {bet['status']}: a ticket is printed only for a bet the server "
                "accepted", code="not_accepted",
            )  # fmt: skip
        if bet["print_state"] == PRINTED and not duplicate:
            raise PrintProblem("this ticket was printed already: print a duplicate",
                               code="already_printed")  # fmt: skip
        conn.execute(
            "UPDATE bet SET print_state = ? WHERE transaction_id = ?", (PRINTING, transaction_id)
        )
    desk.steps.reached("print.started")
    ticket = _layout(desk, bet["receipt"], bet["selection"], duplicate)
    try:
        desk.printer.print_ticket(ticket)
    except DeviceError as err:
        _finish(desk, transaction_id, FAILED, f"printer: {err}")
        raise PrintProblem(
            f"the ticket did not print ({err}). The bet is accepted and paid: reprint it once "
            "the printer is ready, or cancel it to refund the bettor.", code="print_failed",
        ) from None  # fmt: skip
    desk.steps.reached("print.sent")
    _finish(desk, transaction_id, PRINTED, "duplicate" if duplicate else "printed")


def recover(desk: Desk) -> int:
    """After a restart: a ticket caught mid-print may or may not be on paper; the clerk
    decides (reprint or cancel), so it is FAILED, not PRINTED and not retried blindly."""
    with desk.store.write() as conn:
        cursor = conn.execute(
            "UPDATE bet SET print_state = ? WHERE print_state = ?", (FAILED, PRINTING)
        )
        if cursor.rowcount:
            journal.append(conn, desk.now(), "print.interrupted", {"tickets": cursor.rowcount})
        return cursor.rowcount


def awaiting_print(desk: Desk) -> list[str]:
    """Accepted bets without a ticket: accepted while the bettor waited offline, or failed."""
    rows = desk.store.all(
        "SELECT transaction_id FROM bet WHERE status = ? AND print_state IN (?, ?)"
        " ORDER BY created_at",
        (bets.ACCEPTED, NONE, FAILED),
    )
    return [str(r[0]) for r in rows]


def _finish(desk: Desk, transaction_id: str, state: str, what: str) -> None:
    with desk.store.write() as conn:
        conn.execute(
            "UPDATE bet SET print_state = ?, prints = prints + ? WHERE transaction_id = ?",
            (state, 1 if state == PRINTED else 0, transaction_id),
        )
        journal.append(conn, desk.now(), "ticket.print", {"bet": transaction_id, "what": what})


def _layout(desk: Desk, receipt_text: str, selection: str, duplicate: bool) -> TicketPrint:
    receipt = json.loads(receipt_text)
    asked = json.loads(selection)
    try:
        race = programme.race(desk.store, receipt["race_id"])
        meeting = f"{race.racecourse} {receipt['race_id'].split('/')[-1]}"
        race_name, post_time = race.name, race.post_time.strftime("%H:%M")
    except NotFound:
        meeting, race_name, post_time = receipt["race_id"], "", ""
    return TicketPrint(
        ticket_number=receipt["ticket_number"],
        barcode=receipt["barcode"],
        terminal=desk.terminal_name,
        operator=desk.operator,
        meeting=meeting,
        race=race_name,
        post_time=post_time,
        bet_type=receipt["bet_type"],
        selection=receipt["description"],
        formula=asked.get("formula", "unitaire"),
        combinations=int(receipt["combinations"]),
        unit_stake=int(receipt["unit_stake"]),
        cost=int(receipt["cost"]),
        sold_at=datetime.fromisoformat(receipt["accepted_at"]),
        duplicate=duplicate,
    )
