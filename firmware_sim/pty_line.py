"""A device's serial line as a pseudo-terminal, with a stable name like udev's by-id links.

The driver opens ``<dir>/<name>``, a symlink to the pty's slave, exactly as it would open
``/dev/serial/by-id/usb-...`` in the field. Unplugging closes the pty (the driver's next read
or write fails as with a pulled USB cable) and removes the link; plugging back makes a new pty
behind the same link. Bytes are paced at the line's baud rate, both ways, since a pty moves
them instantly.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
import time
import tty
from pathlib import Path

from firmware_sim.emulator import Emulator
from firmware_sim.faults import LineFaults

CHUNK = 64


class PtyLine:
    def __init__(self, name: str, folder: Path, emulator: Emulator, faults: LineFaults) -> None:
        self.name = name
        self.path = folder / name
        self.emulator = emulator
        self.faults = faults
        self._outgoing: queue.Queue[bytes] = queue.Queue()
        self._stop = threading.Event()
        self._plugged = threading.Event()
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return str(self.path)

    @property
    def plugged(self) -> bool:
        return self._plugged.is_set()

    def start(self) -> None:
        self.plug()
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.unplug()

    def plug(self) -> None:
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no line discipline: bytes as sent
            tmp = self.path.with_suffix(".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(os.ttyname(slave))
            tmp.replace(self.path)
            self._master, self._slave = master, slave
            self._plugged.set()

    def unplug(self) -> None:
        with self._lock:
            self._plugged.clear()
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            for fd in (self._master, self._slave):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._master = self._slave = None
            while not self._outgoing.empty():
                self._outgoing.get_nowait()
                self._outgoing.task_done()

    def send(self, data: bytes) -> None:
        """Bytes the device sends unasked; dropped if it is unplugged (as on a real cable)."""
        if self.plugged:
            self._outgoing.put(data)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every byte sent so far is on the line; False if that took too long."""
        deadline = time.monotonic() + timeout
        while self._outgoing.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            master = self._master
            if master is None:
                self._plugged.wait(0.05)
                continue
            try:
                self._pump(master)
            except OSError:
                # the host closed its end, or we unplugged under our own feet: wait for a plug
                time.sleep(0.02)

    def _pump(self, master: int) -> None:
        while True:
            try:
                data = self._outgoing.get_nowait()
            except queue.Empty:
                break
            try:
                self._write(master, data)
            finally:
                self._outgoing.task_done()
        readable, _, _ = select.select([master], [], [], 0.02)
        if not readable:
            return
        data = os.read(master, CHUNK)
        if not data:
            return
        time.sleep(self.faults.seconds_for(len(data)))
        answer = self.emulator.receive(data)
        if answer:
            self._write(master, answer)

    def _write(self, master: int, data: bytes) -> None:
        data = self.faults.garble(data)
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            time.sleep(self.faults.seconds_for(len(chunk)))
            os.write(master, chunk)
