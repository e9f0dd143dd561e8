"""Console sessions: an operator logged in, in the database, so that every worker knows them.

The browser holds a random token in a cookie; the table holds its SHA-256 only, so a copy of
the database opens no session. A session ends at logout, after ``IDLE`` without a page asked
(the console left open on an empty desk), or ``LONGEST`` after the login whatever happens (a
race day is long, a session should not outlive it). A disabled operator's sessions end with
them, and an operator's other sessions when they change their password, all of them when an
administrator resets it. Wrong passwords typed by anyone else never end one: they only make
their own place wait (``backend.login_throttle``).

An operator whose password an administrator reset must choose their own before anything else:
their session says so (``must_change``), and the console sends them to that page.

Each session carries its own CSRF token: every form the console serves holds it, and a post
without it is refused (``backend.console.guard``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from backend.operators import Operator, Role
from backend.store import Store

IDLE = timedelta(minutes=30)
LONGEST = timedelta(hours=14)
TOUCH_EVERY = timedelta(seconds=60)  # a page a second must not be a write a second


@dataclass(frozen=True, slots=True)
class Session:
    operator: Operator
    csrf: str
    expires_at: datetime
    must_change: bool = False  # a password an administrator set: to be changed first

    def checks(self, token: str) -> bool:
        """Whether a form's CSRF token is this session's (in constant time)."""
        return hmac.compare_digest(self.csrf.encode(), token.encode())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(store: Store, operator: Operator, now: datetime) -> str:
    """A new session for a logged-in operator: the cookie's token (shown nowhere else)."""
    with store.transaction():
        return new_session(store, operator.name, now)


def new_session(store: Store, name: str, now: datetime) -> str:
    """``open_session`` inside the caller's transaction (the login that grants it)."""
    token = secrets.token_urlsafe(32)
    store.execute(
        "INSERT INTO console_session (token_hash, operator, csrf, created_at, seen_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (_hash(token), name, secrets.token_urlsafe(24), now.isoformat(), now.isoformat()),
    )
    return token


def end_sessions_of(store: Store, name: str, now: datetime, keep: str = "") -> int:
    """End every open session of ``name`` but the one whose cookie is ``keep``, inside the
    caller's transaction; how many were ended."""
    return store.execute(
        "UPDATE console_session SET ended_at = ? WHERE operator = ? AND ended_at IS NULL"
        " AND token_hash <> ?",
        (now.isoformat(), name, _hash(keep) if keep else ""),
    ).rowcount


def session_of(store: Store, token: str, now: datetime) -> Session | None:
    """The session a cookie names, if it is still valid; its idle time starts again."""
    if not token or len(token) > 100:
        return None
    row = store.execute(
        "SELECT s.operator, s.csrf, s.created_at, s.seen_at, s.ended_at, o.role,"
        " o.disabled_at, o.must_change_password FROM console_session s"
        " JOIN operator o ON o.name = s.operator WHERE s.token_hash = ?",
        (_hash(token),),
    ).fetchone()
    if row is None or row["ended_at"] or row["disabled_at"]:
        return None
    seen = datetime.fromisoformat(row["seen_at"])
    expires = min(seen + IDLE, datetime.fromisoformat(row["created_at"]) + LONGEST)
    if now >= expires:
        return None
    if now - seen >= TOUCH_EVERY:
        with store.transaction():
            store.execute(
                "UPDATE console_session SET seen_at = ? WHERE token_hash = ?",
                (now.isoformat(), _hash(token)),
            )
        expires = min(now + IDLE, datetime.fromisoformat(row["created_at"]) + LONGEST)
    operator = Operator(row["operator"], cast(Role, row["role"]))
    return Session(operator, row["csrf"], expires, bool(row["must_change_password"]))


def end_session(store: Store, token: str, now: datetime) -> None:
    with store.transaction():
        store.execute(
            "UPDATE console_session SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            (now.isoformat(), _hash(token)),
        )
