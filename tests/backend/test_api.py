"""The HTTP API through a real server on loopback, with httpx."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.connections import GuardedProtocol
from backend.programme import demo_programme
from backend.store import Store
from backend.tickets import is_valid_ticket_number
from tests.servers import running_server
from wire.signing import Signer, TerminalAuth

from .conftest import NOON, Clock, LiveServer


def bet(race_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "transaction_id": str(uuid.uuid4()),
        "race_id": race_id,
        "bet_type": "SIMPLE_GAGNANT",
        "runners": [3],
    }
    body.update(changes)
    return body


def assert_problem(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = answer.json()
    assert problem["code"] == code
    assert problem["status"] == status
    assert problem["detail"]
    return problem


def stored_bets(live_server: LiveServer) -> int:
    count = live_server.tote.call(lambda d: d.store.execute("SELECT COUNT(*) FROM bet").fetchone())
    return int(count.result(timeout=10)[0])


def test_health_and_openapi(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        assert client.get("/v1/health").json() == {"status": "ok"}
        spec = client.get("/openapi.json").json()
    assert {"/v1/bets", "/v1/bets/batch", "/v1/programme"} <= set(spec["paths"])
    assert "requestBody" in spec["paths"]["/v1/bets"]["post"]


def test_a_terminal_reads_the_programme_and_sells_a_bet(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        programme = terminal.get("/v1/programme", params={"day": "2026-11-21"}).json()
        first = programme["meetings"][0]["races"][0]
        assert (first["race_id"], first["status"]) == (open_race, "OPEN")
        race = terminal.get(f"/v1/races/{open_race}").json()
        assert len(race["runners"]) >= 8
        answer = terminal.post("/v1/bets", json=bet(open_race, multiplier=2))
    assert answer.status_code == 200, answer.text
    receipt = answer.json()
    assert receipt["cost"] == 300
    assert receipt["status"] == "ACCEPTED"
    assert is_valid_ticket_number(receipt["ticket_number"])


def test_a_retry_after_a_lost_response_returns_the_original_outcome(
    live_server: LiveServer, open_race: str
) -> None:
    body = bet(open_race, bet_type="TRIO", formula="combinee", runners=[1, 2, 3, 4])
    with live_server.terminal() as terminal:
        first = terminal.post("/v1/bets", json=body).json()  # as if this answer were lost
        again = terminal.post("/v1/bets", json=body)  # re-signed: new nonce, same transaction
        other = terminal.post("/v1/bets", json={**body, "runners": [1, 2, 5]})
    assert again.json() == first
    assert_problem(other, 409, "idempotency_conflict")
    assert stored_bets(live_server) == 1


def test_a_batch_gives_each_bet_its_outcome(live_server: LiveServer, open_race: str) -> None:
    bets = [bet(open_race), bet(open_race, runners=[99]), bet(open_race, bet_type="TRIO")]
    with live_server.terminal() as terminal:
        answer = terminal.post("/v1/bets/batch", json={"bets": bets})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["accepted"] for r in results] == [True, False, False]
    assert results[1]["problem"]["code"] == "unknown_runner"
    assert results[2]["problem"]["code"] == "wrong_runner_count"
    assert stored_bets(live_server) == 1


def test_no_bet_after_the_close_by_the_servers_clock(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        live_server.clock.advance(minutes=30)
        answer = terminal.post("/v1/bets", json=bet(open_race))
        assert_problem(answer, 409, "betting_closed")
        assert terminal.get(f"/v1/races/{open_race}").json()["status"] == "CLOSED"
    assert stored_bets(live_server) == 0


def test_concurrent_bets_share_commits_and_are_all_acknowledged(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal, ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda _: terminal.post("/v1/bets", json=bet(open_race)), range(64))
        )
    assert all(a.status_code == 200 for a in answers)
    assert len({a.json()["ticket_number"] for a in answers}) == 64
    assert stored_bets(live_server) == 64
    assert live_server.tote.bets_committed == 64  # (that commits are shared: test_tote.py)


# --- security -------------------------------------------------------------------------------


def test_unsigned_requests_are_refused(live_server: LiveServer, open_race: str) -> None:
    with httpx.Client(base_url=live_server.url) as anonymous:
        assert_problem(anonymous.post("/v1/bets", json=bet(open_race)), 401, "unsigned")
        assert_problem(anonymous.get("/v1/programme?day=2026-11-21"), 401, "unsigned")


def test_a_tampered_body_breaks_the_signature(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
    body = json.dumps(bet(open_race)).encode()
    headers = signer.headers("POST", "/v1/bets", body, live_server.clock())
    tampered = body.replace(b'"runners": [3]', b'"runners": [4]')
    with httpx.Client(base_url=live_server.url) as client:
        answer = client.post("/v1/bets", content=tampered, headers=headers)
    assert_problem(answer, 401, "bad_signature")
    assert stored_bets(live_server) == 0


def test_a_stale_timestamp_is_refused(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
    late = TerminalAuth(signer, lambda: live_server.clock() + timedelta(minutes=6))
    with httpx.Client(base_url=live_server.url, auth=late) as client:
        problem = assert_problem(
            client.post("/v1/bets", json=bet(open_race)), 401, "stale_timestamp"
        )
    assert "clock" in problem["detail"]


def test_a_replayed_request_is_refused(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
    body = json.dumps(bet(open_race)).encode()
    headers = signer.headers("POST", "/v1/bets", body, live_server.clock())
    with httpx.Client(base_url=live_server.url) as client:
        assert client.post("/v1/bets", content=body, headers=headers).status_code == 200
        assert_problem(
            client.post("/v1/bets", content=body, headers=headers), 401, "replayed_nonce"
        )


def test_an_unknown_terminal_or_a_wrong_secret_is_refused(
    live_server: LiveServer, open_race: str
) -> None:
    for signer in (Signer("T-unknown", b"x" * 32), Signer("T-unknown", b"")):
        auth = TerminalAuth(signer, live_server.clock)
        with httpx.Client(base_url=live_server.url, auth=auth) as client:
            assert_problem(client.post("/v1/bets", json=bet(open_race)), 401, "bad_signature")


def test_admin_endpoints_need_the_admin_token(live_server: LiveServer, open_race: str) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        url = f"/v1/admin/races/{open_race}/close"
        assert_problem(client.post(url), 401, "admin_required")
        wrong = {"Authorization": "Bearer not-the-token"}
        assert_problem(client.post(url, headers=wrong), 401, "admin_required")
    with live_server.terminal() as terminal:  # a terminal's signature is not an admin's token
        assert_problem(terminal.post(url), 401, "admin_required")


def test_a_secret_is_never_in_an_error_or_a_log(
    live_server: LiveServer, open_race: str, caplog: pytest.LogCaptureFixture
) -> None:
    with live_server.terminal() as terminal:
        secret = live_server.signer(terminal).secret.hex()
        bad = terminal.post("/v1/bets", content=b"{broken")
    assert secret not in bad.text
    assert secret not in caplog.text


# --- malformed bodies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"multiplier": False}, "multiplier"),
        ({"multiplier": "2"}, "multiplier"),
        ({"multiplier": 2.0}, "multiplier"),
        ({"runners": ["3"]}, "runners"),
        ({"transaction_id": "not-a-uuid"}, "transaction_id"),
        ({"stake": "1000"}, "stake"),
        ({"race_id": None}, "race_id"),
    ],
)
def test_malformed_bodies_are_refused_naming_the_field(
    live_server: LiveServer, open_race: str, changes: dict[str, Any], where: str
) -> None:
    with live_server.terminal() as terminal:
        answer = terminal.post("/v1/bets", json={**bet(open_race), **changes})
    problem = assert_problem(answer, 422, "invalid_request")
    assert where in problem["detail"]
    assert stored_bets(live_server) == 0


def test_a_body_that_is_not_json_is_refused(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        answer = terminal.post(
            "/v1/bets", content=b"{broken", headers={"content-type": "application/json"}
        )
    assert_problem(answer, 422, "invalid_request")


def test_an_unknown_race_is_404(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        assert_problem(terminal.get("/v1/races/2026-11-21/R9C9"), 404, "not_found")
        assert_problem(terminal.post("/v1/bets", json=bet("2026-11-21/R9C9")), 404, "not_found")


def test_the_journal_records_what_the_api_did(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        terminal.post("/v1/bets", json=bet(open_race)).raise_for_status()

    def kinds(desk: Any) -> list[str]:
        store: Store = desk.store
        return [r[0] for r in store.execute("SELECT kind FROM journal ORDER BY seq")]

    recorded = live_server.tote.call(kinds).result(timeout=10)
    assert recorded[-1] == "bets.accepted"
    assert "race.open" in recorded
    assert "terminal.created" in recorded


def test_a_nul_or_control_character_is_the_clients_mistake_on_both_stores(
    live_server: LiveServer, open_race: str
) -> None:
    """PostgreSQL stores no NUL in text: found by schemathesis as a 503 on PostgreSQL only."""
    with live_server.terminal() as terminal:
        sent = terminal.post("/v1/bets", json=bet("2026-11-21/R1\x00C1"))
        assert_problem(sent, 422, "invalid_request")
        assert_problem(terminal.get("/v1/races/2026-11-21/R1%00C1"), 422, "invalid_request")
        assert_problem(terminal.get("/v1/odds/2026-11-21/R1%0AC1"), 422, "invalid_request")
    data = demo_programme(date(2026, 11, 22), NOON + timedelta(days=1))
    data["meetings"][0]["races"][0]["runners"][0]["name"] = "Bold\x00Eagle"
    with live_server.admin() as admin:
        refused = admin.post("/v1/admin/programme", json=data)
    assert assert_problem(refused, 422, "invalid_request")["detail"] == (
        "meetings[1].races[1].runners[1].name: must not contain control characters"
    )


def test_a_database_file_deleted_under_the_server_stops_sales_saying_why(
    tmp_path: Path, clock: Clock
) -> None:
    """SQLite would go on writing into the unlinked file: bets acknowledged, then gone at the
    next restart (issue 16)."""
    database = tmp_path / "server.db"
    with running_server(str(database), clock) as server:
        data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
        with server.admin() as admin:
            admin.post("/v1/admin/programme", json=data).raise_for_status()
            admin.post("/v1/admin/races/2026-11-21/R1C1/open").raise_for_status()
        with server.terminal() as terminal:
            terminal.post("/v1/bets", json=bet("2026-11-21/R1C1")).raise_for_status()
            database.unlink()
            refused = terminal.post("/v1/bets", json=bet("2026-11-21/R1C1"))
    problem = assert_problem(refused, 503, "store_damaged")
    assert "was deleted or replaced while the server ran" in problem["detail"]
    assert problem["params"] == {"reason": "replaced"}


def _connect(server: LiveServer) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _closed(sock: socket.socket) -> bool:
    """True once the server closed it (bounded by the socket's timeout)."""
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True


def test_idle_and_slow_clients_are_closed_and_too_many_refused(
    tmp_path: Path, clock: Clock
) -> None:
    """A thousand connections that sent nothing, or headers a byte at a time, stopped every
    terminal's sales (issue 16). Limits made small here: 0.5 s for the headers, 6 open."""
    guarded = GuardedProtocol.configured(header_seconds=0.5, most=6)
    with running_server(str(tmp_path / "server.db"), clock, http=guarded) as server:
        idle = _connect(server)
        slow = _connect(server)
        slow.sendall(b"POST /v1/bets HTTP/1.1\r\nHost: x\r\n")  # and then nothing more
        started = time.monotonic()
        assert _closed(idle)
        assert _closed(slow)
        assert time.monotonic() - started < 5
        crowd = [_connect(server) for _ in range(6)]
        refused = _connect(server)
        answer = refused.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503 ")
        assert b'"code": "too_many_connections"' in answer
        for sock in (idle, slow, refused, *crowd):
            sock.close()
        deadline = time.monotonic() + 10
        while httpx.get(f"{server.url}/v1/health", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the crowd's connections were never released"
        huge = _connect(server)  # 64 KB of headers at most
        with contextlib.suppress(ConnectionError):  # closed while it still sends: as well
            huge.sendall(b"GET /v1/health HTTP/1.1\r\n" + b"X-Padding: " + b"a" * 70_000)
        assert _closed(huge)
        huge.close()


def test_a_big_body_is_refused_before_it_is_read(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
    host, port = live_server.url.removeprefix("http://").split(":")
    declared = 64 * 1024 * 1024
    for signed_headers in (False, True):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            head = f"POST /v1/bets HTTP/1.1\r\nHost: x\r\nContent-Length: {declared}\r\n"
            if signed_headers:
                for name, value in signer.headers(
                    "POST", "/v1/bets", b"", live_server.clock()
                ).items():
                    head += f"{name}: {value}\r\n"
            sock.sendall(head.encode() + b"\r\n" + b"{" * 1000)  # 1 KB of the 64 MB announced
            answer = sock.recv(65536).decode("latin-1")
        status = answer.split(" ", 2)[1]
        assert status == ("413" if signed_headers else "401"), answer[:300]
