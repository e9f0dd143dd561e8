"""The printer's network interface: raw TCP on port 9100, like JetDirect / Epson network
printers, one connection at a time; status answers go back on the same connection."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from firmware_sim.emulator import Emulator


class TcpLine:
    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 9100) -> None:
        self.emulator = emulator
        self.host = host
        self.port = port
        self._server: socket.socket | None = None
        self._client: socket.socket | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"socket://{self.host}:{self.port}"

    def start(self) -> None:
        self.plug()
        self._thread = threading.Thread(target=self._run, name="sim-printer-tcp", daemon=True)
        self._thread.start()

    def plug(self) -> None:
        if self._server is not None:
            return
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 2.0
        while True:  # after an unplug the old listener may take a moment to let the port go
            try:
                server.bind((self.host, self.port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    server.close()
                    raise
                time.sleep(0.05)
        server.listen(4)
        server.settimeout(0.1)
        self.port = server.getsockname()[1]
        self._server = server

    def unplug(self) -> None:
        for sock in (self._client, self._server):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked on it
                with contextlib.suppress(OSError):
                    sock.close()
        self._client = self._server = None

    def stop(self) -> None:
        self._stop.set()
        self.unplug()
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            server = self._server
            if server is None:
                self._stop.wait(0.05)
                continue
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            self._client = client
            client.settimeout(0.1)
            with contextlib.suppress(OSError):
                self._serve(client)
            with contextlib.suppress(OSError):
                client.close()
            self._client = None

    def _serve(self, client: socket.socket) -> None:
        while not self._stop.is_set() and self._client is client:
            try:
                data = client.recv(4096)
            except TimeoutError:
                continue
            if not data:
                return
            answer = self.emulator.receive(data)
            if answer:
                client.sendall(answer)
