"""A kiosk bettor's credit: notes in, bets and winnings, and vouchers out and back in.

A note counts only once the bill acceptor has stacked it (a note in escrow can still come
back). Credit leaves the kiosk as a voucher: numbered, MAC'd under this terminal's secret so a
forged or altered one is refused before the database is asked, valid 60 days, redeemed once.
Vouchers are known to the terminal that issued them (the server keeps no voucher register
yet): a counter redeems only its own.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from terminal.catalogue import Words
from terminal.errors import NotFound, PaymentProblem
from terminal.operations import slips
from terminal.operations.desk import KIOSK, Desk
from terminal.store import journal, ledger

VALIDITY = timedelta(days=60)
PREFIX = "92"  # Guichet voucher, format 1 (tickets are 91)


@dataclass(frozen=True, slots=True)
class Voucher:
    number: str
    barcode: str
    amount: int
    expires_at: str


def deposit(desk: Desk, cents: int, event_id: str) -> int:
    """Credit a stacked note (``event_id`` makes a replayed event harmless); the new balance."""
    shift_id = desk.open_shift_id()
    at = desk.now()
    with desk.store.write() as conn:
        if ledger.record(conn, shift_id, ledger.CREDIT, "note", event_id, cents, at):
            ledger.record(conn, shift_id, ledger.DRAWER, "note", event_id, cents, at)
            journal.append(conn, at, "credit.note", {"event": event_id, "amount": cents})
    return balance(desk)


def balance(desk: Desk) -> int:
    return ledger.balance(desk.store, ledger.CREDIT)


def cash_out(desk: Desk) -> Voucher:
    """The whole credit as a voucher; printing it is the caller's next step."""
    shift_id = desk.open_shift_id()
    number = f"{secrets.randbelow(10**12):012d}"
    barcode = PREFIX + number + _mac(desk, number)
    at = desk.now()
    expires = (datetime.fromisoformat(at) + VALIDITY).isoformat()
    with desk.store.write() as conn:
        amount = conn.execute(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE account = ?", (ledger.CREDIT,)
        ).fetchone()[0]
        if amount <= 0:
            raise PaymentProblem("there is no credit to pay out", code="no_credit")
        conn.execute(
            "INSERT INTO voucher (number, barcode, amount, reason, issued_at, expires_at,"
            " shift_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (number, barcode, amount, "credit", at, expires, shift_id),
        )
        ledger.record(conn, shift_id, ledger.CREDIT, "voucher.issued", number, -amount, at)
        journal.append(conn, at, "voucher.issued", {"voucher": number, "amount": amount})
    return Voucher(number, barcode, amount, expires)


def print_voucher(
    desk: Desk, voucher: Voucher, *, duplicate: bool = False, words: Words | None = None
) -> None:
    desk.printer.print_slip(slips.voucher(
        words or desk.words, desk.seller, number=voucher.number, barcode=voucher.barcode,
        amount=voucher.amount, issued_at=datetime.fromisoformat(desk.now()),
        valid_until=voucher.expires_at, duplicate=duplicate,
    ))  # fmt: skip
    with desk.store.write() as conn:
        conn.execute("UPDATE voucher SET printed = printed + 1 WHERE number = ?", (voucher.number,))


def redeem(desk: Desk, barcode: str) -> int:
    """Take a voucher back: credit at a kiosk, cash from the drawer at a counter."""
    barcode = barcode.strip()
    number = barcode[2:14]
    if not (len(barcode) == 24 and barcode.startswith(PREFIX) and barcode.isdigit()) or (
        not hmac.compare_digest(barcode[14:], _mac(desk, number))
    ):
        raise NotFound("this is not a voucher of this terminal (forged or misread)",
                       code="unreadable_voucher")  # fmt: skip
    shift_id = desk.open_shift_id()
    at = desk.now()
    with desk.store.write() as conn:
        row = conn.execute("SELECT * FROM voucher WHERE number = ?", (number,)).fetchone()
        if row is None:
            raise NotFound(f"voucher {number} was never issued here", code="unknown_voucher",
                           number=number)  # fmt: skip
        if row["redeemed_at"]:
            raise PaymentProblem(f"voucher {number} was already redeemed on {row['redeemed_at']}",
                                 code="voucher_redeemed", number=number,
                                 redeemed_at=row["redeemed_at"])  # fmt: skip
        if at > row["expires_at"]:
            raise PaymentProblem(f"voucher {number} expired on {row['expires_at'][:10]}",
                                 code="voucher_expired", number=number,
                                 expires_at=row["expires_at"])  # fmt: skip
        conn.execute("UPDATE voucher SET redeemed_at = ? WHERE number = ?", (at, number))
        if desk.mode == KIOSK:
            ledger.record(conn, shift_id, ledger.CREDIT, "voucher.redeemed", number,
                          row["amount"], at)  # fmt: skip
        else:
            ledger.record(conn, shift_id, ledger.DRAWER, "voucher.redeemed", number,
                          -row["amount"], at)  # fmt: skip
        journal.append(conn, at, "voucher.redeemed", {"voucher": number, "amount": row["amount"]})
        return int(row["amount"])


def _mac(desk: Desk, number: str) -> str:
    """40 bits of HMAC-SHA256 as 10 digits: the voucher's 24 digits fit Code128 set C."""
    digest = hmac.new(desk.client.credentials.secret, f"voucher:{number}".encode(), hashlib.sha256)
    return f"{int.from_bytes(digest.digest()[:5], 'big'):010d}"[-10:]
