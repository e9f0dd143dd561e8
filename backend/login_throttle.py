"""Wrong passwords counted per name AND client address, with a wait that grows.

A name used to be locked for 15 minutes after five wrong passwords from anyone, and its
operator's sessions ended with it: an outsider could lock a race office out at the post
(issue 26). Now what is counted is a name *from an address*: from the ``FREE``-th wrong
password in a row from there, each one makes that place wait before its next attempt is even
checked — ``FIRST_WAIT``, doubled each time, ``LONGEST_WAIT`` at most. Guesses from
elsewhere leave the operator's own place, and their open sessions, alone.

Every name is counted alike, an unknown one too (the row says nothing of whether it exists):
an attempt on a name that exists and one on a name that does not do the same work and get the
same answer, so neither the words nor the time tell them apart (``backend.operators``).

A success from the place forgets its count; an administrator's unlock or password reset
forgets every place's; a count with no wrong password for ``FORGOTTEN_AFTER`` is deleted as
others are recorded, so the table holds about a day of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.store import Store

FREE = 3  # the wrong password in a row that brings the first wait (two typing mistakes free)
FIRST_WAIT = timedelta(seconds=15)
LONGEST_WAIT = timedelta(minutes=15)
FORGOTTEN_AFTER = timedelta(days=1)
NAME_KEPT = 64  # characters of a typed name kept (no operator's name is longer than 40)


@dataclass(frozen=True, slots=True)
class Throttle:
    failures: int = 0  # wrong passwords in a row from this place
    locked_until: str | None = None  # ISO 8601: no attempt from this place is checked before

    def holds(self, now: datetime) -> bool:
        return self.locked_until is not None and now.isoformat() < self.locked_until


def key(name: str) -> str:
    return name[:NAME_KEPT]


def wait_after(failures: int) -> timedelta | None:
    """How long a place waits after its ``failures``-th wrong password in a row."""
    if failures < FREE:
        return None
    doubled: timedelta = FIRST_WAIT * 2 ** min(failures - FREE, 20)
    return min(LONGEST_WAIT, doubled)


def throttle_of(store: Store, name: str, address: str, *, lock: bool = False) -> Throttle:
    """This place's count for ``name`` (``lock``: inside a transaction about to change it)."""
    row = store.execute(
        "SELECT failures, locked_until FROM login_throttle WHERE name = ? AND address = ?"
        + (store.update_lock if lock else ""),
        (key(name), address),
    ).fetchone()
    return Throttle() if row is None else Throttle(int(row["failures"]), row["locked_until"])


def record_failure(store: Store, name: str, address: str, now: datetime) -> Throttle:
    """One more wrong password from ``address`` for ``name`` (an attempt made while the place
    was waiting is recorded but neither counted nor lengthens the wait); the caller holds the
    transaction. Counts idle for a day are deleted here."""
    before = throttle_of(store, name, address, lock=True)
    if before.holds(now):
        after = before
    else:
        wait = wait_after(before.failures + 1)
        after = Throttle(before.failures + 1, None if wait is None else (now + wait).isoformat())
    store.execute(
        "INSERT INTO login_throttle (name, address, failures, locked_until, last_failure_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, address) DO UPDATE SET"
        " failures = excluded.failures, locked_until = excluded.locked_until,"
        " last_failure_at = excluded.last_failure_at",
        (key(name), address, after.failures, after.locked_until, now.isoformat()),
    )
    store.execute(
        "DELETE FROM login_throttle WHERE last_failure_at < ?",
        ((now - FORGOTTEN_AFTER).isoformat(),),
    )
    return after


def forget(store: Store, name: str, address: str | None = None) -> None:
    """A place's count for ``name`` (every place's, without ``address``) starts again."""
    if address is None:
        store.execute("DELETE FROM login_throttle WHERE name = ?", (key(name),))
    else:
        store.execute(
            "DELETE FROM login_throttle WHERE name = ? AND address = ?", (key(name), address)
        )


def locked_names(store: Store, now: datetime) -> dict[str, str]:
    """The names some place must wait for, with the latest end of their waits."""
    rows = store.execute(
        "SELECT name, MAX(locked_until) AS until FROM login_throttle WHERE locked_until > ?"
        " GROUP BY name",
        (now.isoformat(),),
    ).fetchall()
    return {r["name"]: r["until"] for r in rows}
