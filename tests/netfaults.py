"""A fault-injecting TCP proxy for the tests: it sits between a terminal and the server.

Modes, switchable at any time, for new connections and those already open:

- ``pass``: bytes flow both ways untouched;
- ``drop``: open connections are reset; a new one is accepted and reset at once;
- ``delay``: each chunk towards the client waits ``delay`` seconds;
- ``reset_response``: the request reaches the server, which acts on it; the client gets the
  first ``cut`` bytes of the answer, then a TCP reset — the lost-answer case;
- ``blackhole``: accepted, read, never answered, never closed (until the proxy stops).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from urllib.parse import urlsplit

MODES = ("pass", "drop", "delay", "reset_response", "blackhole")


class FaultProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.mode = "pass"
        self.delay = 0.2
        self.cut = 20
        self.connections = 0
        self.resets = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()

    def set(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown proxy mode {mode!r}; one of {MODES}")
        self.mode = mode
        if mode == "drop":  # the link goes down: connections already open die too
            with self._lock:
                held, self._held = self._held, []
            for sock in held:
                _reset(sock)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()
        with self._lock:
            for sock in self._held:
                with contextlib.suppress(OSError):
                    sock.close()
            self._held.clear()

    def _keep(self, *socks: socket.socket) -> None:
        with self._lock:
            self._held.extend(socks)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            mode = self.mode
            if mode == "drop":
                _reset(client)
                continue
            self._keep(client)
            if mode == "blackhole":
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            self._keep(server)
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _swallow(self, client: socket.socket) -> None:
        client.settimeout(0.2)
        while not self._stop.is_set():
            try:
                if not client.recv(65536):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def _pump(self, source: socket.socket, sink: socket.socket, to_client: bool) -> None:
        sent = 0
        try:
            source.settimeout(0.2)  # inside: a ``drop`` may have reset it already
            while not self._stop.is_set():
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                if self.mode == "blackhole":  # open connections go silent as well
                    continue
                if to_client and self.mode == "delay":
                    time.sleep(self.delay)
                if to_client and self.mode == "reset_response":
                    sink.sendall(data[: max(0, self.cut - sent)])
                    self.resets += 1
                    _reset(sink)
                    _reset(source)
                    return
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a TCP RST, not an orderly end."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
