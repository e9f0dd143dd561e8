"""Cutting a byte stream into frames by terminator, for the devices that speak in lines.

Pure: the reader devices feed it what the port gave them, with the time it arrived. A frame
left half-sent (a swipe cut short, a scanner unplugged mid-code) goes stale and is dropped as
an error instead of being glued to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Splitter:
    terminator: bytes
    max_frame: int
    stale_after: float
    _buffer: bytearray = field(default_factory=bytearray)
    _last: float = 0.0

    def feed(self, data: bytes, now: float) -> tuple[list[bytes], list[str]]:
        """Complete frames (terminator included) and problems found, in arrival order."""
        frames: list[bytes] = []
        problems: list[str] = []
        if self._buffer and data and now - self._last > self.stale_after:
            problems.append(f"dropped {len(self._buffer)} bytes of an unfinished frame")
            self._buffer.clear()
        if data:
            self._last = now
        self._buffer += data
        while (end := self._buffer.find(self.terminator)) >= 0:
            frames.append(bytes(self._buffer[: end + len(self.terminator)]))
            del self._buffer[: end + len(self.terminator)]
        if len(self._buffer) > self.max_frame:
            problems.append(f"dropped {len(self._buffer)} bytes with no frame end")
            self._buffer.clear()
        return frames, problems

    def expire(self, now: float) -> list[str]:
        if self._buffer and now - self._last > self.stale_after:
            size = len(self._buffer)
            self._buffer.clear()
            return [f"dropped {size} bytes of an unfinished frame"]
        return []
