"""The people who work the operator's console, their roles, and how they prove who they are.

Three roles, as a tote's staff divides the work: the **race office** (open and close races,
scratchings, results), **supervision** (the fleet of terminals, reports) and the
**administrator** (everything, and the operators themselves). Every action checks the role
(``may``) and is journaled with the operator's name.

Passwords are hashed with argon2id (``backend.passwords``: a salt each; a hash made with older
parameters is remade at the next login), never on the tote's thread when the server runs: a
login reads the hash here (``login_hash``), has it checked on the password pool, then settles
here (``settle_login``). Wrong passwords make the place they come from wait, not the name
(``backend.login_throttle``): an outsider's guesses neither lock an operator out of their own
desk nor end their sessions. A name that does not exist, a disabled one and a place that must
wait all get the same words after the same argon2 check, so nothing tells which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from backend import journal
from backend.errors import Conflict, InvalidRequest, NotFound, Unauthorized
from backend.login_throttle import forget, key, locked_names, record_failure, throttle_of
from backend.passwords import Verdict, hash_password, verify
from backend.store import Store

Role = Literal["race-office", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("race-office", "supervisor", "admin")
MIN_PASSWORD = 12  # characters: a passphrase, as ANSSI advises for an account like this

# what each role may do; the console asks before every action
_ALLOWED: dict[str, frozenset[Role]] = {
    "race": frozenset({"race-office", "admin"}),  # open, close, scratch, result, abandon
    "fleet": frozenset({"supervisor", "admin"}),  # register and disable terminals
    "read": frozenset({"race-office", "supervisor", "admin"}),  # pages, reports, journal
    "operators": frozenset({"admin"}),
}


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    role: Role

    def may(self, action: str) -> bool:
        return self.role in _ALLOWED[action]


def create_operator(
    store: Store,
    name: str,
    role: str,
    password: str,
    now: datetime,
    by: str | None = None,
    hashed: str | None = None,
) -> Operator:
    """Register an operator; refused in one line if the name, role or password will not do.
    ``hashed``: the password's hash, made off the tote's thread (the console's form)."""
    if not could_be_name(name):
        raise InvalidRequest(
            "an operator's name is 1 to 40 printable characters, no edge spaces, no slash",
            code="bad_operator_name",
        )
    if role not in ROLES:
        raise InvalidRequest(
            f"the role is one of {', '.join(ROLES)}, not {role!r}", code="bad_role"
        )
    check_length(password)
    with store.transaction():
        if store.execute("SELECT 1 FROM operator WHERE name = ?", (name,)).fetchone():
            raise Conflict(f"there is already an operator {name!r}", code="operator_exists")
        store.execute(
            "INSERT INTO operator (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role, hashed or hash_password(password), now.isoformat()),
        )
        journal.append(
            store,
            now.isoformat(),
            "operator.created",
            {"name": name, "role": role, **({"by": by} if by else {})},
        )
    return Operator(name, role)


def could_be_name(name: str) -> bool:
    """An operator's name: 1 to 40 printable characters, no edge spaces, no slash."""
    return name.isprintable() and 1 <= len(name.strip()) == len(name) <= 40 and "/" not in name


def login_name(typed: str) -> str:
    """The name a login looks up and counts: as typed, or ``/`` (no operator's) for one no
    operator can have — a NUL, which PostgreSQL cannot even compare, a page of text — so that
    such a try is answered and counted as any unknown name is."""
    return typed if could_be_name(typed) else "/"


def check_length(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(
            f"a password has at least {MIN_PASSWORD} characters",
            code="short_password",
            least=MIN_PASSWORD,
        )


@dataclass(frozen=True, slots=True)
class LoggedIn:
    operator: Operator
    must_change: bool  # an administrator set this password: the operator chooses their own first


def login_hash(store: Store, name: str) -> str | None:
    """The hash a login's password is checked against: none for a name that does not exist or
    is disabled (the check is then made against a dummy, ``backend.passwords``)."""
    name = login_name(name)
    row = store.execute(
        "SELECT password_hash, disabled_at FROM operator WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None or row["disabled_at"] else str(row["password_hash"])


def settle_login(
    store: Store, name: str, address: str, checked: str | None, verdict: Verdict, now: datetime
) -> LoggedIn:
    """The login's outcome, once its password was checked against ``checked`` (off the
    tote's thread): the operator, or ``Unauthorized`` saying "wrong name or password" and
    nothing more — the same words whether the name exists or not, the password was wrong, or
    this place must wait after its wrong ones (``backend.login_throttle``). Every attempt is
    journaled with its address; a failure's record is committed before it is refused."""
    name = login_name(name)
    with store.transaction():
        row = store.execute(
            "SELECT role, password_hash, disabled_at, must_change_password FROM operator"
            " WHERE name = ?" + store.update_lock,
            (name,),
        ).fetchone()
        waiting = throttle_of(store, name, address, lock=True).holds(now)
        known = row is not None and not row["disabled_at"]
        # a password changed since it was read was checked against the old one: refused
        if known and not waiting and verdict.matched and row["password_hash"] == checked:
            forget(store, name, address)
            if verdict.rehashed is not None:
                store.execute(
                    "UPDATE operator SET password_hash = ? WHERE name = ?", (verdict.rehashed, name)
                )
            journal.append(
                store, now.isoformat(), "operator.login", {"name": name, "address": address}
            )
            return LoggedIn(
                Operator(name, cast(Role, row["role"])), bool(row["must_change_password"])
            )
        after = record_failure(store, name, address, now)
        journal.append(
            store,
            now.isoformat(),
            "operator.login_failed",
            {"name": key(name), "address": address, "waiting": after.locked_until},
        )
    # after the commit: the failure is counted even though it is refused
    raise Unauthorized("wrong name or password", code="bad_login")


def log_in(store: Store, name: str, password: str, now: datetime, address: str = "") -> Operator:
    """``settle_login`` with the password checked here, on the caller's thread (the command
    line, the tests); the server checks it on its pool of password threads instead."""
    checked = login_hash(store, name)
    return settle_login(store, name, address, checked, verify(checked, password), now).operator


@dataclass(frozen=True, slots=True)
class Account:
    """An operator as the administrator's page lists them."""

    name: str
    role: Role
    created_at: str
    locked_until: str | None
    disabled: bool


def accounts(store: Store, now: datetime) -> list[Account]:
    """Every operator; ``locked_until``: the latest wait some place has for the name."""
    rows = store.execute(
        "SELECT name, role, created_at, disabled_at FROM operator ORDER BY name"
    ).fetchall()
    locked = locked_names(store, now)
    return [
        Account(
            r["name"],
            cast(Role, r["role"]),
            r["created_at"],
            locked.get(r["name"]),
            bool(r["disabled_at"]),
        )
        for r in rows
    ]


def change_account(store: Store, name: str, change: str, now: datetime, by: str) -> None:
    """``disable`` an operator (their sessions end with it), ``enable`` them again, or
    ``unlock`` a name some places must wait for after wrong passwords (every place's count
    starts again); journaled with the administrator's name. An
    administrator cannot disable themselves: someone must be left to undo it."""
    if change not in ("disable", "enable", "unlock"):
        raise InvalidRequest(f"{change!r} is not disable, enable or unlock")
    if change == "disable" and name == by:
        raise Conflict(f"{by} cannot disable their own account", code="own_account")
    with store.transaction():
        if (
            store.execute(
                "SELECT 1 FROM operator WHERE name = ?" + store.update_lock, (name,)
            ).fetchone()
            is None
        ):
            raise NotFound(f"there is no operator {name!r}", code="unknown_operator")
        if change == "disable":
            store.execute(
                "UPDATE operator SET disabled_at = ? WHERE name = ?", (now.isoformat(), name)
            )
        elif change == "enable":
            store.execute("UPDATE operator SET disabled_at = NULL WHERE name = ?", (name,))
        else:
            forget(store, name)
        kind = {
            "disable": "operator.disabled",
            "enable": "operator.enabled",
            "unlock": "operator.unlocked",
        }[change]
        journal.append(store, now.isoformat(), kind, {"name": name, "by": by})
