"""The server's SQLite file, the embedded store: one process writes it.

Every connection runs in WAL mode with ``synchronous=FULL``: a bet is acknowledged only after
its commit has reached the disk, and throughput comes from sharing commits between bets
(``backend.betting``), never from relaxing this. Write transactions start with
``BEGIN IMMEDIATE``, which takes the file's write lock at once: a transaction never fails
halfway for another writer, and no row needs locking for reading (``share_lock`` is empty).

A file deleted, replaced or damaged under the running server stops every write, saying why
(``backend.store.integrity``): SQLite would go on acknowledging bets into a file that a
restart would not find, or not open.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from backend.store.base import (
    Cursor,
    Dialect,
    StoreConflict,
    StoreDamaged,
    StoreError,
    StoreMissing,
    StoreRefused,
    Writers,
)
from backend.store.integrity import FileGuard, is_damage, save_copy
from backend.store.migrations import MIGRATIONS, refuse_newer, statements

T = TypeVar("T")


class SqliteStore:
    dialect: Dialect = "sqlite"
    writers: Writers = "one"
    share_lock = ""
    update_lock = ""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        # set once the file is open and up to date (``connect``): the file as the server made
        # it, checked from then on (``backend.store.integrity``)
        self.guard: FileGuard | None = None
        self._saving_tried = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if self.guard is not None and not self.conn.in_transaction:
            return self._alone(lambda: self.conn.execute(sql, params))
        try:
            return self.conn.execute(sql, params)
        except sqlite3.Error as err:
            raise self._translated(err) from err

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self.guard is not None and not self.conn.in_transaction:
            self._alone(lambda: self.conn.executemany(sql, rows))
            return
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.Error as err:
            raise self._translated(err) from err

    def _alone(self, run: Callable[[], T]) -> T:
        """A statement outside a transaction, a transaction of its own: the file is checked
        before it, and noted after it if it wrote (its commit may checkpoint into the file)."""
        assert self.guard is not None
        self._before(self.guard)
        changes = self.conn.total_changes
        try:
            done = run()
        except sqlite3.Error as err:
            raise self._translated(err) from err
        if self.conn.total_changes != changes:
            self.guard.after()
        return done

    @contextmanager
    def transaction(self) -> Iterator[None]:
        guard = self.guard
        if guard is not None:
            self._before(guard)
        self._plain("BEGIN IMMEDIATE")
        try:
            yield
            if guard is not None and (damage := guard.stopped) is not None:
                raise damage  # found meanwhile (``Watch``)
        except BaseException:
            if self.conn.in_transaction:
                with suppress(sqlite3.Error):  # a damaged file may refuse even this: the
                    self.conn.execute("ROLLBACK")  # error that stopped the block is the one
            raise
        self._plain("COMMIT")
        if guard is not None:
            guard.after()

    def _before(self, guard: FileGuard) -> None:
        """The file checked (``FileGuard.before``); if it was deleted or replaced, what the
        server has of it saved first, once (``save_copy``)."""
        try:
            guard.before()
        except StoreDamaged:
            if not guard.replaced or self._saving_tried:
                raise
            self._saving_tried = True
            assert self.path is not None
            guard.saved = save_copy(self.conn, self.path)
            guard.set_aside_log()
            raise guard.error() from None

    def _plain(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except sqlite3.Error as err:
            raise self._translated(err) from err

    def _translated(self, err: sqlite3.Error) -> StoreError:
        if isinstance(err, sqlite3.IntegrityError) and "UNIQUE" in str(err):
            return StoreConflict(f"a concurrent writer got there first: {err}")
        if self.guard is not None and is_damage(err):
            return self.guard.stop(f"SQLite found {self.path} damaged: {err}")
        return StoreError(f"the database failed: {err}")

    @property
    def broken(self) -> bool:
        return False  # a file does not go away with a network

    @property
    def stopped(self) -> StoreDamaged | None:
        return None if self.guard is None else self.guard.stopped

    def verify(self) -> None:
        if self.guard is not None:
            self.guard.verify()

    def listen(self, channel: str) -> None:
        pass

    def notify(self, channel: str, payload: str = "") -> None:
        pass  # one process: nobody else to tell

    def wait_notice(self, timeout: float) -> bool:
        time.sleep(timeout)
        return False

    def notices(self, timeout: float) -> list[str]:
        time.sleep(timeout)
        return []

    def journal_chain(self) -> int:
        return 0  # one writer at a time: BEGIN IMMEDIATE orders every commit

    def close(self) -> None:
        self.conn.close()
        if self.guard is not None:
            self.guard.close()


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
    store.guard = FileGuard(path)  # the file as made (``create``), now that it exists
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
