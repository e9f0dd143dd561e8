"""What every emulated device is to a line: bytes in, bytes out."""

from __future__ import annotations

from typing import Protocol


class Emulator(Protocol):
    def receive(self, data: bytes) -> bytes:
        """Take bytes the host sent; return the device's immediate answer (maybe b"")."""
        ...


class Outbox(Protocol):
    """Where a device puts bytes it sends unasked (a swipe, a scan)."""

    def send(self, data: bytes) -> None: ...
