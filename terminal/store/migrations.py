"""The store's schema, changed only by these ordered, named migrations (sqlite-utils style).

Each migration runs once, in its own transaction with its record in ``migration``; a store
written by a newer version (a migration we do not know) is refused rather than guessed at.
Money columns are integer cents.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils


class SchemaTooNew(Exception):
    pass


def _settings_and_programme(db: sqlite_utils.Database) -> None:
    db.table("setting").create({"key": str, "value": str}, pk="key")
    db.table("race").create(
        {
            "race_id": str,
            "day": str,
            "meeting": str,
            "racecourse": str,
            "name": str,
            "post_time": str,
            "status": str,
            "bet_types": str,
            "rules": str,
            "runners": str,
            "updated_at": str,
        },
        pk="race_id",
        not_null={"day", "post_time", "status", "bet_types", "runners"},
    )
    db.table("race").create_index(["day"])
    db.table("odds").create(
        {"race_id": str, "version": int, "body": str, "received_at": str}, pk="race_id"
    )


def _outbox_and_bets(db: sqlite_utils.Database) -> None:
    db.table("shift").create(
        {"id": str, "opened_at": str, "float_cents": int, "closed_at": str},
        pk="id",
        not_null={"opened_at", "float_cents"},
    )
    # What must reach the server, in order: bets (drained in batches), cancellations, payouts
    # and shift openings and closings. A row stays PENDING until the server's definite answer.
    db.table("outbox").create(
        {
            "seq": int,
            "id": str,
            "kind": str,
            "body": str,
            "state": str,
            "attempts": int,
            "last_error": str,
            "created_at": str,
            "done_at": str,
        },
        pk="seq",
        not_null={"id", "kind", "body", "state", "attempts", "created_at"},
        defaults={"state": "PENDING", "attempts": 0},
    )
    db.table("outbox").create_index(["id", "kind"], unique=True)
    db.table("outbox").create_index(["state", "kind", "seq"])
    # A bet as this terminal knows it: PENDING until the server accepts or refuses it.
    db.table("bet").create(
        {
            "transaction_id": str,
            "shift_id": str,
            "race_id": str,
            "post_time": str,
            "bet_type": str,
            "selection": str,
            "cost": int,
            "payment": str,
            "status": str,
            "ticket_number": str,
            "barcode": str,
            "receipt": str,
            "problem": str,
            "print_state": str,
            "prints": int,
            "created_at": str,
            "settled_at": str,
        },
        pk="transaction_id",
        not_null={
            "race_id",
            "bet_type",
            "selection",
            "cost",
            "payment",
            "status",
            "print_state",
            "prints",
            "created_at",
        },
        defaults={"print_state": "NONE", "prints": 0},
        foreign_keys=[("shift_id", "shift", "id")],
    )
    db.table("bet").create_index(["status"])
    db.table("bet").create_index(["ticket_number"])
    db.table("payout").create(
        {
            "transaction_id": str,
            "shift_id": str,
            "barcode": str,
            "method": str,
            "state": str,
            "ticket_number": str,
            "amount": int,
            "problem": str,
            "created_at": str,
            "paid_at": str,
        },
        pk="transaction_id",
        not_null={"barcode", "method", "state", "created_at"},
        foreign_keys=[("shift_id", "shift", "id")],
    )


def _money(db: sqlite_utils.Database) -> None:
    # Every movement of money, once: (kind, ref) is unique, so recording an outcome twice —
    # a retried answer, a worker and a use case racing — cannot move money twice.
    # account: 'drawer' (cash at a counter, notes in a kiosk's cashbox) or 'credit' (a kiosk
    # bettor's balance). Signed cents: what the account gains.
    db.table("ledger").create(
        {
            "id": int,
            "shift_id": str,
            "account": str,
            "kind": str,
            "ref": str,
            "amount": int,
            "at": str,
        },
        pk="id",
        not_null={"account", "kind", "ref", "amount", "at"},
    )
    db.table("ledger").create_index(["kind", "ref", "account"], unique=True)
    db.table("ledger").create_index(["shift_id"])
    # Kiosk credit and refunds as paper: a voucher's barcode is MAC'd under this terminal's
    # secret, and it is redeemed exactly once, within 60 days.
    db.table("voucher").create(
        {
            "number": str,
            "barcode": str,
            "amount": int,
            "reason": str,
            "issued_at": str,
            "expires_at": str,
            "redeemed_at": str,
            "shift_id": str,
            "printed": int,
        },
        pk="number",
        not_null={"barcode", "amount", "reason", "issued_at", "expires_at"},
        defaults={"printed": 0},
    )


def _journal(db: sqlite_utils.Database) -> None:
    # Every event that moves money or a bet, chained by SHA-256: an edited or deleted row
    # breaks the chain from there on (``terminal.store.journal.verify``).
    db.table("journal").create(
        {"seq": int, "at": str, "kind": str, "body": str, "prev": str, "hash": str},
        pk="seq",
        not_null={"at", "kind", "body", "prev", "hash"},
    )


def _shift_counted_cash(db: sqlite_utils.Database) -> None:
    # What the clerk counted in the drawer at the Z: the report prints it beside what the
    # ledger expects, and the difference (NULL for shifts closed before it was asked)
    db.table("shift").add_column("counted_cents", int)


def _server_vouchers(db: sqlite_utils.Database) -> None:
    # Vouchers are now the server's (``backend.vouchers``): asked for before printing, redeemed
    # by asking; both wait in the outbox like a payout, and are recorded from the answer once.
    db.table("voucher_issue").create(
        {
            "transaction_id": str,
            "shift_id": str,
            "amount": int,
            "reason": str,
            "state": str,
            "number": str,
            "barcode": str,
            "issued_at": str,
            "expires_at": str,
            "prints": int,
            "problem": str,
            "created_at": str,
        },
        pk="transaction_id",
        not_null={"amount", "reason", "state", "prints", "created_at"},
        defaults={"prints": 0},
        foreign_keys=[("shift_id", "shift", "id")],
    )
    db.table("voucher_issue").create_index(["state", "prints"])
    db.table("voucher_redemption").create(
        {
            "transaction_id": str,
            "shift_id": str,
            "barcode": str,
            "method": str,
            "state": str,
            "number": str,
            "amount": int,
            "redeemed_at": str,
            "problem": str,
            "created_at": str,
        },
        pk="transaction_id",
        not_null={"barcode", "method", "state", "created_at"},
        foreign_keys=[("shift_id", "shift", "id")],
    )
    # This terminal's own vouchers from before (format 92): each one not yet redeemed goes to
    # the server's register, first in the outbox, so any terminal can pay it from then on.
    now = datetime.now(UTC).isoformat()
    for row in db.conn.execute(
        "SELECT barcode, amount, issued_at, expires_at FROM voucher WHERE redeemed_at IS NULL"
        " ORDER BY issued_at"
    ).fetchall():
        body = {"barcode": row[0], "amount": row[1], "issued_at": row[2], "expires_at": row[3]}
        db.conn.execute(
            "INSERT INTO outbox (id, kind, body, created_at) VALUES (?, 'voucher_legacy', ?, ?)",
            (str(uuid.uuid4()), json.dumps(body, separators=(",", ":")), now),
        )


def _race_results(db: sqlite_utils.Database) -> None:
    # A race's finish and dividends as the live stream brings them (JSON), for the counter's
    # results of the day, shown from here even offline
    db.table("race").add_column("result", str)


def _bet_language(db: sqlite_utils.Database) -> None:
    # The language the bettor chose at a kiosk: a ticket printed once the server answers —
    # after the bettor walked away, or after a restart — is printed in the words they read
    db.table("bet").add_column("language", str)


def _shift_clerk(db: sqlite_utils.Database) -> None:
    # Who holds the shift: the name on a clerk's card swiped to open it, or typed; printed on
    # its tickets, receipts and reports (NULL for shifts opened before: the configured name)
    db.table("shift").add_column("clerk", str)


MIGRATIONS: tuple[tuple[str, Callable[[sqlite_utils.Database], None]], ...] = (
    ("0001_settings_and_programme", _settings_and_programme),
    ("0002_outbox_and_bets", _outbox_and_bets),
    ("0003_money", _money),
    ("0004_journal", _journal),
    ("0005_shift_counted_cash", _shift_counted_cash),
    ("0006_server_vouchers", _server_vouchers),
    ("0007_race_results", _race_results),
    ("0008_bet_language", _bet_language),
    ("0009_shift_clerk", _shift_clerk),
)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this store lacks, in order; return their names."""
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in conn.execute("SELECT name FROM migration")}
    unknown = done - {name for name, _ in MIGRATIONS}
    if unknown:
        raise SchemaTooNew(
            f"this store was written by a newer Guichet (migrations {sorted(unknown)}): "
            "upgrade the terminal software"
        )
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            conn.execute(
                "INSERT INTO migration (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat()),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(name)
    return applied
