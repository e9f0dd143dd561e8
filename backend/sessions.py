"""Console sessions: an operator logged in, in the database, so that every worker knows them.

The browser holds a random token in a cookie; the table holds its SHA-256 only, so a copy of
the database opens no session. A session ends at logout, after ``IDLE`` without a page asked
(the console left open on an empty desk), or ``LONGEST`` after the login whatever happens (a
race day is long, a session should not outlive it). A disabled or locked-out operator's
sessions end with them.

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

    def checks(self, token: str) -> bool:
        """Whether a form's CSRF token is this session's (in constant time)."""
        return hmac.compare_digest(self.csrf.encode(), token.encode())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(conn: Store, operator: Operator, now: datetime) -> str:
    """A new session for a logged-in operator: the cookie's token (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    with conn.transaction():
        conn.execute(
            "INSERT INTO console_session (token_hash, operator, csrf, created_at, seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (_hash(token), operator.name, secrets.token_urlsafe(24), now.isoformat(),
             now.isoformat()),
        )  # fmt: skip
    return token


def session_of(conn: Store, token: str, now: datetime) -> Session | None:
    """The session a cookie names, if it is still valid; its idle time starts again."""
    if not token or len(token) > 100:
        return None
    row = conn.execute(
        "SELECT s.operator, s.csrf, s.created_at, s.seen_at, s.ended_at, o.role,"
        " o.disabled_at, o.locked_until FROM console_session s"
        " JOIN operator o ON o.name = s.operator WHERE s.token_hash = ?",
        (_hash(token),),
    ).fetchone()
    if row is None or row["ended_at"] or row["disabled_at"]:
        return None
    if row["locked_until"] and now.isoformat() < row["locked_until"]:
        return None
    seen = datetime.fromisoformat(row["seen_at"])
    expires = min(seen + IDLE, datetime.fromisoformat(row["created_at"]) + LONGEST)
    if now >= expires:
        return None
    if now - seen >= TOUCH_EVERY:
        with conn.transaction():
            conn.execute(
                "UPDATE console_session SET seen_at = ? WHERE token_hash = ?",
                (now.isoformat(), _hash(token)),
            )
        expires = min(now + IDLE, datetime.fromisoformat(row["created_at"]) + LONGEST)
    return Session(Operator(row["operator"], cast(Role, row["role"])), row["csrf"], expires)


def end_session(conn: Store, token: str, now: datetime) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE console_session SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            (now.isoformat(), _hash(token)),
        )
