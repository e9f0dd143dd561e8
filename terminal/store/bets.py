"""Bets as this terminal knows them, and the server's answers recorded exactly once.

PENDING (paid for, queued) → ACCEPTED (the server's receipt: only now may a ticket print) →
CANCELLED; or PENDING → REFUSED (the server said no) or VOID (the server refused it because
its race had closed). A REFUSED or VOID bet's money goes back the way it came: the counter
owes the bettor cash, the kiosk credits the balance.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from terminal.errors import Refused
from terminal.store import Store, journal, ledger

PENDING, ACCEPTED, REFUSED, VOID, CANCELLED = "PENDING", "ACCEPTED", "REFUSED", "VOID", "CANCELLED"
# where an accepted bet's ticket is (terminal.operations.printing says why each exists)
NONE, PRINTING, PRINTED, FAILED = "NONE", "PRINTING", "PRINTED", "FAILED"
# the server's refusal of a bet whose race is no longer open: too late, the bet never existed
CLOSED_CODES = frozenset({"betting_closed"})


def account_of(payment: str) -> str:
    return ledger.CREDIT if payment == "credit" else ledger.DRAWER


def record_answer(conn: sqlite3.Connection, result: dict[str, Any], at: str) -> str | None:
    """Apply one batch result in the caller's transaction; the bet's new status, or None if it
    was settled already (an answer seen twice changes nothing)."""
    tid = result["transaction_id"]
    bet = conn.execute("SELECT * FROM bet WHERE transaction_id = ?", (tid,)).fetchone()
    if bet is None or bet["status"] != PENDING:
        return None
    if result["accepted"]:
        receipt = result["receipt"]
        conn.execute(
            "UPDATE bet SET status = ?, ticket_number = ?, barcode = ?, receipt = ?,"
            " settled_at = ? WHERE transaction_id = ?",
            (ACCEPTED, receipt["ticket_number"], receipt["barcode"], json.dumps(receipt), at, tid),
        )
        body = {"bet": tid, "ticket": receipt["ticket_number"], "cost": receipt["cost"]}
        if receipt["cost"] != bet["cost"]:
            body["charged"] = bet["cost"]  # priced here with stale rules: recorded, visible
        journal.append(conn, at, "bet.accepted", body)
        return ACCEPTED
    problem = result["problem"]
    status = VOID if problem["code"] in CLOSED_CODES else REFUSED
    conn.execute(
        "UPDATE bet SET status = ?, problem = ?, settled_at = ? WHERE transaction_id = ?",
        (status, Refused.from_problem(problem).record(), at, tid),
    )
    refund(conn, bet, "refund", at)
    journal.append(
        conn,
        at,
        f"bet.{status.lower()}",
        {"bet": tid, "code": problem["code"], "cost": bet["cost"]},
    )
    return status


def record_cancelled(conn: sqlite3.Connection, tid: str, at: str) -> bool:
    bet = conn.execute("SELECT * FROM bet WHERE transaction_id = ?", (tid,)).fetchone()
    if bet is None or bet["status"] != ACCEPTED:
        return False
    conn.execute(
        "UPDATE bet SET status = ?, settled_at = ? WHERE transaction_id = ?", (CANCELLED, at, tid)
    )
    refund(conn, bet, "cancel", at)
    journal.append(
        conn, at, "bet.cancelled", {"bet": tid, "ticket": bet["ticket_number"], "cost": bet["cost"]}
    )
    return True


def refund(conn: sqlite3.Connection, bet: sqlite3.Row, kind: str, at: str) -> None:
    """Give a bet's money back: cash out of the drawer at a counter, credit at a kiosk."""
    account = account_of(bet["payment"])
    amount = -bet["cost"] if account == ledger.DRAWER else bet["cost"]
    ledger.record(conn, bet["shift_id"], account, kind, bet["transaction_id"], amount, at)


def get(conn: sqlite3.Connection, tid: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM bet WHERE transaction_id = ?", (tid,)
    ).fetchone()
    return row


def latest(store: Store, count: int = 5) -> list[sqlite3.Row]:
    """This terminal's last bets, the newest first: the counter's list and its cancel-last,
    with their ticket's state (``print_state``) and whether a payout paid them (``paid``)."""
    return store.all(
        "SELECT transaction_id, ticket_number, race_id, bet_type, cost, status, print_state,"
        " EXISTS (SELECT 1 FROM payout WHERE payout.ticket_number = bet.ticket_number"
        " AND payout.state = 'PAID') AS paid FROM bet"
        " ORDER BY created_at DESC, rowid DESC LIMIT ?",
        (count,),
    )


