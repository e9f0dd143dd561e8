"""ESC/POS real-time status (DLE EOT n), as frozen data and pure decoders.

Source: Epson "ESC/POS Command Reference for TM printers", DLE EOT. Every status byte has
bits 1 and 4 set and bits 0 and 7 clear (mask 0x93 == 0x12): a byte that does not is not a
status answer (line noise, a stale byte), and is never read as one.

Quirk (Epson, same page): DLE EOT is executed as soon as it is received, ahead of buffered
print data, so on a real printer the answer can precede the end of the job; on a serial line
it cannot overtake the bytes sent before it. Printers that fully support it confirm with
GS ( H "process ID"; we read status after the cut, as the issue asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"
QUERY_ERROR_CAUSE = DLE_EOT + b"\x03"
QUERY_PAPER = DLE_EOT + b"\x04"

FIXED_MASK = 0x93
FIXED_BITS = 0x12

# n = 1, printer status
DRAWER_PIN3_HIGH = 0x04
OFFLINE = 0x08
WAITING_RECOVERY = 0x20
# n = 2, offline cause
COVER_IS_OPEN = 0x04
FEEDING_BY_BUTTON = 0x08
STOPPED_PAPER_END = 0x20
ERROR_OCCURRED = 0x40
# n = 4, roll paper sensor: two bits for each sensor (Epson sets both)
PAPER_NEAR_END_BITS = 0x0C
PAPER_END_BITS = 0x60


class PrinterStatus(Enum):
    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        return self in {PrinterStatus.OK, PrinterStatus.PAPER_NEAR_END}


@dataclass(frozen=True)
class StatusBytes:
    """The answers to DLE EOT 1, 2 and 4; None where the printer did not answer."""

    printer: int | None
    offline_cause: int | None
    paper: int | None


def is_status_byte(value: int) -> bool:
    return 0 <= value <= 0xFF and value & FIXED_MASK == FIXED_BITS


def decode(answers: StatusBytes) -> PrinterStatus:
    """The printer's state from its answers; never OK unless it answered every query."""
    printer, cause, paper = answers.printer, answers.offline_cause, answers.paper
    if printer is None or not is_status_byte(printer):
        return PrinterStatus.UNKNOWN
    if cause is not None and is_status_byte(cause):
        if cause & COVER_IS_OPEN:
            return PrinterStatus.COVER_OPEN
        if cause & STOPPED_PAPER_END:
            return PrinterStatus.PAPER_OUT
    if paper is not None and is_status_byte(paper) and paper & PAPER_END_BITS:
        return PrinterStatus.PAPER_OUT
    if printer & OFFLINE:
        return PrinterStatus.OFFLINE
    if cause is None or paper is None or not is_status_byte(cause) or not is_status_byte(paper):
        return PrinterStatus.UNKNOWN
    if paper & PAPER_NEAR_END_BITS:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.OK
