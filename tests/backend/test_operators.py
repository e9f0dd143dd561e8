"""Console operators on both stores: roles, argon2id passwords, the waits after wrong ones
(per name and address), passwords changed and reset."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from backend.errors import Conflict, InvalidRequest, NotFound, Unauthorized
from backend.login_throttle import FIRST_WAIT, FREE, throttle_of
from backend.operator_passwords import (
    change_password,
    check_new_password,
    password_hash,
    reset_password,
)
from backend.operators import accounts, change_account, create_operator, log_in
from backend.passwords import hash_password, one_time_password, verify
from backend.sessions import open_session, session_of
from backend.store import Store, open_store, postgresql, sqlite
from backend.store.migrations import MIGRATIONS

from .conftest import NOON
from .test_cli import run

PASSWORD = "correct horse battery staple"
NEW = "a new passphrase for paul"
DESK, OUTSIDE = "192.0.2.10", "203.0.113.66"  # the race office's address, an outsider's


def kinds(store: Store) -> list[str]:
    return [r[0] for r in store.execute("SELECT kind FROM journal ORDER BY chain, seq")]


def test_an_operator_logs_in_with_the_role_given(fresh_db: Store) -> None:
    create_operator(fresh_db, "Claire", "race-office", PASSWORD, NOON)
    claire = log_in(fresh_db, "Claire", PASSWORD, NOON)
    assert (claire.role, claire.may("race"), claire.may("fleet")) == ("race-office", True, False)
    stored = fresh_db.execute("SELECT password_hash FROM operator").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert kinds(fresh_db)[-2:] == ["operator.created", "operator.login"]


def test_wrong_passwords_make_their_place_wait_longer_each_time(fresh_db: Store) -> None:
    """Two typing mistakes are free; from the third wrong password in a row, each makes that
    place (the name from that address) wait before its next try is even checked: 15 s, doubled
    each time, a quarter of an hour at most. While it waits, even the right password gets the
    same words."""
    create_operator(fresh_db, "Paul", "supervisor", PASSWORD, NOON)
    moment = NOON
    waits = []
    for _ in range(FREE + 7):
        with pytest.raises(Unauthorized, match=r"^wrong name or password$"):
            log_in(fresh_db, "Paul", "guess", moment, DESK)
        throttle = throttle_of(fresh_db, "Paul", DESK)
        waits.append(
            None
            if throttle.locked_until is None
            else datetime.fromisoformat(throttle.locked_until) - moment
        )
        assert throttle.holds(moment) == (throttle.locked_until is not None)
        if throttle.locked_until is not None:
            until = datetime.fromisoformat(throttle.locked_until)  # moment + waits[-1]
            almost = until - timedelta(seconds=1)
            with pytest.raises(Unauthorized, match=r"^wrong name or password$"):
                log_in(fresh_db, "Paul", PASSWORD, almost, DESK)
            moment = until
    minute = timedelta(minutes=1)
    assert waits == [
        None,
        None,
        timedelta(seconds=15),
        timedelta(seconds=30),
        minute,
        2 * minute,
        4 * minute,
        8 * minute,
        15 * minute,
        15 * minute,
    ]
    assert log_in(fresh_db, "Paul", PASSWORD, moment, DESK).name == "Paul"
    assert throttle_of(fresh_db, "Paul", DESK).failures == 0  # a success forgets the count
    tried = len(waits) + sum(wait is not None for wait in waits)
    assert kinds(fresh_db).count("operator.login_failed") == tried  # every try recorded


def test_guesses_from_elsewhere_leave_the_operator_and_their_session_alone(
    fresh_db: Store,
) -> None:
    paul = create_operator(fresh_db, "Paul", "race-office", PASSWORD, NOON)
    token = open_session(fresh_db, paul, NOON)
    for _ in range(30):
        with pytest.raises(Unauthorized):
            log_in(fresh_db, "Paul", "guess", NOON, OUTSIDE)
    assert throttle_of(fresh_db, "Paul", OUTSIDE).holds(NOON)
    assert session_of(fresh_db, token, NOON) is not None  # still at work
    assert log_in(fresh_db, "Paul", PASSWORD, NOON, DESK).name == "Paul"  # from their desk
    with pytest.raises(Unauthorized):  # the outsider's place still waits, even with it
        log_in(fresh_db, "Paul", PASSWORD, NOON, OUTSIDE)
    waiting = [a.locked_until for a in accounts(fresh_db, NOON)]
    assert waiting == [(NOON + FIRST_WAIT).isoformat()]  # the administrator sees it, may unlock
    change_account(fresh_db, "Paul", "unlock", NOON, "Ada")
    assert log_in(fresh_db, "Paul", PASSWORD, NOON, OUTSIDE).name == "Paul"


def test_an_unknown_name_is_answered_and_counted_as_a_real_one(fresh_db: Store) -> None:
    """The same words, the same records, the same waits: nothing tells a name that exists
    from one that does not, nor a name whose place waits from either."""
    create_operator(fresh_db, "Paul", "race-office", PASSWORD, NOON)
    create_operator(fresh_db, "Lena", "race-office", PASSWORD, NOON)
    change_account(fresh_db, "Lena", "disable", NOON, "Ada")
    answers: dict[str, list[str]] = {}
    for name in ("Paul", "Nobody", "Lena"):
        for _ in range(FREE + 2):
            with pytest.raises(Unauthorized) as refused:
                log_in(fresh_db, name, "guess", NOON, OUTSIDE)
            answers.setdefault(name, []).append(f"{refused.value.code} {refused.value.detail}")
    assert answers["Paul"] == answers["Nobody"] == answers["Lena"]
    assert set(answers["Paul"]) == {"bad_login wrong name or password"}
    rows = fresh_db.execute(
        "SELECT name, failures, locked_until FROM login_throttle ORDER BY name"
    ).fetchall()
    assert [tuple(r)[1:] for r in rows] == [tuple(rows[0])[1:]] * 3


@pytest.mark.parametrize(
    ("name", "role", "password", "refused"),
    [
        ("Claire", "steward", PASSWORD, "the role is one of race-office, supervisor, admin"),
        ("Claire", "admin", "short", "at least 12 characters"),
        (" Claire", "admin", PASSWORD, "no edge spaces"),
        ("Cl\x00aire", "admin", PASSWORD, "printable"),
    ],
)
def test_a_bad_operator_is_refused_in_one_line(
    fresh_db: Store, name: str, role: str, password: str, refused: str
) -> None:
    with pytest.raises(InvalidRequest, match=refused):
        create_operator(fresh_db, name, role, password, NOON)


def test_a_name_is_taken_once(fresh_db: Store) -> None:
    create_operator(fresh_db, "Claire", "admin", PASSWORD, NOON)
    with pytest.raises(Conflict, match="already an operator 'Claire'"):
        create_operator(fresh_db, "Claire", "supervisor", PASSWORD, NOON)


def test_the_command_takes_the_password_from_a_file_never_an_argument(
    server_db: str, tmp_path: Path
) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    made = run(
        server_db,
        "--create",
        "create-operator",
        "Claire",
        "--role",
        "race-office",
        "--password-file",
        str(secret),
    )
    assert (made.returncode, made.stdout.strip()) == (0, "operator Claire (race-office) registered")
    asked = run(server_db, "create-operator", "Paul", "--role", "supervisor")
    assert asked.returncode == 2  # no terminal to ask on (the test's stdin is not one)
    assert "give --password-file" in asked.stderr


def test_an_operator_changes_their_password_with_the_current_one(fresh_db: Store) -> None:
    paul = create_operator(fresh_db, "Paul", "race-office", PASSWORD, NOON)
    here, elsewhere = open_session(fresh_db, paul, NOON), open_session(fresh_db, paul, NOON)
    checked = password_hash(fresh_db, "Paul")
    with pytest.raises(Unauthorized, match="the current password is wrong"):
        change_password(
            fresh_db,
            "Paul",
            DESK,
            checked,
            verify(checked, "a guess"),
            hash_password(NEW),
            NOON,
            here,
        )
    assert log_in(fresh_db, "Paul", PASSWORD, NOON, DESK).name == "Paul"  # nothing changed
    change_password(
        fresh_db, "Paul", DESK, checked, verify(checked, PASSWORD), hash_password(NEW), NOON, here
    )
    assert session_of(fresh_db, here, NOON) is not None
    assert session_of(fresh_db, elsewhere, NOON) is None  # their other sessions end
    assert log_in(fresh_db, "Paul", NEW, NOON, DESK).name == "Paul"
    with pytest.raises(Unauthorized):
        log_in(fresh_db, "Paul", PASSWORD, NOON, DESK)
    assert NEW not in str(fresh_db.execute("SELECT * FROM journal").fetchall())
    assert kinds(fresh_db).count("operator.password_change_failed") == 1
    assert kinds(fresh_db).count("operator.password_changed") == 1


@pytest.mark.parametrize(
    ("new", "again", "refused"),
    [
        (NEW, NEW + "!", "the two passwords differ"),
        ("short", "short", "at least 12 characters"),
        (PASSWORD, PASSWORD, "the new password is the current one"),
    ],
)
def test_a_new_password_that_will_not_do_is_refused_in_one_line(
    new: str, again: str, refused: str
) -> None:
    with pytest.raises(InvalidRequest, match=refused):
        check_new_password(new, again, PASSWORD)


def test_a_reset_password_ends_the_sessions_and_must_be_changed(fresh_db: Store) -> None:
    paul = create_operator(fresh_db, "Paul", "race-office", PASSWORD, NOON)
    token = open_session(fresh_db, paul, NOON)
    for _ in range(FREE + 1):
        with pytest.raises(Unauthorized):
            log_in(fresh_db, "Paul", "guess", NOON, DESK)
    with pytest.raises(Conflict, match="own password"):
        reset_password(fresh_db, "Ada", hash_password(NEW), NOON, "Ada")
    with pytest.raises(NotFound):
        reset_password(fresh_db, "Nobody", hash_password(NEW), NOON, "Ada")
    once = one_time_password()
    assert re.fullmatch(r"([a-z2-9]{4}-){3}[a-z2-9]{4}", once)
    reset_password(fresh_db, "Paul", hash_password(once), NOON, "Ada")
    assert session_of(fresh_db, token, NOON) is None
    token = open_session(fresh_db, log_in(fresh_db, "Paul", once, NOON, DESK), NOON)  # no wait
    session = session_of(fresh_db, token, NOON)
    assert session is not None
    assert session.must_change
    checked = password_hash(fresh_db, "Paul")
    change_password(
        fresh_db, "Paul", DESK, checked, verify(checked, once), hash_password(NEW), NOON, token
    )
    session = session_of(fresh_db, token, NOON)
    assert session is not None
    assert not session.must_change
    assert once not in str(fresh_db.execute("SELECT * FROM journal").fetchall())
    assert kinds(fresh_db).count("operator.password_reset") == 1


def test_the_migration_forgets_the_old_locks_per_name(
    server_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database of the version before: its per-name lock goes with its columns."""
    before = MIGRATIONS[: [name for name, _ in MIGRATIONS].index("0014_login_throttle")]
    for kind in (sqlite, postgresql):
        monkeypatch.setattr(kind, "MIGRATIONS", before)
    old = open_store(server_db, create=True)
    old.execute(
        "INSERT INTO operator (name, role, password_hash, created_at, failures, locked_until)"
        " VALUES ('Paul', 'race-office', ?, ?, 0, ?)",
        (hash_password(PASSWORD), NOON.isoformat(), (NOON + timedelta(hours=1)).isoformat()),
    )
    old.close()
    monkeypatch.undo()
    store = open_store(server_db)
    assert log_in(store, "Paul", PASSWORD, NOON, DESK).name == "Paul"
    columns = store.execute("SELECT * FROM operator").fetchone().keys()
    assert "locked_until" not in columns
    assert "must_change_password" in columns
    store.close()
