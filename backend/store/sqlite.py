"""The server's SQLite file, the embedded store: one process writes it.

Every connection runs in WAL mode with ``synchronous=FULL``: a bet is acknowledged only after
its commit has reached the disk, and throughput comes from sharing commits between bets
(``backend.betting``), never from relaxing this. Write transactions start with
``BEGIN IMMEDIATE``, which takes the file's write lock at once: a transaction never fails
halfway for another writer, and no row needs locking for reading (``share_lock`` is empty).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backend.store.base import Cursor, Dialect, StoreConflict, StoreError
from backend.store.migrations import MIGRATIONS, refuse_newer, statements


class SqliteStore:
    dialect: Dialect = "sqlite"
    share_lock = ""
    update_lock = ""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as err:
            raise _translated(err) from err

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as err:
            raise _translated(err) from err

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @property
    def broken(self) -> bool:
        return False  # a file does not go away with a network

    def journal_chain(self) -> int:
        return 0  # one writer at a time: BEGIN IMMEDIATE orders every commit

    def close(self) -> None:
        self.conn.close()


def connect(path: Path | str) -> SqliteStore:
    """Open the database durably and bring its schema up to date."""
    try:
        conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(f"cannot open the database {path}: {err}") from err
    conn.row_factory = sqlite3.Row
    store = SqliteStore(conn)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("PRAGMA synchronous=FULL")
    store.execute("PRAGMA foreign_keys=ON")
    store.execute("PRAGMA busy_timeout=10000")
    try:
        migrate(store)
    except BaseException:
        store.close()  # a refused database is left as it was, and closed
        raise
    return store


def migrate(store: SqliteStore) -> list[str]:
    """Apply the migrations not yet applied, in order, each in its transaction; return their
    names."""
    store.execute(
        "CREATE TABLE IF NOT EXISTS _migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in store.execute("SELECT name FROM _migration")}
    refuse_newer(done)
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with store.transaction():
            for statement in statements(sql):
                store.execute(statement)
            store.execute(
                "INSERT INTO _migration VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))", (name,)
            )
        applied.append(name)
    return applied


def _translated(err: sqlite3.Error) -> StoreError:
    if isinstance(err, sqlite3.IntegrityError) and "UNIQUE" in str(err):
        return StoreConflict(f"a concurrent writer got there first: {err}")
    return StoreError(f"the database failed: {err}")
