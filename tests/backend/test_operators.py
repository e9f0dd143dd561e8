"""Console operators on both stores: roles, argon2id passwords, the lock after five wrong ones."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from backend.errors import Conflict, InvalidRequest, Unauthorized
from backend.operators import create_operator, log_in
from backend.store import Store

from .conftest import NOON
from .test_cli import run

PASSWORD = "correct horse battery staple"


def kinds(conn: Store) -> list[str]:
    return [r[0] for r in conn.execute("SELECT kind FROM journal ORDER BY chain, seq")]


def test_an_operator_logs_in_with_the_role_given(fresh_db: Store) -> None:
    create_operator(fresh_db, "Claire", "race-office", PASSWORD, NOON)
    claire = log_in(fresh_db, "Claire", PASSWORD, NOON)
    assert (claire.role, claire.may("race"), claire.may("fleet")) == ("race-office", True, False)
    stored = fresh_db.execute("SELECT password_hash FROM operator").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert kinds(fresh_db)[-2:] == ["operator.created", "operator.login"]


def test_five_wrong_passwords_lock_the_name_for_a_quarter_of_an_hour(fresh_db: Store) -> None:
    create_operator(fresh_db, "Paul", "supervisor", PASSWORD, NOON)
    for _ in range(5):
        with pytest.raises(Unauthorized, match="wrong name or password"):
            log_in(fresh_db, "Paul", "guess", NOON)
    with pytest.raises(Unauthorized, match="locked until 12:15 UTC") as locked:
        log_in(fresh_db, "Paul", PASSWORD, NOON + timedelta(minutes=14))
    assert locked.value.code == "login_locked"
    assert log_in(fresh_db, "Paul", PASSWORD, NOON + timedelta(minutes=15)).name == "Paul"
    assert kinds(fresh_db).count("operator.login_failed") == 5


def test_an_unknown_name_is_told_no_more_than_a_wrong_password(fresh_db: Store) -> None:
    with pytest.raises(Unauthorized, match=r"^wrong name or password$"):
        log_in(fresh_db, "Nobody", PASSWORD, NOON)


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
    made = run(server_db, "--create", "create-operator", "Claire", "--role", "race-office",
               "--password-file", str(secret))  # fmt: skip
    assert (made.returncode, made.stdout.strip()) == (0, "operator Claire (race-office) registered")
    asked = run(server_db, "create-operator", "Paul", "--role", "supervisor")
    assert asked.returncode == 2  # no terminal to ask on (the test's stdin is not one)
    assert "give --password-file" in asked.stderr
