"""Which transaction ids the store already holds, as a bet or a refusal: the idempotency
look-up every bet makes before it is sold.

It was two queries a batch (the bets, then the refusals, ``WHERE id IN (...)``): a third of
the tote's statements for an answer that is almost always "none of them". With one writer
(SQLite) this process made every row, so it knows every id: they are read once, at the desk's
first batch, and kept in a set, then each commit's new ids are added once it is durable; a
batch of new ids costs no query, and only the ids found there (a terminal's retries) are read
back. A set of ids costs some 100 bytes each: a million bets, 100 MB; an operator past that
has outgrown SQLite for PostgreSQL anyway. With many writers (PostgreSQL) another worker may
have written an id a moment ago: one query a batch asks both tables at once, and reads back
the rows of the ids it found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from backend.store import Row, Store

Found = tuple[dict[str, Row], dict[str, Row]]  # the bets, the refusals, by transaction id
CHUNK = 500  # ids a query


class TransactionIds(Protocol):
    def found(self, store: Store, ids: list[str]) -> Found:
        """The rows of these ids, inside the batch's transaction."""
        ...

    def committed(self, ids: Iterable[str]) -> None:
        """These ids are durable now (their transaction committed)."""


@dataclass(slots=True)
class IdsInMemory:
    """One writer: every id the store holds, in memory."""

    _ids: set[str] | None = field(default=None, repr=False)

    def found(self, store: Store, ids: list[str]) -> Found:
        if self._ids is None:
            self._ids = {row[0] for row in store.execute("SELECT id FROM bet")}
            self._ids.update(row[0] for row in store.execute("SELECT id FROM refusal"))
        known = [i for i in ids if i in self._ids]
        if not known:
            return {}, {}
        return _rows(store, "bet", known), _rows(store, "refusal", known)

    def committed(self, ids: Iterable[str]) -> None:
        if self._ids is not None:
            self._ids.update(ids)


@dataclass(slots=True)
class IdsInDatabase:
    """Many writers: one query a batch for both tables."""

    def found(self, store: Store, ids: list[str]) -> Found:
        bets: list[str] = []
        refusals: list[str] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            for table, found in store.execute(
                f"SELECT 'bet', id FROM bet WHERE id IN ({marks}) UNION ALL "
                f"SELECT 'refusal', id FROM refusal WHERE id IN ({marks})",
                chunk + chunk,
            ):
                (bets if table == "bet" else refusals).append(found)
        return _rows(store, "bet", bets), _rows(store, "refusal", refusals)

    def committed(self, ids: Iterable[str]) -> None:
        pass


def _rows(store: Store, table: str, ids: list[str]) -> dict[str, Row]:
    """Rows of ``table`` (``bet`` or ``refusal``) by transaction id."""
    found: dict[str, Row] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        if not chunk:
            continue
        marks = ",".join("?" * len(chunk))
        for row in store.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
            found[row["id"]] = row
    return found
