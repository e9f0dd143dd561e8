"""Ticket numbers and barcode payloads.

A ticket number is what a clerk reads out: ``YYMMDD`` of the server's day, a 7-digit
sequence within the day, and a Luhn check digit (ISO/IEC 7812-1: catches every single-digit
error and most transpositions).

A barcode payload is what the printer encodes (Code128 and QR): ``91`` (Guichet, format 1),
the ticket number, and a MAC of both under the server's ticket key, 36 digits in all. A forged
or altered ticket fails the MAC before the database is even asked; the key never leaves the
server. Digits only, because Code128 packs two digits per symbol (code set C): 36 digits make
a 253-module symbol that fits an 80 mm ticket at 2 dots a module, where the same MAC in hex
(set B) would not fit at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from backend.errors import InvalidRequest
from backend.store import Store
from pari.check_digit import luhn_digit, luhn_valid

PAYLOAD_PREFIX = "91"
_MAC_CHARS = 20  # 64 bits of MAC as a zero-padded decimal number


def is_valid_ticket_number(number: str) -> bool:
    return len(number) == 14 and luhn_valid(number)


def reserve_ticket_numbers(conn: Store, now: datetime, count: int) -> list[str]:
    """The next ``count`` numbers of the day; the caller holds the write transaction."""
    return reserve_numbers(conn, "ticket_counter", now, count)


def reserve_numbers(conn: Store, counter: str, now: datetime, count: int) -> list[str]:
    """The next ``count`` numbers of the day from ``counter`` (tickets', vouchers')."""
    day = now.strftime("%y%m%d")
    last = _reserve(conn, counter, day, count)
    return [_number(day, sequence) for sequence in range(last - count + 1, last + 1)]


def _reserve(conn: Store, counter: str, day: str, count: int) -> int:
    """Move the day's counter on by ``count``; the last number reserved."""
    row = conn.execute(
        f"INSERT INTO {counter} (day, last) VALUES (?, ?) "  # a table name of ours, never input
        f"ON CONFLICT(day) DO UPDATE SET last = {counter}.last + excluded.last RETURNING last",
        (day, count),
    ).fetchone()
    return int(row[0])


def _number(day: str, sequence: int) -> str:
    payload = f"{day}{sequence:07d}"
    return payload + luhn_digit(payload)


@dataclass(slots=True)
class NumberBlock:
    """Ticket numbers one worker reserved ahead, a block at a time (PostgreSQL).

    The day's counter is one row: a bet transaction that moved it would hold it until its
    commit, and every worker's commits would queue behind it. A block is reserved in a
    transaction of its own, before the bets' (``reserve_ahead``), and numbers are taken from
    it in memory. Numbers stay unique; a block a worker did not finish (it stopped, or a batch
    rolled back after taking numbers) leaves a gap in the day's sequence, never a duplicate.
    """

    size: int = 1000
    day: str = ""
    next: int = 1
    last: int = 0

    def reserve_ahead(self, conn: Store, now: datetime, count: int) -> None:
        """Make sure ``count`` numbers of ``now``'s day are at hand; outside a transaction."""
        day = now.strftime("%y%m%d")
        if day == self.day and self.last - self.next + 1 >= count:
            return
        wanted = max(count, self.size)
        last = _reserve(conn, "ticket_counter", day, wanted)
        self.day, self.next, self.last = day, last - wanted + 1, last

    def take(self, now: datetime, count: int) -> list[str]:
        if now.strftime("%y%m%d") != self.day or self.last - self.next + 1 < count:
            raise RuntimeError("ticket numbers taken before they were reserved")  # a bug
        first, self.next = self.next, self.next + count
        return [_number(self.day, sequence) for sequence in range(first, first + count)]


def ticket_key(conn: Store) -> bytes:
    """The server's ticket MAC key, made on first use and kept in the database."""
    row = conn.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()
    if row is not None:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('ticket_key', ?) ON CONFLICT DO NOTHING", (key,)
    )
    return bytes(conn.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()[0])


def _mac(key: bytes, number: str, prefix: str = PAYLOAD_PREFIX) -> str:
    """64 bits of HMAC-SHA256 in decimal (QR numeric mode, Code128 set C). The prefix is part
    of what is signed, so a ticket's MAC can never pass for a voucher's, nor the reverse."""
    digest = hmac.new(key, f"{prefix}{number}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big'):0{_MAC_CHARS}d}"


def barcode_payload(key: bytes, number: str, prefix: str = PAYLOAD_PREFIX) -> str:
    return f"{prefix}{number}{_mac(key, number, prefix)}"


def number_from_payload(key: bytes, payload: str) -> str:
    """The ticket number a genuine payload carries; ``InvalidRequest`` for anything else."""
    return signed_number(key, payload, PAYLOAD_PREFIX, "ticket")


def signed_number(key: bytes, payload: str, prefix: str, what: str) -> str:
    """The number a genuine ``prefix`` payload carries (``what``: ticket or voucher).

    ASCII digits only: ``str.isdigit`` also accepts "²" and "٣", which no printer encodes.
    """
    size = len(prefix) + 14 + _MAC_CHARS
    if (
        len(payload) != size
        or not payload.startswith(prefix)
        or not (payload.isascii() and payload.isdigit())
    ):
        raise InvalidRequest(f"this is not a Guichet {what} barcode", code=f"forged_{what}")
    number = payload[len(prefix) : len(prefix) + 14]
    if not is_valid_ticket_number(number) or not hmac.compare_digest(
        _mac(key, number, prefix), payload[-_MAC_CHARS:]
    ):
        raise InvalidRequest(f"the {what}'s barcode is forged or damaged", code=f"forged_{what}")
    return number
