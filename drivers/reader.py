"""Input devices that send frames unasked (card reader, serial barcode scanner).

The I/O thread reads what arrived, cuts it into frames and hands each to the driver's
``parse``: a good frame is a :class:`DataEvent`, a bad one an :class:`ErrorEvent` with the
:class:`FrameError` that says what was wrong. Nothing garbled is ever passed on as data.
"""

from __future__ import annotations

import time

from drivers.device import Device
from drivers.errors import FrameError
from drivers.events import DataEvent, ErrorEvent
from drivers.framing import Splitter
from drivers.port import Port


class FrameReader(Device):
    terminator = b"\r"
    max_frame = 256
    stale_after = 0.5
    idle_interval = 0.0  # the port's read timeout paces the loop

    def __init__(self, name: str, url: str, **kwargs: object) -> None:
        super().__init__(name, url, **kwargs)  # type: ignore[arg-type]
        self._splitter = Splitter(self.terminator, self.max_frame, self.stale_after)

    def parse(self, frame: bytes) -> object:
        """The event data for one frame; raises FrameError."""
        raise NotImplementedError

    def idle(self, port: Port) -> None:
        data = port.read(256)
        now = time.monotonic()
        frames, problems = self._splitter.feed(data, now) if data else ([], [])
        problems += self._splitter.expire(now)
        for problem in problems:
            self.emit(ErrorEvent(self.name, FrameError(problem, device=self.name)))
        for frame in frames:
            try:
                item = self.parse(frame)
            except FrameError as exc:
                self.emit(ErrorEvent(self.name, FrameError(str(exc), device=self.name)))
            else:
                self.emit(DataEvent(self.name, item))
