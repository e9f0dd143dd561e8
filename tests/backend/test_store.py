"""The server's store, on both databases (``server_db``): named migrations, durability, the
hash-chained journal and its anchor."""

from __future__ import annotations

import pytest

from backend import journal
from backend.store import Store, StoreRefused, open_store
from backend.store.migrations import MIGRATIONS
from backend.tickets import is_valid_ticket_number
from pari.check_digit import luhn_digit


def test_migrations_are_applied_once_in_order_and_recorded(server_db: str) -> None:
    store = open_store(server_db, create=True)
    names = [row[0] for row in store.execute("SELECT name FROM _migration ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    store.close()
    again = open_store(server_db)
    assert [row[0] for row in again.execute("SELECT name FROM _migration")] == names
    again.close()


def test_every_sqlite_connection_is_durable(tmp_path: object) -> None:
    store = open_store(f"{tmp_path}/server.db", create=True)
    assert store.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_database_from_a_newer_version_is_refused(server_db: str) -> None:
    store = open_store(server_db, create=True)
    store.execute("INSERT INTO _migration VALUES ('9999_future', '')")
    store.close()
    with pytest.raises(StoreRefused, match="newer Guichet"):
        open_store(server_db)


def test_a_url_of_another_database_is_refused_by_name() -> None:
    with pytest.raises(StoreRefused, match=r"mysql:// is not a database this server can use"):
        open_store("mysql://host/guichet")


def test_rows_read_alike_on_both_stores(fresh_db: Store) -> None:
    fresh_db.execute("INSERT INTO setting (key, value) VALUES (?, ?)", ("k", b"\x00\xff"))
    fresh_db.execute("INSERT INTO ticket_counter (day, last) VALUES (?, ?)", ("261201", 10**12))
    fresh_db.execute("INSERT INTO ticket_counter (day, last) VALUES (?, ?)", ("261202", 10**12))
    row = fresh_db.execute("SELECT key, value FROM setting WHERE key = ?", ("k",)).fetchone()
    assert (row["key"], bytes(row[1]), dict(row)["key"]) == ("k", b"\x00\xff", "k")
    total = fresh_db.execute("SELECT SUM(last), COUNT(*) FROM ticket_counter").fetchone()
    assert tuple(total) == (2 * 10**12, 2)  # cents summed come back as int, never NUMERIC


def _three_records(store: Store) -> None:
    with store.transaction():
        for n in range(3):
            journal.append(store, f"2026-11-21T12:00:0{n}Z", "test", {"n": n})


def test_the_journal_chain_holds(fresh_db: Store) -> None:
    _three_records(fresh_db)
    verdict = journal.verify(fresh_db)
    assert (verdict.intact, verdict.records) == (True, 3)


def test_an_altered_record_is_detected(fresh_db: Store) -> None:
    _three_records(fresh_db)
    fresh_db.execute("""UPDATE journal SET payload = '{"n":7}' WHERE seq = 2""")
    verdict = journal.verify(fresh_db)
    assert (verdict.broken_at, verdict.reason) == ("0.2", "record 0.2 was altered")


def test_a_removed_record_is_detected(fresh_db: Store) -> None:
    _three_records(fresh_db)
    fresh_db.execute("DELETE FROM journal WHERE seq = 2")
    assert journal.verify(fresh_db).reason == "record 0.2 is missing"


def test_a_rewritten_tail_is_detected(fresh_db: Store) -> None:
    _three_records(fresh_db)
    fresh_db.execute("UPDATE journal SET prev_hash = ? WHERE seq = 3", ("f" * 64,))
    assert journal.verify(fresh_db).reason == "record 0.3 does not follow record 0.2"


def test_a_record_moved_to_another_chain_breaks_it(fresh_db: Store) -> None:
    _three_records(fresh_db)
    fresh_db.execute("UPDATE journal SET chain = 1, seq = 1 WHERE seq = 3")
    assert journal.verify(fresh_db).reason == "record 1.1 does not follow record 1.0"


def test_ticket_check_digit_catches_every_single_digit_error() -> None:
    payload = "2611210000042"
    number = payload + luhn_digit(payload)
    assert is_valid_ticket_number(number)
    for index in range(len(number)):
        for digit in "0123456789":
            if digit != number[index]:
                typo = number[:index] + digit + number[index + 1 :]
                assert not is_valid_ticket_number(typo), typo


def test_cutting_off_the_newest_records_is_caught_by_an_anchor(fresh_db: Store) -> None:
    _three_records(fresh_db)
    anchor = journal.head(fresh_db)
    assert journal.parse_anchor(journal.format_anchor(anchor)) == anchor
    assert [seq for _, seq, _ in anchor] == [3]
    assert journal.verify(fresh_db, anchor).intact
    fresh_db.execute("DELETE FROM journal WHERE seq = 3")
    assert journal.verify(fresh_db).intact  # the chain alone cannot tell
    verdict = journal.verify(fresh_db, anchor)
    assert (verdict.broken_at, verdict.reason) == (
        "0.3",
        "record 0.3 of the anchor is gone: the journal was cut",
    )


def test_an_anchor_from_before_chains_still_reads() -> None:
    digest = "a" * 64
    assert journal.parse_anchor(f"42:{digest}") == ((0, 42, digest),)
    with pytest.raises(ValueError, match=r"CHAIN\.SEQ:HASH"):
        journal.parse_anchor("42:short")
