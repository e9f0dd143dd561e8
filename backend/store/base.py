"""The server's database behind one small interface: SQLite or PostgreSQL, one behaviour.

SQLite (a file path) is the embedded default: the demo, a racecourse, a small operator; one
server process writes it. PostgreSQL (a libpq URL, ``postgresql://…``, several hosts allowed)
is for operators who outgrow one machine: several worker processes, a standby that takes over.

The rest of the server writes its SQL once, in the dialect both understand (``?``
placeholders, ``INSERT … ON CONFLICT``, ``RETURNING``, integer cents, text timestamps) and
asks the store for the little that differs: how a transaction starts, and how a row is
locked for reading (``share_lock``). Errors of either driver are translated at this
boundary::

    ServerError                    (backend.errors)
    └── StoreError                 the database failed or cannot be reached (503: retry later)
        ├── StoreConflict          another writer got there first (a key taken by a concurrent
        │                          transaction, a deadlock): run the transaction again
        ├── StoreDamaged           the database was found damaged, or its file replaced, while
        │                          the server ran: sales stopped until it is restored (503)
        └── StoreRefused           the database cannot be used as given: a newer schema, an
            │                      unknown URL scheme, a damaged file, no PostgreSQL driver
            └── StoreMissing       there is no Guichet database there yet (``init`` makes it)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal, Protocol

from backend.errors import ServerError

Dialect = Literal["sqlite", "postgresql"]
# "one": this process writes every row (SQLite); "many": other worker processes write too
# (PostgreSQL). The composition root (backend.app) picks what depends on it, once.
Writers = Literal["one", "many"]


class StoreError(ServerError):
    code = "store_unavailable"
    status = 503
    retry_after = 5  # seconds (the answer's Retry-After): a failover takes about that


class StoreDamaged(StoreError):
    """Nothing more is written: a bet acknowledged now would be in a file no restart opens
    (issue 26). Said once in the log by whoever found it; every answer says it again."""

    code = "store_damaged"
    retry_after = 60  # until an operator restores the database and restarts the server


class StoreConflict(StoreError):
    code = "store_conflict"


class StoreRefused(StoreError):
    code = "store_refused"


class StoreMissing(StoreRefused):
    code = "store_missing"


class Row(Protocol):
    """A row read by name (``row["cost"]``) or position (``row[0]``), as ``sqlite3.Row``."""

    def __getitem__(self, key: int | str, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...  # a Row, or None
    def fetchall(self) -> list[Any]: ...  # Rows
    def __iter__(self) -> Iterator[Any]: ...


class Store(Protocol):
    """One connection to the server's database, used by one thread at a time."""

    dialect: Dialect
    writers: Writers  # one writer (this process) or many (other workers too)
    share_lock: str  # appended to a SELECT whose rows must not change until the commit
    update_lock: str  # appended to a SELECT whose rows this transaction is about to change

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed (durably) when the block ends, else rolled back."""
        ...

    @property
    def broken(self) -> bool:
        """The connection is lost (the database server died, a failover): open another."""
        ...

    def listen(self, channel: str) -> None:
        """Be told of ``notify(channel)`` by any connection (PostgreSQL; SQLite: one process,
        nobody to tell)."""
        ...

    def notify(self, channel: str, payload: str = "") -> None:
        """Tell the listeners of ``channel`` (and ``payload``), at this transaction's commit."""
        ...

    def wait_notice(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a notice on a channel listened to."""
        ...

    def notices(self, timeout: float) -> list[str]:
        """The payloads of the notices that came, waiting up to ``timeout`` seconds for one."""
        ...

    @property
    def stopped(self) -> StoreDamaged | None:
        """What every write answers once this store stopped taking them (its SQLite file
        found damaged or replaced), or None. Readable from any thread."""
        ...

    def verify(self) -> None:
        """The whole check of the database, from any thread: ``StoreDamaged`` if it fails, and
        the store stops. SQLite reads its file through a connection of its own, from the
        disk rather than from the server's page cache; PostgreSQL checks its own pages."""
        ...

    def journal_chain(self) -> int:
        """The journal chain this connection writes (``backend.journal``): on SQLite chain 0,
        the one writer's; on PostgreSQL the lowest chain no other live connection holds."""
        ...

    def close(self) -> None: ...


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_url(locator: str) -> bool:
    return _SCHEME.match(locator) is not None


def local_file(locator: str) -> Path | None:
    """The SQLite file ``locator`` names; None for a database server's URL."""
    return None if is_url(locator) else Path(locator)


def writers_at(locator: str) -> Writers:
    """Whether the database ``locator`` names has one writer or many, before it is opened."""
    return "many" if is_url(locator) else "one"


def check_locator(locator: str) -> str:
    """A database the server can use, or ``StoreRefused`` saying why: a SQLite file path or a
    PostgreSQL URL. ``Path`` would take ``mysql://host/db`` for a file called ``mysql:``."""
    scheme = _SCHEME.match(locator)
    if scheme is not None and scheme.group(1).lower() not in {"postgresql", "postgres"}:
        raise StoreRefused(
            f"{scheme.group(1)}:// is not a database this server can use: give a SQLite file"
            " path or a postgresql:// URL"
        )
    return locator


def shown(locator: str) -> str:
    """The locator as logs and messages may show it: a URL's password hidden."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", locator)
