"""An operator changes their own password; an administrator resets one.

Changing one's own asks for the current password (a console left open must not let a passer-by
take the account over), counted as a login is: a wrong one makes the place wait like a wrong
login (``backend.login_throttle``). It ends the operator's other sessions, wherever they are.

A reset is for an operator who forgot theirs: the administrator is shown a one-time password
once (``backend.passwords.one_time_password``), to hand over; every session of the operator
ends, every place's wait for the name is forgotten, and at their next login the console sends
them to choose their own password before anything else. An administrator changes their own
password themselves, never resets it.

Both are journaled, never with a password. The hashing is done by the caller, off the tote's
thread; these functions only record.
"""

from __future__ import annotations

from datetime import datetime

from backend import journal
from backend.errors import Conflict, InvalidRequest, NotFound, Unauthorized
from backend.login_throttle import forget, record_failure, throttle_of
from backend.operators import check_length
from backend.passwords import Verdict
from backend.sessions import end_sessions_of
from backend.store import Store


def check_new_password(new: str, again: str, current: str = "") -> None:
    """A new password that will do: long enough, typed the same twice, not the current one."""
    if new != again:
        raise InvalidRequest("the two passwords differ", code="passwords_differ")
    check_length(new)
    if current and new == current:
        raise InvalidRequest("the new password is the current one", code="same_password")


def password_hash(store: Store, name: str) -> str:
    row = store.execute("SELECT password_hash FROM operator WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(f"there is no operator {name!r}", code="unknown_operator")
    return str(row["password_hash"])


def change_password(
    store: Store,
    name: str,
    address: str,
    checked: str,
    verdict: Verdict,
    new_hash: str,
    now: datetime,
    keep: str,
) -> None:
    """Store ``new_hash`` as ``name``'s password if the current one, checked against
    ``checked``, matched (and this place need not wait); end their sessions but ``keep``
    (the cookie of the one asking). ``Unauthorized`` otherwise, the failure counted."""
    with store.transaction():
        row = store.execute(
            "SELECT password_hash FROM operator WHERE name = ?" + store.update_lock, (name,)
        ).fetchone()
        waiting = throttle_of(store, name, address, lock=True).holds(now)
        if row is not None and not waiting and verdict.matched and row[0] == checked:
            store.execute(
                "UPDATE operator SET password_hash = ?, must_change_password = 0 WHERE name = ?",
                (new_hash, name),
            )
            forget(store, name, address)
            ended = end_sessions_of(store, name, now, keep)
            journal.append(
                store,
                now.isoformat(),
                "operator.password_changed",
                {"name": name, "address": address, "sessions_ended": ended},
            )
            return
        after = record_failure(store, name, address, now)
        record = {"name": name, "address": address, "waiting": after.locked_until}
        journal.append(store, now.isoformat(), "operator.password_change_failed", record)
    raise Unauthorized("the current password is wrong", code="wrong_password")


def reset_password(store: Store, name: str, new_hash: str, now: datetime, by: str) -> None:
    """An administrator sets ``name``'s password to a one-time one (hashed: ``new_hash``), to
    be changed at their next login; their sessions end and every place's wait is forgotten."""
    if name == by:
        raise Conflict(f"{by} changes their own password on the password page", code="own_password")
    with store.transaction():
        if (
            store.execute(
                "SELECT 1 FROM operator WHERE name = ?" + store.update_lock, (name,)
            ).fetchone()
            is None
        ):
            raise NotFound(f"there is no operator {name!r}", code="unknown_operator")
        store.execute(
            "UPDATE operator SET password_hash = ?, must_change_password = 1 WHERE name = ?",
            (new_hash, name),
        )
        forget(store, name)
        ended = end_sessions_of(store, name, now)
        journal.append(
            store,
            now.isoformat(),
            "operator.password_reset",
            {"name": name, "by": by, "sessions_ended": ended},
        )
