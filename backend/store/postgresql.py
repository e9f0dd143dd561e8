"""The server's PostgreSQL database: for several worker processes and a standby.

The schema is ``backend.store.migrations``'s, translated: ``BLOB`` is ``BYTEA``, ``INTEGER``
is ``BIGINT`` (a day's sums of cents outgrow 32 bits; SQLite's integers are 64-bit already).
The pending migrations run in one transaction (each a savepoint, with its record in
``_migration``: a failing one leaves nothing) under a transaction-scoped advisory lock:
workers starting at once apply each migration exactly once, the others wait and find it done.

Queries are written as for SQLite (``?`` placeholders) and translated once each. Durable as
on SQLite: ``synchronous_commit`` stays on, so an acknowledged bet is on the disk (and on a
synchronous standby, where the cluster has one). Transactions are READ COMMITTED; what must
not change under a transaction is read with ``share_lock`` (``FOR SHARE``): a race's close
waits for the bets that saw it open, and a bet that comes after the close sees it closed.

Connections: each thread that uses the database owns one (the tote's, the nonce book's, the
live feed's, the secrets feed's: four a worker), rather than borrowing from psycopg's pool:
each is used by one thread without pause, and two of them hold session advisory locks (the
journal chain a worker writes, the odds leader's lock) that must stay with the connection
that took them.

A URL may name several hosts (``postgresql://db1,db2/guichet``): unless it says otherwise,
the connection goes to the one that takes writes (``target_session_attrs=read-write``), so
after a standby is promoted a reconnection finds the new primary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.adapt import Buffer, Loader
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from backend.store.base import (
    Cursor,
    Dialect,
    StoreConflict,
    StoreDamaged,
    StoreError,
    StoreMissing,
    StoreRefused,
    Writers,
    shown,
)
from backend.store.migrations import MIGRATIONS, refuse_newer, statements

MIGRATION_LOCK = 0x6775696368657401  # "guichet" + 1: the advisory lock migrations take
JOURNAL_CHAIN_LOCKS = 0x67756902  # "gui" + 2: advisory locks (this, chain) claim journal chains


class PgRow:
    """A row read by name or position, as ``sqlite3.Row``: the rest of the server reads both
    stores' rows the same way."""

    __slots__ = ("_names", "_values")

    def __init__(self, values: Sequence[Any], names: dict[str, int]) -> None:
        self._values = values
        self._names = names

    def __getitem__(self, key: int | str, /) -> Any:
        return self._values[self._names[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self._values) == (tuple(other) if isinstance(other, PgRow) else other)

    __hash__ = None  # type: ignore[assignment]  # as sqlite3.Row's, compared by value

    def keys(self) -> list[str]:
        return list(self._names)


def _row_maker(cursor: Any) -> Any:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(values, names)


class _CentsLoader(Loader):
    """``SUM`` of ``BIGINT`` cents is ``NUMERIC`` in PostgreSQL: read it back as the integer
    it is (the schema has no other numeric column; a fraction here would be a bug, and fails)."""

    def load(self, data: Buffer) -> int:
        return int(bytes(data))


class PostgresStore:
    dialect: Dialect = "postgresql"
    writers: Writers = "many"
    share_lock = " FOR SHARE"
    update_lock = " FOR UPDATE"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self._queries: dict[str, bytes] = {}
        self._chain: int | None = None

    def _query(self, sql: str) -> bytes:
        query = self._queries.get(sql)
        if query is None:
            query = self._queries[sql] = sql.replace("%", "%%").replace("?", "%s").encode()
        return query

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:
            if not params:
                return self.conn.execute(sql.encode())
            return self.conn.execute(self._query(sql), params)
        except psycopg.Error as err:
            raise _translated(err) from err

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._query(sql), rows)
        except psycopg.Error as err:
            raise _translated(err) from err

    @contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as err:
            raise _translated(err) from err

    @property
    def broken(self) -> bool:
        return self.conn.broken or self.conn.closed

    def listen(self, channel: str) -> None:
        self.execute(f"LISTEN {channel}")  # a channel name of ours, never input

    def notify(self, channel: str, payload: str = "") -> None:
        self.execute("SELECT pg_notify(?, ?)", (channel, payload))

    def wait_notice(self, timeout: float) -> bool:
        return bool(self.notices(timeout))

    def notices(self, timeout: float) -> list[str]:
        try:
            return [n.payload for n in self.conn.notifies(timeout=timeout, stop_after=1)]
        except psycopg.Error as err:
            raise _translated(err) from err

    @property
    def stopped(self) -> StoreDamaged | None:
        return None  # a damaged page is the database server's to report (``_translated``)

    def verify(self) -> None:
        pass  # PostgreSQL checks its own pages (data checksums), on every read

    def journal_chain(self) -> int:
        """Claimed once per connection with a session advisory lock, held until the
        connection ends (a worker that dies releases its chain; its successor may take it
        up again, from the chain's last committed record)."""
        if self._chain is None:
            for chain in range(10_000):
                taken = self.execute(
                    "SELECT pg_try_advisory_lock(?, ?)", (JOURNAL_CHAIN_LOCKS, chain)
                ).fetchone()[0]
                if taken:
                    self._chain = chain
                    break
            else:
                raise StoreError("no journal chain is free: 10,000 writers hold one each")
        return self._chain

    def close(self) -> None:
        self.conn.close()


