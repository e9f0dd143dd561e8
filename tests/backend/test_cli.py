"""``guichet-server`` commands through the installed entry point, on both stores (a SQLite
file, a PostgreSQL database: ``server_db``)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from backend.app import utc_now
from backend.store import open_store
from wire.signing import Signer, TerminalAuth

COMMAND = shutil.which("guichet-server", path=str(Path(sys.executable).parent))


def run(db: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert COMMAND is not None, "guichet-server is not installed (make test installs it)"
    return subprocess.run(
        [COMMAND, "--db", str(db), *args], capture_output=True, text=True, timeout=60, check=False
    )


def change(db: str, sql: str) -> None:
    """Tamper with the database behind the server's back."""
    store = open_store(db)
    store.execute(sql)
    store.close()


def test_demo_programme_terminal_and_journal(server_db: str) -> None:
    db = server_db
    done = run(db, "--create", "demo-programme")
    assert done.returncode == 0, done.stderr
    assert "24 races loaded" in done.stdout
    created = run(db, "create-terminal", "Tabac de la Gare")
    assert created.returncode == 0
    assert "shown this once" in created.stderr
    verdict = run(db, "verify-journal")
    # three meetings and one terminal
    assert (verdict.returncode, verdict.stdout.strip()) == (0, "journal intact: 4 records")

    anchor = run(db, "journal-head").stdout.strip()
    assert anchor.startswith("0.4:")  # each command wrote chain 0, one after the other
    assert run(db, "verify-journal", "--anchor", anchor).returncode == 0
    change(db, "DELETE FROM journal WHERE seq = 4")
    cut = run(db, "verify-journal", "--anchor", anchor)
    assert (cut.returncode, "the journal was cut" in cut.stdout) == (1, True)
    wrong = run(db, "verify-journal", "--anchor", "4:short")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().endswith("as journal-head prints it")

    change(db, """UPDATE journal SET payload = '{"meeting":"forged"}' WHERE seq = 2""")
    verdict = run(db, "verify-journal")
    assert verdict.returncode == 1
    assert "BROKEN at record 0.2: record 0.2 was altered" in verdict.stdout


def test_load_programme_refuses_a_malformed_file_and_says_why(
    tmp_path: Path, server_db: str
) -> None:
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps({"format": 1, "day": "2026-11-21", "meetings": []}))
    done = run(server_db, "--create", "load-programme", str(programme))
    assert done.returncode == 2
    assert "meetings: list should have at least 1 item" in done.stderr
    printed = run(tmp_path / "other.db", "demo-programme", "--print")
    programme.write_text(printed.stdout)
    loaded = run(server_db, "--create", "load-programme", str(programme))
    assert (loaded.returncode, loaded.stdout.strip()) == (0, "24 races loaded")


