"""What a scanner sends, as data: its serial framing and what counts as a code.

Framing: the factory default of serial-interface scanners (Honeywell, Zebra, Datalogic): the
decoded symbol as ASCII followed by a CR suffix, 9600 baud 8N1. Some are set to CR LF: a LF
before the code is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import FrameError

SUFFIX = b"\r"
MAX_CODE = 128


@dataclass(frozen=True)
class Scan:
    code: str


def parse_scan(frame: bytes) -> Scan:
    body = frame.removesuffix(SUFFIX).lstrip(b"\n")
    if not body:
        raise FrameError("an empty scan")
    if len(body) > MAX_CODE:
        raise FrameError(f"a scan of {len(body)} characters is longer than any of our codes")
    if not all(0x20 <= byte <= 0x7E for byte in body):
        raise FrameError("a scan with unprintable bytes: a garbled line")
    return Scan(body.decode("ascii"))
