"""``guichet-server serve`` raises its soft limit on open files to the hard one before it
listens, and says so; where it cannot go high enough it says that too (issue 26, item 9: at
1,024 open files half of the sales failed while connections were held). The real command,
started with a low soft limit as a login shell or a container gives it."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

LOW = 256
COMMAND = shutil.which("guichet-server", path=str(Path(sys.executable).parent))


def limits_of(pid: int) -> tuple[int, int]:
    """The soft and hard limits on open files of a running process, as the kernel holds them."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            soft, hard = line.split()[3:5]
            return int(soft), int(hard)
    raise AssertionError(f"no open files limit for process {pid}")


@contextmanager
def serving(
    tmp_path: Path, soft: int, hard: str, *args: str
) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    """The real server, started with these limits on open files (set in the child, which then
    becomes the server: same process), until it listens; stopped by SIGINT at the end, what it
    wrote to stderr then in the list."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert COMMAND is not None
    command = [
        COMMAND,
        "--db",
        str(tmp_path / "server.db"),
        "--create",
        "serve",
        "--port",
        str(port),
        *args,
    ]
    limited = (
        "import os, resource, sys; hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1];"
        f" resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}));"
        " os.execv(sys.argv[1], sys.argv[1:])"
    )
    env = {**os.environ, "GUICHET_ADMIN_TOKEN": "open-files-token"}
    server = subprocess.Popen(
        [sys.executable, "-c", limited, *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    said: list[str] = []  # the server's standard error, once it stopped
    try:
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
        yield server, url, said
    finally:
        server.send_signal(signal.SIGINT)
        said.append(server.communicate(timeout=30)[1])


def test_the_server_raises_its_soft_limit_to_the_hard_one(tmp_path: Path) -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard < 4 * LOW or hard == resource.RLIM_INFINITY:
        pytest.skip(f"this machine's hard limit on open files ({hard}) leaves nothing to raise")
    with serving(tmp_path, LOW, "hard", "--max-connections", "1000") as (server, url, said):
        assert limits_of(server.pid) == (hard, hard)
        with ExitStack() as held:  # more connections held than the soft limit it started with
            host, port = url.removeprefix("http://").split(":")
            for _ in range(2 * LOW):
                held.enter_context(socket.create_connection((host, int(port)), timeout=10))
            assert httpx.get(f"{url}/v1/health", timeout=10).status_code == 200
    assert (
        f"guichet-server: open files limit raised from {LOW} to {hard} (the hard limit)" in said[0]
    )


def test_the_server_says_when_its_limit_cannot_hold_its_connections(tmp_path: Path) -> None:
    with serving(tmp_path, LOW, str(LOW)) as (server, _, said):
        assert limits_of(server.pid) == (LOW, LOW)
    assert (
        f"guichet-server: at most {LOW} open files: fewer than --max-connections 8000 needs;"
        " raise the hard limit (LimitNOFILE= in the unit) or lower --max-connections"
    ) in said[0]
