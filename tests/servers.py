"""The central server on loopback, for every package's tests (registered in tests/conftest.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from fastapi import FastAPI

from backend.connections import GuardedProtocol
from backend.programme import demo_programme
from backend.tote import Tote
from scripts.loopback import Clock, serving
from wire.signing import Signer, TerminalAuth

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


ADMIN_TOKEN = "admin-token-for-tests"


@dataclass
class LiveServer:
    """A real server on loopback, its clock in the test's hands."""

    url: str
    clock: Clock
    app: FastAPI

    def admin(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10
        )

    def terminal(self, name: str = "Bar du Cheval Blanc") -> httpx.Client:
        with self.admin() as admin:
            answer = admin.post("/v1/admin/terminals", json={"name": name})
            answer.raise_for_status()
            body = answer.json()
        signer = Signer(body["terminal_id"], bytes.fromhex(body["secret"]))
        return httpx.Client(base_url=self.url, auth=TerminalAuth(signer, self.clock), timeout=10)

    def signer(self, client: httpx.Client) -> Signer:
        auth = client.auth
        assert isinstance(auth, TerminalAuth)
        return auth.signer

    @property
    def tote(self) -> Tote:
        context = self.app.state.context
        assert isinstance(context.tote, Tote)
        return context.tote


@pytest.fixture
def server_db(tmp_path: Path) -> str:
    """The live server's database: a SQLite file (the backend's tests also run PostgreSQL:
    ``tests/backend/conftest.py``)."""
    return str(tmp_path / "server.db")


@contextmanager
def running_server(
    database: str, clock: Clock, http: type[GuardedProtocol] = GuardedProtocol
) -> Iterator[LiveServer]:
    """A server on loopback until the block ends (a worker: several may share a PostgreSQL
    database, each with its own tote, nonces and live feed), with the protocol ``serve``
    uses (``http``: its limits)."""
    with serving(database, clock, ADMIN_TOKEN, http) as served:
        yield LiveServer(served.url, clock, served.app)


@pytest.fixture
def live_server(server_db: str, clock: Clock) -> Iterator[LiveServer]:
    with running_server(server_db, clock) as server:
        yield server


@pytest.fixture
def open_race(live_server: LiveServer) -> str:
    """The demo day loaded on the live server, R1C1 open (post time in 30 minutes)."""
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    with live_server.admin() as admin:
        admin.post("/v1/admin/programme", json=data).raise_for_status()
        admin.post("/v1/admin/races/2026-11-21/R1C1/open").raise_for_status()
    return "2026-11-21/R1C1"


@dataclass
class KeepAliveRace:
    """What ``racing_keep_alive``'s server does, switched by the test: ``closing`` — close an
    idle kept-alive connection when the next request arrives on it, unread; ``gone`` — close
    each new connection at once, unread, as a server that went away. ``closed`` and
    ``refused`` count each."""

    closing: bool = False
    gone: bool = False
    closed: int = 0
    refused: int = 0


def racing_keep_alive(race: KeepAliveRace) -> type[GuardedProtocol]:
    """The server's protocol, losing the keep-alive race at will: uvicorn closes a connection
    idle for ``timeout_keep_alive`` (5 s); a client that found it open a moment before sends
    its request into the close and reads "Server disconnected without sending a response".
    When ``race.closing``, that timeout fires exactly as the request arrives — every time,
    not once in a thousand runs."""

    class Racing(GuardedProtocol):
        _open: ClassVar[Counter[str]] = Counter()

        # uvicorn's protocols take a Transport, not asyncio's BaseTransport (uvicorn ignores it too)
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if race.gone and not transport.is_closing():
                race.refused += 1
                transport.close()

        def data_received(self, data: bytes) -> None:
            if race.closing and self.timeout_keep_alive_task is not None:  # idle, kept alive
                race.closed += 1
                self.timeout_keep_alive_task.cancel()
                self.timeout_keep_alive_task = None
                self.timeout_keep_alive_handler()  # uvicorn's own close of an idle connection
                return
            super().data_received(data)

    return Racing
