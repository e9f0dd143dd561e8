"""Ticket numbers and barcode payloads.

A ticket number is what a clerk reads out: ``YYMMDD`` of the server's day, a 9-digit
sequence within the day, and a Luhn check digit (ISO/IEC 7812-1: catches every single-digit
error and most transpositions): 16 digits. Nine digits because a national operator sells
4.7 million bets on an ordinary day and far more on the Prix d'Amérique's: the 7 digits of
format 1 (tickets sold before) stopped at 9,999,999, after which a sale got a number its own
barcode could not carry — charged, never payable. A day that ever reached 999,999,999 would
refuse its next sales, before taking their stakes (``NumbersExhausted``), never misnumber them.

A barcode payload is what the printer encodes (Code128 and QR): ``94`` (Guichet tickets,
format 2), the ticket number, and a MAC of both under the server's ticket key, 38 digits in
all; format 1 (``91``, 14-digit numbers, 36 digits) is still read, for the tickets it printed.
A forged or altered ticket fails the MAC before the database is even asked; the key never
leaves the server. Digits only, because Code128 packs two digits per symbol (code set C): 38
digits make a 264-module symbol that fits an 80 mm ticket at 2 dots a module (576 dots),
where the same MAC in hex (set B) would not fit at all.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from backend.errors import InvalidRequest, NumbersExhausted
from backend.store import Store
from pari.check_digit import luhn_valid, numbered

PAYLOAD_PREFIX = "94"  # tickets, format 2: 16-digit numbers
FORMAT_1_PREFIX = "91"  # tickets, format 1: 14-digit numbers (sold before format 2), still read
TICKET_DIGITS = 9  # the sequence within a day
NUMBER_DIGITS = {PAYLOAD_PREFIX: 16, FORMAT_1_PREFIX: 14}
_MAC_CHARS = 20  # 64 bits of MAC as a zero-padded decimal number


def is_valid_ticket_number(number: str) -> bool:
    return len(number) in (14, 16) and luhn_valid(number)


def reserve_ticket_numbers(store: Store, now: datetime, count: int) -> list[str]:
    """The next ``count`` numbers of the day; the caller holds the write transaction."""
    return reserve_numbers(store, "ticket_counter", now, count, TICKET_DIGITS)


def reserve_numbers(
    store: Store, counter: str, now: datetime, count: int, digits: int = 7
) -> list[str]:
    """The next ``count`` numbers of the day from ``counter`` (tickets' with 9-digit
    sequences, vouchers' with 7)."""
    day = now.strftime("%y%m%d")
    last = _reserve(store, counter, day, count)
    return _numbers(day, last - count + 1, count, digits)


def _reserve(store: Store, counter: str, day: str, count: int) -> int:
    """Move the day's counter on by ``count``; the last number reserved."""
    row = store.execute(
        f"INSERT INTO {counter} (day, last) VALUES (?, ?) "  # a table name of ours, never input
        f"ON CONFLICT(day) DO UPDATE SET last = {counter}.last + excluded.last RETURNING last",
        (day, count),
    ).fetchone()
    return int(row[0])


def _numbers(day: str, first: int, count: int, digits: int) -> list[str]:
    """The day's numbers of ``count`` sequences from ``first``, each with its Luhn digit."""
    if first + count > 10**digits:
        raise NumbersExhausted(
            f"the day's {digits}-digit numbers are all used: no sale is taken until tomorrow",
            day=day,
        )
    return numbered(day, first, count, digits)


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

    def reserve_ahead(self, store: Store, now: datetime, count: int) -> None:
        """Make sure ``count`` numbers of ``now``'s day are at hand; outside a transaction."""
        day = now.strftime("%y%m%d")
        if day == self.day and self.last - self.next + 1 >= count:
            return
        wanted = max(count, self.size)
        last = _reserve(store, "ticket_counter", day, wanted)
        self.day, self.next, self.last = day, last - wanted + 1, last

    def take(self, now: datetime, count: int) -> list[str]:
        if now.strftime("%y%m%d") != self.day or self.last - self.next + 1 < count:
            raise RuntimeError("ticket numbers taken before they were reserved")  # a bug
        first, self.next = self.next, self.next + count
        return _numbers(self.day, first, count, TICKET_DIGITS)


def ticket_key(store: Store) -> bytes:
    """The server's ticket MAC key, made on first use and kept in the database."""
    row = store.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()
    if row is not None:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    store.execute(
        "INSERT INTO setting (key, value) VALUES ('ticket_key', ?) ON CONFLICT DO NOTHING", (key,)
    )
    return bytes(store.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()[0])


def _mac(key: bytes, number: str, prefix: str = PAYLOAD_PREFIX) -> str:
    """64 bits of HMAC-SHA256 in decimal (QR numeric mode, Code128 set C). The prefix is part
    of what is signed, so a ticket's MAC can never pass for a voucher's, nor the reverse."""
    digest = hmac.digest(key, f"{prefix}{number}".encode(), "sha256")  # OpenSSL's one-shot
    return f"{int.from_bytes(digest[:8], 'big'):0{_MAC_CHARS}d}"


def barcode_payload(key: bytes, number: str, prefix: str | None = None) -> str:
    """What the printer encodes for ``number``: a ticket's in its format (by its length), or
    a voucher's under ``prefix``."""
    if prefix is None:
        prefix = FORMAT_1_PREFIX if len(number) == 14 else PAYLOAD_PREFIX
    return f"{prefix}{number}{_mac(key, number, prefix)}"


def number_from_payload(key: bytes, payload: str) -> str:
    """The ticket number a genuine payload carries (either format); ``InvalidRequest`` for
    anything else."""
    prefix = FORMAT_1_PREFIX if payload.startswith(FORMAT_1_PREFIX) else PAYLOAD_PREFIX
    return signed_number(key, payload, prefix, "ticket", NUMBER_DIGITS[prefix])


def signed_number(key: bytes, payload: str, prefix: str, what: str, digits: int = 14) -> str:
    """The ``digits``-digit number a genuine ``prefix`` payload carries (``what``: ticket or
    voucher).

    ASCII digits only: ``str.isdigit`` also accepts "²" and "٣", which no printer encodes.
    """
    size = len(prefix) + digits + _MAC_CHARS
    if (
        len(payload) != size
        or not payload.startswith(prefix)
        or not (payload.isascii() and payload.isdigit())
    ):
        raise InvalidRequest(f"this is not a Guichet {what} barcode", code=f"forged_{what}")
    number = payload[len(prefix) : len(prefix) + digits]
    if not luhn_valid(number) or not hmac.compare_digest(
        _mac(key, number, prefix), payload[-_MAC_CHARS:]
    ):
        raise InvalidRequest(f"the {what}'s barcode is forged or damaged", code=f"forged_{what}")
    return number