def test_serve_answers_a_terminal_registered_while_it_runs(server_db: str) -> None:
    db = server_db
    assert run(db, "--create", "demo-programme").returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "GUICHET_ADMIN_TOKEN": "cli-test-token"}
    assert COMMAND is not None
    server = subprocess.Popen(
        [COMMAND, "--db", str(db), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:  # bounded wait for the process to listen
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "guichet-server serve did not start in 30 s"
            time.sleep(0.05)
        created = run(db, "create-terminal", "Kiosque 12").stdout.split()
        signer = Signer(created[1], bytes.fromhex(created[3]))
        with httpx.Client(base_url=url, auth=TerminalAuth(signer, utc_now), timeout=10) as client:
            answer = client.get("/v1/programme", params={"day": utc_now().date().isoformat()})
        assert answer.status_code == 200, answer.text
        assert len(answer.json()["meetings"]) == 3
        race = answer.json()["meetings"][0]["races"][0]["race_id"]
        admin = {"Authorization": "Bearer cli-test-token"}
        httpx.post(f"{url}/v1/admin/races/{race}/open", headers=admin).raise_for_status()
        with httpx.Client(base_url=url, auth=TerminalAuth(signer, utc_now), timeout=10) as client:
            bet = {
                "transaction_id": "6f1c0e4e-8d43-4a57-9d0e-2b1f3c4d5e6f",
                "race_id": race,
                "bet_type": "SIMPLE_GAGNANT",
                "runners": [3],
                "multiplier": 2,
            }
            assert client.post("/v1/bets", json=bet).json()["status"] == "ACCEPTED"
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    figures = run(db, "report")
    assert figures.returncode == 0, figures.stderr
    row = next(line for line in figures.stdout.splitlines() if line.startswith("Kiosque 12"))
    assert row.split()[2:7] == ["1", "3.00", "0.00", "0.00", "3.00"]  # 2 × 1.50 €
    as_json = json.loads(run(db, "report", "--json").stdout)
    assert [t["sales"]["amount"] for t in as_json["terminals"]] == [300]
    assert run(db, "report", "--day", "yesterday").returncode == 2


def test_a_wrong_odds_threshold_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    given = run(db, "serve", "--odds-min-pool", "-3")
    assert given.returncode == 2
    assert "a whole number of euros from 0, not '-3'" in given.stderr
    assert "Traceback" not in given.stderr
    env = {**os.environ, "GUICHET_ODDS_MIN_POOL": "lots"}
    assert COMMAND is not None
    from_env = subprocess.run(
        [COMMAND, "--db", str(db), "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert from_env.returncode == 2
    assert from_env.stderr.strip().splitlines()[-1] == (
        "guichet-server: GUICHET_ODDS_MIN_POOL: a whole number of euros from 0, not 'lots'"
    )


def test_a_wrong_database_or_several_workers_on_sqlite_are_refused_in_one_line(
    tmp_path: Path,
) -> None:
    """``--db postgresql://…`` used to create a SQLite file named ``postgresql:``."""
    for url, why, status in (
        ("mysql://db/guichet", "argument --db: mysql:// is not a database this server can use", 2),
        ("postgresql://nobody@127.0.0.1:9/guichet", "cannot reach the database", 5),
    ):
        done = subprocess.run(
            [str(COMMAND), "--db", url, "verify-journal"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == status
        assert len(done.stderr.strip().splitlines()[-1]) < 400
        assert why in done.stderr
        assert "Traceback" not in done.stderr
        assert not any(tmp_path.iterdir()), "nothing is created"
    workers = run(tmp_path / "server.db", "serve", "--workers", "4")
    assert workers.returncode == 2
    assert "on SQLite the server runs 1 worker" in workers.stderr
    assert not (tmp_path / "server.db").exists()


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_no_command_makes_a_database_where_one_is_missing(tmp_path: Path) -> None:
    """A deleted database used to be replaced, silently, by an empty one with a new ticket
    key: every ticket sold became unpayable (issue 16)."""
    missing = tmp_path / "server.db"
    for command in (
        ("serve",),
        ("verify-journal",),
        ("journal-head",),
        ("report",),
        ("create-terminal", "Tabac"),
        ("demo-programme",),
    ):
        done = run(missing, *command)
        assert done.returncode == 3, (command, done.stderr)
        assert one_line(done) == (
            f"guichet-server: there is no database at {missing}: make one with "
            f"`guichet-server --db {missing} init`"
        )
        assert not missing.exists()
    made = run(missing, "init")
    assert (made.returncode, made.stdout.split(":")[0]) == (0, "database ready")
    assert run(missing, "verify-journal").returncode == 0
    assert run(missing, "init").returncode == 0  # again: nothing to do, nothing lost


def test_an_unusable_database_is_refused_before_listening(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database " * 500)
    folder = tmp_path / "folder.db"
    folder.mkdir()
    truncated = tmp_path / "truncated.db"
    assert run(truncated, "--create", "demo-programme").returncode == 0
    whole = truncated.read_bytes()
    truncated.write_bytes(whole[: len(whole) // 3])
    newer = tmp_path / "newer.db"
    assert run(newer, "init").returncode == 0
    change(str(newer), "INSERT INTO _migration VALUES ('9999_from_the_future', 'then')")
    for path, why in (
        (empty, "is empty (0 bytes), not a database"),
        (garbage, "is not a SQLite database"),
        (folder, "is a directory, not a database file"),
        (truncated, "is damaged"),
        (newer, "it was written by a newer Guichet"),
    ):
        done = run(path, "serve", "--port", "9")
        assert done.returncode == 4, (path, done.stderr)
        assert why in one_line(done)
        assert "listening" not in done.stderr
    assert empty.stat().st_size == 0  # left as it was found
