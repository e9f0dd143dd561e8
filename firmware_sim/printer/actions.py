"""What the interpreter asks of the printer around it, besides putting ink on paper: answer
a status request, hand over a cut ticket, pulse the cash drawer, count a line of the roll.

The printer model (``firmware_sim.printer.model``) acts on these; the interpreter only
reports them, so that it knows nothing of the roll, the cover or the serial line.
"""

from __future__ import annotations

from dataclasses import dataclass

from firmware_sim.printer.document import Ticket


@dataclass(frozen=True)
class StatusQuery:
    """DLE EOT n: the host wants status byte n now."""

    n: int


@dataclass(frozen=True)
class TicketCut:
    ticket: Ticket


@dataclass(frozen=True)
class DrawerPulse:
    pin: int


@dataclass(frozen=True)
class LinePrinted:
    """One more line of paper used (the printer model counts the roll)."""

    lines: int = 1


Action = StatusQuery | TicketCut | DrawerPulse | LinePrinted
