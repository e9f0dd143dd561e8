"""The emulated printer: the interpreter, the paper roll, the cover, and its status answers.

Status bytes are built as an Epson TM printer builds them (see drivers.printer.status, which
decodes them with the same constants). While the printer cannot print (paper out, cover open,
offline), it keeps answering DLE EOT but drops print data, and a ticket it was printing is
kept as incomplete, never as printed: a real printer would hold the data and finish after
recovery, which a host cannot count on either, so the host's job must not be confirmed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.printer import status as escpos_status
from firmware_sim.printer.actions import DrawerPulse, LinePrinted, StatusQuery, TicketCut
from firmware_sim.printer.document import Ticket
from firmware_sim.printer.escpos import Interpreter


@dataclass
class PrinterKnobs:
    paper_near_end: bool = False
    paper_out: bool = False
    cover_open: bool = False
    offline: bool = False
    #: lines left on the roll; the paper runs out when it reaches 0 (None: endless)
    paper_left: int | None = None
    #: answer no status query at all (a printer that hung)
    mute: bool = False


@dataclass
class PrinterModel:
    knobs: PrinterKnobs = field(default_factory=PrinterKnobs)
    on_ticket: list[Callable[[Ticket], None]] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    drawer_pulses: int = 0
    _interpreter: Interpreter = field(default_factory=Interpreter)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # some of the ticket being printed was lost (paper out, cover open): it is not a ticket.
    # Kept here, not on the interpreter's ticket: the interpreter reads a whole chunk of bytes
    # ahead, and its current ticket may already be the next one.
    _torn: bool = False

    @property
    def can_print(self) -> bool:
        k = self.knobs
        return not (k.paper_out or k.cover_open or k.offline)

    def receive(self, data: bytes) -> bytes:
        with self._lock:
            answer = bytearray()
            finished: list[Ticket] = []
            for action in self._interpreter.feed(data):
                if isinstance(action, StatusQuery):
                    if not self.knobs.mute:
                        answer.append(self.status_byte(action.n))
                elif not self.can_print:
                    if isinstance(action, TicketCut):  # torn off unfinished: not a ticket
                        action.ticket.complete = False
                        self._torn = False  # the roll's next ticket starts whole
                    else:
                        self._torn = True
                elif isinstance(action, LinePrinted):
                    self._use_paper(action.lines)
                elif isinstance(action, DrawerPulse):
                    self.drawer_pulses += 1
                elif isinstance(action, TicketCut) and self._torn:
                    action.ticket.complete = False  # its start was lost while it could not print
                    self._torn = False
                elif (
                    isinstance(action, TicketCut)
                    and action.ticket.blocks
                    and action.ticket.complete
                ):
                    self.tickets.append(action.ticket)
                    finished.append(action.ticket)
            listeners = list(self.on_ticket)
        for ticket in finished:
            for listener in listeners:
                listener(ticket)
        return bytes(answer)

    def _use_paper(self, lines: int) -> None:
        left = self.knobs.paper_left
        if left is None:
            return
        left = max(0, left - lines)
        self.knobs.paper_left = left
        if left == 0:
            self.knobs.paper_out = True
            self._torn = True
        elif left <= 20:
            self.knobs.paper_near_end = True

    def status_byte(self, n: int) -> int:
        s, k = escpos_status, self.knobs
        value = s.FIXED_BITS
        if n == 1 and not self.can_print:
            value |= s.OFFLINE
        elif n == 2:
            value |= s.COVER_IS_OPEN if k.cover_open else 0
            value |= s.STOPPED_PAPER_END if k.paper_out else 0
            value |= s.ERROR_OCCURRED if k.offline else 0
        elif n == 4:
            value |= s.PAPER_END_BITS if k.paper_out else 0
            value |= s.PAPER_NEAR_END_BITS if k.paper_near_end or k.paper_out else 0
        return value