def last_accepted(store: Store) -> str | None:
    """The transaction id of the last bet the server accepted here (the counter reprints it
    when no ticket is scanned), or None before any."""
    row = store.one(
        "SELECT transaction_id FROM bet WHERE status = 'ACCEPTED' ORDER BY created_at DESC"
    )
    return None if row is None else str(row[0])


def add(
    conn: sqlite3.Connection,
    tid: str,
    *,
    shift_id: str,
    race_id: str,
    post_time: str,
    bet_type: str,
    selection: dict[str, Any],
    cost: int,
    payment: str,
    at: str,
    language: str,
) -> None:
    """Write a sold bet, PENDING, in the caller's transaction (with its payment and outbox row)."""
    conn.execute(
        "INSERT INTO bet (transaction_id, shift_id, race_id, post_time, bet_type,"
        " selection, cost, payment, status, created_at, language)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tid,
            shift_id,
            race_id,
            post_time,
            bet_type,
            json.dumps(selection),
            cost,
            payment,
            PENDING,
            at,
            language,
        ),
    )


def read(store: Store, tid: str) -> sqlite3.Row | None:
    """A bet by its transaction id, every column by name; None if this terminal has none."""
    return store.one("SELECT * FROM bet WHERE transaction_id = ?", (tid,))


def find(store: Store, key: str) -> str | None:
    """The transaction id of the bet a clerk names by transaction id, ticket number or
    barcode; None if this terminal did not sell it."""
    row = store.one(
        "SELECT transaction_id FROM bet WHERE transaction_id = ? OR ticket_number = ?"
        " OR barcode = ?",
        (key,) * 3,
    )
    return None if row is None else str(row[0])


def last_with_print_state(store: Store, print_state: str) -> sqlite3.Row | None:
    """The newest bet whose ticket is in ``print_state`` (``ticket_number``, ``race_id``,
    ``selection``, ``cost``): a kiosk's "Take your ticket" screen reads the last it printed."""
    return store.one(
        "SELECT ticket_number, race_id, selection, cost FROM bet WHERE print_state = ?"
        " ORDER BY created_at DESC, rowid DESC LIMIT 1",
        (print_state,),
    )


def pending_in(store: Store, shift_id: str) -> int:
    """How many of a shift's bets still wait for the server's answer (its X or Z says so)."""
    row = store.one(
        "SELECT COUNT(*) FROM bet WHERE shift_id = ? AND status = ?", (shift_id, PENDING)
    )
    return 0 if row is None else int(row[0])


def claim_print(conn: sqlite3.Connection, tid: str) -> None:
    """Mark a bet's ticket PRINTING, in the caller's transaction, before the printer gets a byte
    (the caller has checked that it may print)."""
    conn.execute("UPDATE bet SET print_state = ? WHERE transaction_id = ?", (PRINTING, tid))


def claim_owed_print(conn: sqlite3.Connection, tid: str) -> bool:
    """Mark PRINTING an accepted bet's ticket never sent to the printer; False if it is not
    owed (printed, printing, failed or not accepted): one claimant prints it."""
    cursor = conn.execute(
        "UPDATE bet SET print_state = ? WHERE transaction_id = ? AND status = ?"
        " AND print_state = ?",
        (PRINTING, tid, ACCEPTED, NONE),
    )
    return cursor.rowcount == 1


def print_ended(conn: sqlite3.Connection, tid: str, state: str) -> None:
    """A print's end, PRINTED (one more print counted) or FAILED, in the caller's transaction."""
    conn.execute(
        "UPDATE bet SET print_state = ?, prints = prints + ? WHERE transaction_id = ?",
        (state, 1 if state == PRINTED else 0, tid),
    )


def interrupted_prints(conn: sqlite3.Connection) -> int:
    """Every ticket caught PRINTING (by a crash) becomes FAILED; how many there were."""
    cursor = conn.execute(
        "UPDATE bet SET print_state = ? WHERE print_state = ?", (FAILED, PRINTING)
    )
    return cursor.rowcount


def owed_prints(store: Store) -> list[str]:
    """The transaction ids of accepted bets never sent to the printer, the oldest first."""
    rows = store.all(
        "SELECT transaction_id FROM bet WHERE status = ? AND print_state = ?"
        " ORDER BY created_at, rowid",
        (ACCEPTED, NONE),
    )
    return [str(r[0]) for r in rows]


def without_ticket(store: Store) -> list[str]:
    """The transaction ids of accepted bets with no ticket on paper (never printed, or the
    print failed), the oldest first."""
    rows = store.all(
        "SELECT transaction_id FROM bet WHERE status = ? AND print_state IN (?, ?)"
        " ORDER BY created_at",
        (ACCEPTED, NONE, FAILED),
    )
    return [str(r[0]) for r in rows]
