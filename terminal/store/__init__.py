"""The terminal's durable state: one SQLite file.

Every write that carries money runs in one ``BEGIN IMMEDIATE`` transaction, in WAL mode with
``synchronous=FULL``: when ``write()`` returns, the row survives a crash or a power cut. The
connection is shared by the use cases and the sync workers under one lock, so a transaction
never interleaves with another thread's; each holds it for a few milliseconds.

sqlite-utils shapes the schema (the migrations) and answers queries; writes inside our
transactions use plain SQL, because sqlite-utils' own helpers commit on their own.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from terminal.store.migrations import migrate

__all__ = ["Store"]


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.lock = threading.RLock()
        with self.lock:
            migrate(self.db)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One durable transaction; nested calls join the outer one."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        with self.lock:
            row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
            return row

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def setting(self, key: str, default: str = "") -> str:
        row = self.one("SELECT value FROM setting WHERE key = ?", (key,))
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        with self.lock:
            self.conn.close()
