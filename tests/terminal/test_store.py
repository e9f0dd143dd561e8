"""The store on its own: a real SQLite file, its migrations, its journal, its ledger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.store import Store, journal, ledger
from terminal.store.migrations import MIGRATIONS, SchemaTooNew, migrate


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "terminal.db")
    yield store
    store.close()


def test_a_new_store_is_durable_and_fully_migrated(fresh_store: Store) -> None:
    conn = fresh_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    names = [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert migrate(fresh_store.db) == []  # again: nothing to do


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.db")
    store.conn.execute("INSERT INTO migration VALUES ('0099_from_the_future', '')")
    store.close()
    with pytest.raises(SchemaTooNew, match="upgrade the terminal software"):
        Store(tmp_path / "t.db")


def test_a_failed_write_changes_nothing(fresh_store: Store) -> None:
    def interrupted() -> None:
        with fresh_store.write() as conn:
            ledger.record(conn, None, ledger.DRAWER, "float", "s1", 1000, "t")
            raise RuntimeError("the power went")

    with pytest.raises(RuntimeError):
        interrupted()
    assert ledger.balance(fresh_store, ledger.DRAWER) == 0


def test_money_moves_once_per_reference_and_only_in_cents(fresh_store: Store) -> None:
    with fresh_store.write() as conn:
        assert ledger.record(conn, None, ledger.DRAWER, "sale", "bet-1", 150, "t")
        assert not ledger.record(conn, None, ledger.DRAWER, "sale", "bet-1", 150, "t")
        with pytest.raises(TypeError, match="integer cents"):
            ledger.record(conn, None, ledger.DRAWER, "sale", "bet-2", 1.5, "t")  # type: ignore[arg-type]  # a float on purpose
    assert ledger.balance(fresh_store, ledger.DRAWER) == 150


def test_the_journal_detects_an_edited_entry(fresh_store: Store) -> None:
    with fresh_store.write() as conn:
        for n in range(5):
            journal.append(conn, f"t{n}", "bet.sold", {"cost": 150 * n})
    assert journal.verify(fresh_store.conn) is None
    fresh_store.conn.execute("UPDATE journal SET body = '{\"cost\":1}' WHERE seq = 3")
    assert journal.verify(fresh_store.conn) == 3
