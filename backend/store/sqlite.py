"""The server's SQLite file, the embedded store: one process writes it.

Every connection runs in WAL mode with ``synchronous=FULL``: a bet is acknowledged only after
its commit has reached the disk, and throughput comes from sharing commits between bets
(``backend.betting``), never from relaxing this. Write transactions start with
``BEGIN IMMEDIATE``, which takes the file's write lock at once: a transaction never fails
halfway for another writer, and no row needs locking for reading (``share_lock`` is empty).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backend.store.base import (
    Cursor,
    Dialect,
    StoreConflict,
    StoreError,
    StoreMissing,
    StoreRefused,
)
from backend.store.migrations import MIGRATIONS, refuse_newer, statements


class SqliteStore:
    dialect: Dialect = "sqlite"
    share_lock = ""
    update_lock = ""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self._path = path
        self._identity = _identity(path) if path is not None else None

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
        self._still_there()
        self.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def _still_there(self) -> None:
        """Refuse to write once the file was deleted or replaced under the server: SQLite
        would go on writing into the unlinked file, acknowledging bets that a restart would
        never see (issue 16). One ``stat`` a transaction."""
        if self._path is None or _identity(self._path) == self._identity:
            return
        raise StoreError(
            f"the database file {self._path} was deleted or replaced while the server ran: "
            "nothing more is accepted; stop the server and restore the file from a backup"
        )

    @property
    def broken(self) -> bool:
        return False  # a file does not go away with a network

    def listen(self, channel: str) -> None:
        pass

    def notify(self, channel: str) -> None:
        pass

    def wait_notice(self, timeout: float) -> bool:
        time.sleep(timeout)
        return False

    def journal_chain(self) -> int:
        return 0  # one writer at a time: BEGIN IMMEDIATE orders every commit

    def close(self) -> None:
        self.conn.close()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


SQLITE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    """What is at ``path`` before SQLite is let at it (it would make an empty database of a
    missing or 0-byte file, silently, and with it a new ticket key)."""
    if not path.exists():
        raise StoreMissing(
            f"there is no database at {path}: make one with `guichet-server --db {path} init`"
        )
    if path.is_dir():
        raise StoreRefused(f"{path} is a directory, not a database file")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as err:
        raise StoreRefused(f"{path} cannot be read: {err.strerror}") from None
    if not header:
        raise StoreRefused(
            f"{path} is empty (0 bytes), not a database: restore it from a backup, or remove "
            f"it and make a new one with `guichet-server --db {path} init`"
        )
    if header != SQLITE_HEADER:
        raise StoreRefused(f"{path} is not a SQLite database: restore it from a backup")


def connect(path: Path | str, *, create: bool = False, check: bool = False) -> SqliteStore:
    """Open the database durably and bring its schema up to date. Without ``create`` the
    file must be a Guichet database already; with ``check`` its every page is read first
    (``serve``: a damaged file is refused before listening, not met halfway through a day)."""
    path = Path(path)
    if not create:
        check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreRefused(f"cannot open the database {path}: {err}") from None
    conn.row_factory = sqlite3.Row
    store = SqliteStore(conn, path)
    try:
        store.execute("PRAGMA journal_mode=WAL")
        store.execute("PRAGMA synchronous=FULL")
        store.execute("PRAGMA foreign_keys=ON")
        store.execute("PRAGMA busy_timeout=10000")
        if check and (verdict := store.execute("PRAGMA quick_check(1)").fetchone()[0]) != "ok":
            raise StoreRefused(f"{path} is damaged ({verdict}): restore it from a backup")
        if (
            not create
            and not store.execute(
                "SELECT 1 FROM sqlite_master WHERE name = '_migration'"
            ).fetchone()
        ):
            raise StoreMissing(
                f"{path} is a SQLite file but not a Guichet database: make one elsewhere with "
                "`guichet-server --db PATH init`"
            )
        migrate(store)
    except StoreError as err:
        store.close()  # a refused database is left as it was, and closed
        # sqlite3.DatabaseError itself (not a subclass such as "database is locked") is what
        # SQLite says of a file that is not a database or is malformed
        if type(err.__cause__) is not sqlite3.DatabaseError:
            raise
        raise StoreRefused(
            f"{path} is damaged ({err.__cause__}): restore it from a backup"
        ) from None
    except BaseException:
        store.close()
        raise
    store._identity = _identity(path)  # the file as made (``create``), now that it exists
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
