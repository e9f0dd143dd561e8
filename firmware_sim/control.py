"""The simulator's control interface: one JSON object a line, over TCP on loopback.

Each request line gets one reply line: the command's result with ``"ok": true``, or
``{"ok": false, "error": "..."}`` saying what was wrong. Loopback only: it can fault devices.
"""

from __future__ import annotations

import json
import socket
import socketserver
import threading
from typing import Any

from firmware_sim.rig import CommandError, Rig


class _Handler(socketserver.StreamRequestHandler):
    rig: Rig

    def handle(self) -> None:
        for raw in self.rfile:
            self.wfile.write(json.dumps(answer(self.rig, raw)).encode() + b"\n")


def answer(rig: Rig, raw: bytes) -> dict[str, Any]:
    try:
        request = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return {"ok": False, "error": f"not JSON: {exc!s}"}
    if not isinstance(request, dict):
        return {"ok": False, "error": "a command is a JSON object with a 'cmd' key"}
    try:
        return rig.command(request)
    except CommandError as exc:
        return {"ok": False, "error": str(exc)}


class ControlServer:
    def __init__(self, rig: Rig, port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"rig": rig})
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"tcp://{host}:{port}"

    def start(self) -> ControlServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def send(url: str, request: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
    """One command to a running simulator (what ``guichet-sim send`` does)."""
    host, _, port = url.removeprefix("tcp://").rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(json.dumps(request).encode() + b"\n")
        reply = sock.makefile("rb").readline()
    result: dict[str, Any] = json.loads(reply)
    return result
