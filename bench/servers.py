"""The processes the server benchmark measures: ``guichet-server serve`` on a fresh database,
and the yardstick, a bare FastAPI endpoint (``bench/bare_app.py``) under the same uvicorn.
Each runs in a process of its own, never in the load generator's."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ADMIN = "bench-admin-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path | str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    command = Path(sys.executable).parent / "guichet-server"
    env = {**os.environ, "GUICHET_ADMIN_TOKEN": ADMIN}
    return subprocess.Popen(
        [
            str(command),
            "--db",
            str(db),
            "--create",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=url) as client:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError("guichet-server exited while starting")
            try:
                if (await client.get("/v1/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("guichet-server did not start in 30 s")


def start_bare(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_bare(port: int) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("the bare FastAPI endpoint did not start in 30 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """As an operator stops it (SIGINT: a graceful stop), waiting for it to be gone."""
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)


@contextmanager
def serving(db: Path | str, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A server on ``db``, answering: its URL and process, stopped on the way out."""
    port = free_port()
    server = start_server(db, port, workers)
    try:
        url = f"http://127.0.0.1:{port}"
        asyncio.run(wait_ready(url, server))
        yield url, server
    finally:
        stop(server)
