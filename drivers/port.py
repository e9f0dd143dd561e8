"""The one transport primitive every driver uses: a byte port opened by URL.

``serial.serial_for_url`` picks the transport from the URL, as python-escpos and pyserial do:
``/dev/serial/by-id/...`` in the field, a pty path from the simulator, ``socket://host:9100`` for
a network printer, ``loop://`` in unit tests. Drivers never ask which one they got.

Every read and write has a timeout; pyserial's and the OS's errors become :mod:`drivers.errors`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import termios
import time
from dataclasses import dataclass
from typing import Protocol

import serial

from drivers.errors import DeviceNotFound, DeviceOffline, DeviceTimeout

# termios.error is not an OSError: pyserial lets it through from tcflush on a dead pty
_LINK_ERRORS = (serial.SerialException, OSError, termios.error)


@dataclass(frozen=True)
class LineSettings:
    """How a device's serial line is set up, and how long to wait on it (seconds)."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    read_timeout: float = 0.05
    write_timeout: float = 2.0


class Port(Protocol):
    """A byte pipe to one device; ``read`` returns what arrived before its timeout (maybe b"")."""

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float | None = None) -> bytes: ...

    def discard_input(self) -> None: ...

    def close(self) -> None: ...


class SerialPort:
    """A :class:`Port` over any pyserial URL."""

    def __init__(self, url: str, settings: LineSettings) -> None:
        self.url = url
        self.settings = settings
        self._link = _open(url, settings)
        sock = getattr(self._link, "_socket", None)  # pyserial's socket:// keeps it there
        if isinstance(sock, socket.socket):
            # a 3-byte status query behind a job would wait for the job's delayed ACK
            # (Nagle): 40 ms per query on Linux
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes) -> None:
        try:
            written = self._link.write(data)
            self._link.flush()
        except serial.SerialTimeoutException as exc:
            raise DeviceTimeout(f"write to {self.url} timed out") from exc
        except _LINK_ERRORS as exc:
            raise DeviceOffline(f"{self.url} went away while writing: {exc}") from exc
        if written is not None and written != len(data):
            raise DeviceTimeout(f"only {written} of {len(data)} bytes reached {self.url}")

    def read(self, size: int, timeout: float | None = None) -> bytes:
        """Up to ``size`` bytes: returns as soon as some arrive, or empty after ``timeout``
        (the line's read timeout if None). The port's own timeout is never changed: on a tty
        that is a tcsetattr per call."""
        deadline = time.monotonic() + (timeout if timeout is not None else 0.0)
        while True:
            try:
                data = self._link.read(size)
            except _LINK_ERRORS as exc:
                raise DeviceOffline(f"{self.url} went away while reading: {exc}") from exc
            if data or time.monotonic() >= deadline:
                return bytes(data)

    def discard_input(self) -> None:
        try:
            self._link.reset_input_buffer()
        except _LINK_ERRORS as exc:
            raise DeviceOffline(f"{self.url} went away: {exc}") from exc

    def close(self) -> None:
        # closing a port that is already gone is what we wanted anyway
        with contextlib.suppress(*_LINK_ERRORS):
            self._link.close()


def open_port(url: str, settings: LineSettings) -> Port:
    return SerialPort(url, settings)


def _open(url: str, settings: LineSettings) -> serial.Serial:
    is_path = "://" not in url
    if is_path and not os.path.exists(url):
        raise DeviceNotFound(f"no device at {url}")
    try:
        link: serial.Serial = serial.serial_for_url(
            url,
            baudrate=settings.baudrate,
            bytesize=settings.bytesize,
            parity=settings.parity,
            stopbits=settings.stopbits,
            timeout=settings.read_timeout,
            write_timeout=settings.write_timeout,
            # a second process on the same port would steal half the frames
            exclusive=True if is_path else None,
        )
        return link
    except (serial.SerialException, OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno in {errno.ENOENT, errno.ENXIO, errno.ENODEV}:
            raise DeviceNotFound(f"no device at {url}: {exc}") from exc
        if isinstance(exc, serial.SerialException) and "could not open port" in str(exc):
            raise DeviceNotFound(f"cannot open {url}: {exc}") from exc
        raise DeviceOffline(f"cannot open {url}: {exc}") from exc
