from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backend import journal
from backend.db import MIGRATIONS, connect, migrate
from backend.tickets import is_valid_ticket_number
from pari.check_digit import luhn_digit


def test_migrations_are_applied_once_in_order_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "server.db"
    conn = connect(path)
    names = [row[0] for row in conn.execute("SELECT name FROM _migration ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    conn.close()
    again = connect(path)
    assert migrate(again) == []


def test_every_connection_is_durable(fresh_db: sqlite3.Connection) -> None:
    assert fresh_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_database_from_a_newer_version_is_refused(fresh_db: sqlite3.Connection) -> None:
    fresh_db.execute("INSERT INTO _migration VALUES ('9999_future', '')")
    with pytest.raises(RuntimeError, match="newer Guichet"):
        migrate(fresh_db)


def _three_records(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")
    for n in range(3):
        journal.append(conn, f"2026-11-21T12:00:0{n}Z", "test", {"n": n})
    conn.execute("COMMIT")


def test_the_journal_chain_holds(fresh_db: sqlite3.Connection) -> None:
    _three_records(fresh_db)
    verdict = journal.verify(fresh_db)
    assert (verdict.intact, verdict.records) == (True, 3)


def test_an_altered_record_is_detected(fresh_db: sqlite3.Connection) -> None:
    _three_records(fresh_db)
    fresh_db.execute("""UPDATE journal SET payload = '{"n":7}' WHERE seq = 2""")
    verdict = journal.verify(fresh_db)
    assert (verdict.broken_at, verdict.reason) == (2, "record 2 was altered")


def test_a_removed_record_is_detected(fresh_db: sqlite3.Connection) -> None:
    _three_records(fresh_db)
    fresh_db.execute("DELETE FROM journal WHERE seq = 2")
    assert journal.verify(fresh_db).reason == "record 2 is missing"


def test_a_rewritten_tail_is_detected(fresh_db: sqlite3.Connection) -> None:
    _three_records(fresh_db)
    fresh_db.execute("UPDATE journal SET prev_hash = ? WHERE seq = 3", ("f" * 64,))
    assert journal.verify(fresh_db).reason == "record 3 does not follow record 2"


def test_ticket_check_digit_catches_every_single_digit_error() -> None:
    payload = "2611210000042"
    number = payload + luhn_digit(payload)
    assert is_valid_ticket_number(number)
    for index in range(len(number)):
        for digit in "0123456789":
            if digit != number[index]:
                typo = number[:index] + digit + number[index + 1 :]
                assert not is_valid_ticket_number(typo), typo


def test_cutting_off_the_newest_records_is_caught_by_an_anchor(
    fresh_db: sqlite3.Connection,
) -> None:
    _three_records(fresh_db)
    anchor = journal.head(fresh_db)
    assert anchor[0] == 3
    assert journal.verify(fresh_db, anchor).intact
    fresh_db.execute("DELETE FROM journal WHERE seq = 3")
    assert journal.verify(fresh_db).intact  # the chain alone cannot tell
    verdict = journal.verify(fresh_db, anchor)
    assert (verdict.broken_at, verdict.reason) == (
        3,
        "record 3 of the anchor is gone: the journal was cut",
    )
