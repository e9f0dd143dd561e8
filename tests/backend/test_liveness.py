"""``guichet-server serve`` under systemd's notify protocol: READY=1 once it answers, then
WATCHDOG=1 while its event loop and its tote both work, STOPPING=1 on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from scripts.stage import free_port, until_ready

COMMAND = shutil.which("guichet-server", path=str(Path(sys.executable).parent))


def test_the_server_says_it_is_ready_then_feeds_the_watchdog(tmp_path: Path) -> None:
    assert COMMAND is not None
    port = free_port()
    notify = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(notify))
        env = {
            **os.environ,
            "NOTIFY_SOCKET": str(notify),
            "WATCHDOG_USEC": "1000000",
            "GUICHET_ADMIN_TOKEN": "liveness-token",
        }
        server = subprocess.Popen(
            [COMMAND, "--db", str(tmp_path / "s.db"), "--create", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            until_ready(listener, 30)
            # ready means answering: no waiting, no retry
            assert httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=5).status_code == 200
            listener.settimeout(5)
            beats = [listener.recv(4096) for _ in range(2)]  # one every half second
            assert beats == [b"WATCHDOG=1", b"WATCHDOG=1"]
            server.send_signal(signal.SIGTERM)
            while (said := listener.recv(4096)) == b"WATCHDOG=1":
                pass
            assert said == b"STOPPING=1"
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