_RETRY = (
    psycopg.errors.UniqueViolation,
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
)


_DAMAGE = (psycopg.errors.DataCorrupted, psycopg.errors.IndexCorrupted)  # XX001, XX002


def _translated(err: psycopg.Error) -> StoreError:
    if isinstance(err, _RETRY):
        return StoreConflict(f"a concurrent writer got there first: {_one_line(err)}")
    if isinstance(err, _DAMAGE):  # that transaction is refused; the next may read other pages
        return StoreDamaged(f"the database is damaged: {_one_line(err)}", reason="damaged")
    return StoreError(f"the database failed: {_one_line(err)}")


def _one_line(err: psycopg.Error) -> str:
    return " ".join(str(err).split())


def for_postgres(sql: str) -> str:
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    return re.sub(r"\bINTEGER\b", "BIGINT", sql)


def connect(url: str, *, create: bool = False) -> PostgresStore:
    """A connection to ``url``, schema brought up to date; without ``create`` the schema
    must be there already."""
    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError as err:
        raise StoreRefused(f"the database URL is not valid: {_one_line(err)}") from None
    defaults: dict[str, Any] = {
        "target_session_attrs": "read-write",
        "connect_timeout": 10,
        "application_name": f"guichet-server {os.getpid()}",  # which process holds what
    }
    try:
        conn: psycopg.Connection[Any] = psycopg.connect(
            make_conninfo(url, **{k: v for k, v in defaults.items() if k not in given}),
            autocommit=True,
            row_factory=_row_maker,
        )
    except psycopg.Error as err:
        raise StoreError(f"cannot reach the database: {_one_line(err)}") from err
    conn.adapters.register_loader("numeric", _CentsLoader)
    store = PostgresStore(conn)
    try:
        if not create and not store.execute("SELECT to_regclass('_migration')").fetchone()[0]:
            raise StoreMissing(
                f"there is no Guichet database at {shown(url)}: make one with "
                "`guichet-server --db URL init`"
            )
        migrate(store)
    except BaseException:
        store.close()  # a refused database is left as it was, and closed
        raise
    return store


def migrate(store: PostgresStore) -> list[str]:
    """Apply the migrations not yet applied, in order; return their names."""
    applied: list[str] = []
    with store.transaction():
        store.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        store.execute(
            "CREATE TABLE IF NOT EXISTS _migration (name TEXT PRIMARY KEY, applied_at TEXT NOT"
            " NULL)"
        )
        done = {str(row[0]) for row in store.execute("SELECT name FROM _migration")}
        refuse_newer(done)
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with store.transaction():  # a savepoint: a failing migration leaves nothing
                for statement in statements(sql):
                    store.execute(for_postgres(statement))
                store.execute(
                    "INSERT INTO _migration VALUES (?, to_char(now() AT TIME ZONE 'UTC',"
                    ' \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'))',
                    (name,),
                )
            applied.append(name)
    return applied
