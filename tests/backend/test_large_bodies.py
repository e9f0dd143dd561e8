"""A body sent in the same write as its headers (what clients do) is read as a body, however
large, not counted as headers (issue 26, item 9): a programme nested 100,000 deep, 200 KB,
had its connection reset, since one read of 256 KB took headers and body together and the
whole was held to the 64 KB that headers may take. Through the real server, as raw HTTP/1.1
written at once, as a client writes it."""

from __future__ import annotations

import contextlib
import json
import socket

from tests.servers import ADMIN_TOKEN, LiveServer


def exchange(server: LiveServer, head: str, body: bytes) -> tuple[int, bytes]:
    """One request written at once (headers and body), and the status and body answered."""
    host, port = server.url.removeprefix("http://").split(":")
    request = (
        f"{head}\r\nHost: x\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        with contextlib.suppress(ConnectionResetError):  # a reset: the answer is short
            while chunk := sock.recv(65536):
                answer += chunk
    assert answer, "the connection was closed without an answer"
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def test_a_programme_nested_100000_deep_is_refused_in_one_line(live_server: LiveServer) -> None:
    admin = (
        f"POST /v1/admin/programme HTTP/1.1\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\n"
        "Content-Type: application/json"
    )
    for nested in (
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": 1, "day": "2026-11-21", "meetings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ):
        status, body = exchange(live_server, admin, nested)
        problem = json.loads(body)
        assert (status, problem["code"]) == (422, "invalid_request"), body[:300]
        assert problem["detail"].startswith("the programme is not JSON (or is nested too deep)")
        assert "\n" not in problem["detail"]


def test_a_large_batch_of_bets_written_at_once_is_sold(
    live_server: LiveServer, open_race: str
) -> None:
    """500 bets, some 100 KB: what a terminal's queue sends after an outage."""
    bets = [
        {
            "transaction_id": f"00000000-0000-4000-8000-{n:012d}",
            "race_id": open_race,
            "bet_type": "SIMPLE_GAGNANT",
            "formula": "unitaire",
            "runners": [1 + n % 8],
            "multiplier": 1,
        }
        for n in range(500)
    ]
    body = json.dumps({"bets": bets}).encode()
    assert len(body) > 64 * 1024
    with live_server.terminal() as terminal:
        signed = live_server.signer(terminal).headers(
            "POST", "/v1/bets/batch", body, live_server.clock()
        )
    head = "POST /v1/bets/batch HTTP/1.1\r\nContent-Type: application/json\r\n" + "\r\n".join(
        f"{name}: {value}" for name, value in signed.items()
    )
    status, answer = exchange(live_server, head, body)
    assert status == 200, answer[:300]
    assert len(json.loads(answer)["results"]) == 500
