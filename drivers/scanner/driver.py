"""The serial barcode scanner: each good read is a :class:`Scan` data event."""

from __future__ import annotations

from drivers.port import LineSettings
from drivers.reader import FrameReader
from drivers.scanner.codes import MAX_CODE, SUFFIX, Scan, parse_scan


class BarcodeScanner(FrameReader):
    settings = LineSettings(baudrate=9600, read_timeout=0.05)
    terminator = SUFFIX
    max_frame = MAX_CODE + 2

    def parse(self, frame: bytes) -> Scan:
        return parse_scan(frame)
