"""Every answer carries the security headers (issue 26, item 8): the API's, the console's
pages, its static files, the docs, and every error — 401, 404 (the console's too), 405, 422,
413, the protocol's own 400 and 503 — none may be framed by another site. Through the real
server on loopback, by HTTP and, for what only a browser does, in Chromium
(``tests/backend/console/test_frames_and_docs.py``)."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from backend.connections import GuardedProtocol
from scripts.loopback import Clock
from tests.servers import ADMIN_TOKEN, LiveServer, running_server

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
ANSWERS = [  # method, path, headers, the status it answers
    ("GET", "/v1/health", {}, 200),
    ("GET", "/openapi.json", {}, 200),
    ("GET", "/console/login", {}, 200),
    ("GET", "/console/races", {}, 303),
    ("GET", "/console/static/console.css", {}, 200),
    ("GET", "/console/nope", {}, 404),
    ("GET", "/nope", {}, 404),
    ("GET", "/redoc", {}, 404),
    ("POST", "/v1/health", {}, 405),
    ("GET", "/v1/programme?day=2026-11-21", {}, 401),
    ("GET", "/v1/admin/programme?day=someday", ADMIN, 422),
    ("POST", "/v1/admin/programme", {**ADMIN, "content-length": str(17 * 2**20)}, 413),
]


@pytest.fixture
def server_db(tmp_path: Path) -> str:
    """SQLite: the headers are the protocol's, whatever the store."""
    return str(tmp_path / "server.db")


def raw(server: LiveServer, request: bytes) -> tuple[int, dict[str, list[str]]]:
    """A request as bytes, written at once; the status and the headers (by lower-case name)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(65536)):
            answer += chunk
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(head[0].split()[1]), headers


def assert_secured(headers: dict[str, list[str]], where: str) -> None:
    assert headers.get("x-frame-options") == ["DENY"], where
    policies = headers.get("content-security-policy", [])
    assert len(policies) == 1, (where, policies)
    assert "frame-ancestors 'none'" in policies[0], where
    assert "base-uri 'none'" in policies[0], where
    assert headers.get("x-content-type-options") == ["nosniff"], where
    assert headers.get("referrer-policy") == ["same-origin"], where


def test_every_answer_carries_the_security_headers(live_server: LiveServer) -> None:
    for method, path, extra, status in ANSWERS:
        head = "".join(f"{name}: {value}\r\n" for name, value in extra.items())
        request = f"{method} {path} HTTP/1.1\r\nHost: x\r\n{head}Connection: close\r\n\r\n"
        if method == "POST" and "content-length" not in extra:
            request = request.replace("Connection:", "Content-Length: 0\r\nConnection:")
        got, headers = raw(live_server, request.encode())
        assert got == status, f"{method} {path}: {got}"
        assert_secured(headers, f"{method} {path}")
    got, headers = raw(live_server, b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
    assert got == 400
    assert_secured(headers, "a request that cannot be parsed")


def test_the_docs_policy_allows_their_own_sources_and_no_frame(live_server: LiveServer) -> None:
    docs = httpx.get(f"{live_server.url}/docs", timeout=10)
    assert docs.status_code == 200
    policy = docs.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' https://cdn.jsdelivr.net 'sha256-" in policy
    assert "swagger-ui-bundle.js" in docs.text
    elsewhere = httpx.get(f"{live_server.url}/console/login", timeout=10)
    assert "cdn.jsdelivr.net" not in elsewhere.headers["content-security-policy"]
    assert elsewhere.headers["cache-control"] == "no-store"  # a console page, never stale


def test_the_protocols_own_refusal_carries_them(tmp_path: Path, clock: Clock) -> None:
    full = GuardedProtocol.configured(most=0)  # every connection is one too many
    with running_server(str(tmp_path / "full.db"), clock, http=full) as server:
        got, headers = raw(server, b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert got == 503
    assert_secured(headers, "503 too many connections")
