"""Ticket numbers: what a clerk reads out, with a check digit that catches a mistyped digit.

``YYMMDD`` of the server's day, a 7-digit sequence within the day, and a Luhn check digit
(ISO/IEC 7812-1: catches every single-digit error and most transpositions).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime


def luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # doubled: the rightmost payload digit sits next to the check digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_valid_ticket_number(number: str) -> bool:
    return len(number) == 14 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]


def ticket_number(conn: sqlite3.Connection, now: datetime) -> str:
    """The next number of the day; the caller holds the write transaction."""
    day = now.strftime("%y%m%d")
    row = conn.execute(
        "INSERT INTO ticket_counter (day, last) VALUES (?, 1) "
        "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last",
        (day,),
    ).fetchone()
    payload = f"{day}{row[0]:07d}"
    return payload + luhn_digit(payload)
