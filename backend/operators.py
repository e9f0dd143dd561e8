"""The people who work the operator's console, their roles, and how they prove who they are.

Three roles, as a tote's staff divides the work: the **race office** (open and close races,
scratchings, results), **supervision** (the fleet of terminals, reports) and the
**administrator** (everything, and the operators themselves). Every action checks the role
(``may``) and is journaled with the operator's name.

Passwords are hashed with argon2id (argon2-cffi's defaults, with a salt each); a hash made
with older parameters is remade at the next login. Five wrong passwords in a row lock the
name for 15 minutes, whoever tries: a guessed name gives no more than five guesses a quarter
of an hour, and the lock says when it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from backend import journal
from backend.errors import Conflict, InvalidRequest, NotFound, Unauthorized
from backend.store import Store

Role = Literal["race-office", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("race-office", "supervisor", "admin")
MIN_PASSWORD = 12  # characters: a passphrase, as ANSSI advises for an account like this
MAX_FAILURES = 5
LOCK = timedelta(minutes=15)

# what each role may do; the console asks before every action
_ALLOWED: dict[str, frozenset[Role]] = {
    "race": frozenset({"race-office", "admin"}),  # open, close, scratch, result, abandon
    "fleet": frozenset({"supervisor", "admin"}),  # register and disable terminals
    "read": frozenset({"race-office", "supervisor", "admin"}),  # pages, reports, journal
    "operators": frozenset({"admin"}),
}

_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    role: Role

    def may(self, action: str) -> bool:
        return self.role in _ALLOWED[action]


def create_operator(
    conn: Store, name: str, role: str, password: str, now: datetime, by: str | None = None
) -> Operator:
    """Register an operator; refused in one line if the name, role or password will not do."""
    if not (name.isprintable() and 1 <= len(name.strip()) == len(name) <= 40) or "/" in name:
        raise InvalidRequest("an operator's name is 1 to 40 printable characters, no edge "
                             "spaces, no slash", code="bad_operator_name")  # fmt: skip
    if role not in ROLES:
        raise InvalidRequest(f"the role is one of {', '.join(ROLES)}, not {role!r}",
                             code="bad_role")  # fmt: skip
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"a password has at least {MIN_PASSWORD} characters",
                             code="short_password", least=MIN_PASSWORD)  # fmt: skip
    with conn.transaction():
        if conn.execute("SELECT 1 FROM operator WHERE name = ?", (name,)).fetchone():
            raise Conflict(f"there is already an operator {name!r}", code="operator_exists")
        conn.execute(
            "INSERT INTO operator (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role, _hasher.hash(password), now.isoformat()),
        )
        journal.append(conn, now.isoformat(), "operator.created",
                       {"name": name, "role": role, **({"by": by} if by else {})})  # fmt: skip
    return Operator(name, role)


def log_in(conn: Store, name: str, password: str, now: datetime) -> Operator:
    """The operator whose password this is; ``Unauthorized`` (saying no more than "wrong name
    or password", or how long the lock lasts) otherwise. Every attempt is journaled."""
    with conn.transaction():
        row = conn.execute(
            "SELECT role, password_hash, failures, locked_until, disabled_at FROM operator"
            " WHERE name = ?" + conn.update_lock,
            (name,),
        ).fetchone()
        if row is None or row["disabled_at"]:
            _hasher.hash(password)  # as long as for a real name: the timing tells nothing
            raise Unauthorized("wrong name or password", code="bad_login")
        if row["locked_until"] and now.isoformat() < row["locked_until"]:
            raise Unauthorized(
                f"too many wrong passwords: locked until {row['locked_until'][11:16]} UTC",
                code="login_locked", until=row["locked_until"],
            )  # fmt: skip
        if not _matches(row["password_hash"], password):
            failures = int(row["failures"]) + 1
            locked = (now + LOCK).isoformat() if failures >= MAX_FAILURES else None
            conn.execute(
                "UPDATE operator SET failures = ?, locked_until = ? WHERE name = ?",
                (0 if locked else failures, locked, name),
            )
            journal.append(conn, now.isoformat(), "operator.login_failed",
                           {"name": name, "locked": locked is not None})  # fmt: skip
            failed = Unauthorized("wrong name or password", code="bad_login")
        else:
            failed = None
            fresh = (
                _hasher.hash(password) if _hasher.check_needs_rehash(row["password_hash"]) else None
            )
            conn.execute(
                "UPDATE operator SET failures = 0, locked_until = NULL,"
                " password_hash = COALESCE(?, password_hash) WHERE name = ?",
                (fresh, name),
            )
            journal.append(conn, now.isoformat(), "operator.login", {"name": name})
    if failed is not None:
        raise failed  # after the commit: the failure is counted even though it is refused
    return Operator(name, cast(Role, row["role"]))


def _matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Account:
    """An operator as the administrator's page lists them."""

    name: str
    role: Role
    created_at: str
    locked_until: str | None
    disabled: bool


def accounts(conn: Store) -> list[Account]:
    rows = conn.execute(
        "SELECT name, role, created_at, locked_until, disabled_at FROM operator ORDER BY name"
    ).fetchall()
    return [Account(r["name"], cast(Role, r["role"]), r["created_at"], r["locked_until"],
                    bool(r["disabled_at"])) for r in rows]  # fmt: skip


def change_account(conn: Store, name: str, change: str, now: datetime, by: str) -> None:
    """``disable`` an operator (their sessions end with it), ``enable`` them again, or
    ``unlock`` a name locked by wrong passwords; journaled with the administrator's name. An
    administrator cannot disable themselves: someone must be left to undo it."""
    if change not in ("disable", "enable", "unlock"):
        raise InvalidRequest(f"{change!r} is not disable, enable or unlock")
    if change == "disable" and name == by:
        raise Conflict(f"{by} cannot disable their own account", code="own_account")
    with conn.transaction():
        if conn.execute("SELECT 1 FROM operator WHERE name = ?" + conn.update_lock,
                        (name,)).fetchone() is None:  # fmt: skip
            raise NotFound(f"there is no operator {name!r}", code="unknown_operator")
        if change == "disable":
            conn.execute(
                "UPDATE operator SET disabled_at = ? WHERE name = ?", (now.isoformat(), name)
            )
        elif change == "enable":
            conn.execute("UPDATE operator SET disabled_at = NULL WHERE name = ?", (name,))
        else:
            conn.execute(
                "UPDATE operator SET failures = 0, locked_until = NULL WHERE name = ?", (name,)
            )
        kind = {"disable": "operator.disabled", "enable": "operator.enabled",
                "unlock": "operator.unlocked"}[change]  # fmt: skip
        journal.append(conn, now.isoformat(), kind, {"name": name, "by": by})
