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
import sqlite3
from datetime import datetime

from backend.errors import InvalidRequest
from pari.check_digit import luhn_digit, luhn_valid

PAYLOAD_PREFIX = "91"
_MAC_CHARS = 20  # 64 bits of MAC as a zero-padded decimal number


def is_valid_ticket_number(number: str) -> bool:
    return len(number) == 14 and luhn_valid(number)


def reserve_ticket_numbers(conn: sqlite3.Connection, now: datetime, count: int) -> list[str]:
    """The next ``count`` numbers of the day; the caller holds the write transaction."""
    day = now.strftime("%y%m%d")
    row = conn.execute(
        "INSERT INTO ticket_counter (day, last) VALUES (?, ?) "
        "ON CONFLICT(day) DO UPDATE SET last = last + excluded.last RETURNING last",
        (day, count),
    ).fetchone()
    numbers = []
    for sequence in range(row[0] - count + 1, row[0] + 1):
        payload = f"{day}{sequence:07d}"
        numbers.append(payload + luhn_digit(payload))
    return numbers


def ticket_key(conn: sqlite3.Connection) -> bytes:
    """The server's ticket MAC key, made on first use and kept in the database."""
    row = conn.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()
    if row is not None:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('ticket_key', ?)", (key,))
    return bytes(conn.execute("SELECT value FROM setting WHERE key = 'ticket_key'").fetchone()[0])


def _mac(key: bytes, number: str) -> str:
    """64 bits of HMAC-SHA256 in decimal (QR numeric mode, Code128 set C)."""
    digest = hmac.new(key, f"{PAYLOAD_PREFIX}{number}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big'):0{_MAC_CHARS}d}"


def barcode_payload(key: bytes, number: str) -> str:
    return f"{PAYLOAD_PREFIX}{number}{_mac(key, number)}"


def number_from_payload(key: bytes, payload: str) -> str:
    """The ticket number a genuine payload carries; ``InvalidRequest`` for anything else."""
    size = len(PAYLOAD_PREFIX) + 14 + _MAC_CHARS
    if len(payload) != size or not payload.startswith(PAYLOAD_PREFIX):
        raise InvalidRequest("this is not a Guichet ticket barcode", code="forged_ticket")
    number = payload[len(PAYLOAD_PREFIX) : len(PAYLOAD_PREFIX) + 14]
    if not is_valid_ticket_number(number) or not hmac.compare_digest(
        _mac(key, number), payload[-_MAC_CHARS:]
    ):
        raise InvalidRequest("the ticket's barcode is forged or damaged", code="forged_ticket")
    return number
