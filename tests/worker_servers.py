"""``guichet-server serve --workers N`` as a process of its own, for the tests that need the
real command: its workers are separate processes (killed, scraped, balanced by the kernel),
which the in-process servers of ``tests/servers.py`` cannot be."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

from backend.app import utc_now
from wire.signing import Signer

COMMAND = shutil.which("guichet-server", path=str(Path(sys.executable).parent))
WORKERS_TOKEN = "workers-test-token"
OPENING_LINES = 5  # what serve says on stderr before any worker says anything

T = TypeVar("T")


def until(what: Callable[[], T | None], seconds: float = 15) -> T:
    """``what()`` once it is truthy, polled; the test fails past ``seconds`` (a bound, not a
    timing: a slow machine only waits longer)."""
    deadline = time.monotonic() + seconds
    while not (found := what()):
        assert time.monotonic() < deadline, "not within the bound"
        time.sleep(0.05)
    return found


def command(database: str, *args: str) -> None:
    """Run ``guichet-server --db database args``; the test fails with its stderr if it fails."""
    assert COMMAND is not None, "guichet-server is not installed (make test installs it)"
    done = subprocess.run(
        [COMMAND, "--db", database, *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


@dataclass
class WorkerServer:
    """A running ``serve --workers N``, healthy, its admin client open."""

    database: str
    url: str
    process: subprocess.Popen[str]
    opening: list[str]  # its first lines on stderr, before any worker's
    admin: httpx.Client

    def stop(self) -> None:
        """SIGINT, as an operator's Ctrl-C, and wait for serve to clean up; once is enough."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            self.process.communicate(timeout=30)


@contextmanager
def serving_workers(database: str, workers: int = 2) -> Iterator[WorkerServer]:
    """``serve --workers`` on ``database`` (its schema made) and a free loopback port, until
    the block ends; the block starts once a worker answers ``/v1/health``."""
    assert COMMAND is not None, "guichet-server is not installed (make test installs it)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [COMMAND, "--db", database, "serve", "--workers", str(workers), "--port", str(port)],
        env={**os.environ, "GUICHET_ADMIN_TOKEN": WORKERS_TOKEN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    url = f"http://127.0.0.1:{port}"
    admin = httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {WORKERS_TOKEN}"}, timeout=10
    )
    server = WorkerServer(database, url, process, [], admin)
    try:
        server.opening = [process.stderr.readline() for _ in range(OPENING_LINES)]

        def healthy() -> bool:
            assert process.poll() is None, "".join(server.opening) + process.communicate()[1]
            try:
                return admin.get("/v1/health").status_code == 200
            except httpx.TransportError:
                return False

        until(healthy, 60)
        yield server
    finally:
        admin.close()
        server.stop()


@dataclass
class SellingServer:
    """A ``serve --workers`` selling today: one terminal registered, one race open."""

    server: WorkerServer
    signer: Signer  # the terminal's
    race: str


@contextmanager
def selling_today(database: str, workers: int = 2) -> Iterator[SellingServer]:
    """The demo programme loaded into a new ``database`` for today, ``serve --workers`` on it,
    terminal "Kiosque 3" registered and today's R1C1 open (today by the real clock: the
    server's own process is beyond a test's clock)."""
    command(database, "--create", "demo-programme")
    with serving_workers(database, workers) as server:
        created = server.admin.post("/v1/admin/terminals", json={"name": "Kiosque 3"}).json()
        signer = Signer(created["terminal_id"], bytes.fromhex(created["secret"]))
        race = f"{utc_now().date().isoformat()}/R1C1"
        server.admin.post(f"/v1/admin/races/{race}/open").raise_for_status()
        yield SellingServer(server, signer, race)
