"""The central server in this process, on a loopback port, its clock in the caller's hands:
for the tests (``tests/servers.py``) and for the console's screenshots, which stage a race
day minute by minute."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import uvicorn
from fastapi import FastAPI

from backend.app import ServerSettings, create_app
from backend.connections import GuardedProtocol
from backend.tote import Tote


class Clock:
    """The server's clock, moved by its caller."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Served:
    url: str
    clock: Clock
    app: FastAPI

    @property
    def tote(self) -> Tote:
        context = self.app.state.context
        assert isinstance(context.tote, Tote)
        return context.tote


@contextmanager
def serving(
    database: str, clock: Clock, admin_token: str, http: type[GuardedProtocol] = GuardedProtocol
) -> Iterator[Served]:
    """A server on loopback until the block ends, with the protocol ``serve`` uses (``http``:
    its limits); the database is made if there is none."""
    app = create_app(ServerSettings(database, admin_token, clock, create=True))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=5,
        http=http,
        proxy_headers=False,  # as guichet-server serve: the application reads them
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:  # uvicorn offers no start callback; bounded wait
        if not thread.is_alive():
            raise RuntimeError("the server thread died while starting")
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start within 15 s")
        time.sleep(0.01)
    try:
        yield Served(f"http://127.0.0.1:{port}", clock, app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
