"""Tickets, vouchers and reports laid out with python-escpos, as bytes for our transport.

python-escpos writes into a :class:`Dummy` printer; the driver sends the bytes through its
port, so the layout runs the same against a USB, serial, pty or network printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import drivers.printer.escpos_cache  # noqa: F401  (before escpos: see there)

# isort: split
from escpos.printer import Dummy

from pari.money import format_amount

COLUMNS = 42  # Font A on an 80 mm roll, python-escpos's default profile
DRAWER_PIN = 2


@dataclass(frozen=True)
class TicketPrint:
    """What a bet ticket shows; ``barcode`` is the server-signed payload (digits)."""

    ticket_number: str
    barcode: str
    terminal: str
    operator: str
    meeting: str
    race: str
    post_time: str
    bet_type: str
    selection: str
    formula: str
    combinations: int
    unit_stake: int  # cents
    cost: int  # cents
    sold_at: datetime
    duplicate: bool = False


@dataclass(frozen=True)
class VoucherPrint:
    """Kiosk credit, paid out as a voucher the kiosk or a counter redeems."""

    voucher_number: str
    barcode: str
    amount: int  # cents
    terminal: str
    issued_at: datetime
    valid_until: str
    duplicate: bool = False


@dataclass(frozen=True)
class ReportPrint:
    """A shift report (X or Z) or any other list of labelled figures."""

    title: str
    terminal: str
    operator: str
    printed_at: datetime
    lines: tuple[tuple[str, str], ...]


class _Layout(Dummy):  # type: ignore[misc]
    """python-escpos into memory. ``code128`` calls ``_hw_barcode`` because the public
    ``barcode()`` of python-escpos 3.1 prints "Using hardware barcode renderer" to stdout."""

    def columns(self, left: str, right: str) -> None:
        room = max(1, COLUMNS - len(right))
        self.textln(f"{left[: room - 1]:<{room}}{right}")

    def rule(self) -> None:
        self.textln("-" * COLUMNS)

    def code128(self, digits: str) -> None:
        # Epson GS k 73, code set C: each data byte is a pair of digits (0-99)
        pairs = "".join(chr(int(digits[i : i + 2])) for i in range(0, len(digits) - 1, 2))
        self._hw_barcode("{C" + pairs, "CODE128", height=80, width=2, pos="OFF", function_type="B")
        self.set(align="center")
        self.textln(digits)

    def duplicate_banner(self) -> None:
        self.set(align="center", bold=True, double_height=True, double_width=True, invert=True)
        self.textln(" DUPLICATA ")
        self.set_with_default()


def _header(out: _Layout, title: str) -> None:
    out.hw("INIT")
    out.set(align="center", bold=True, double_height=True, double_width=True)
    out.textln("GUICHET")
    out.set_with_default(align="center")
    out.textln(title)
    out.set_with_default()
    out.rule()


def _codes(out: _Layout, payload: str) -> None:
    out.code128(payload)
    out.set_with_default(align="center")
    out.qr(payload, size=6, ec=1, native=True)  # ec=1: level M
    out.set_with_default()


def ticket(t: TicketPrint) -> bytes:
    out = _Layout()
    _header(out, "PARI MUTUEL HIPPIQUE")
    if t.duplicate:
        out.duplicate_banner()
    out.set(bold=True)
    out.columns(t.meeting, t.post_time)
    out.set(bold=False)
    out.textln(t.race)
    out.set(bold=True, double_height=True)
    out.columns(t.bet_type, "")
    out.set_with_default()
    out.textln(f"Formule : {t.formula}")
    out.textln(f"Sélection : {t.selection}")
    out.columns("Combinaisons", str(t.combinations))
    out.columns("Mise unitaire", f"{format_amount(t.unit_stake)} EUR")
    out.set(bold=True, double_height=True)
    out.columns("MONTANT", f"{format_amount(t.cost)} EUR")
    out.set_with_default()
    out.rule()
    out.columns(t.sold_at.strftime("%d/%m/%Y %H:%M:%S"), f"Terminal {t.terminal}")
    out.textln(f"Opérateur : {t.operator}")
    out.set(align="center", bold=True)
    out.textln(f"Ticket {t.ticket_number}")
    out.set_with_default()
    _codes(out, t.barcode)
    if t.duplicate:
        out.duplicate_banner()
    out.cut()
    return bytes(out.output)


def voucher(v: VoucherPrint) -> bytes:
    out = _Layout()
    _header(out, "BON DE CRÉDIT")
    if v.duplicate:
        out.duplicate_banner()
    out.set(align="center", bold=True, double_height=True, double_width=True)
    out.textln(f"{format_amount(v.amount)} EUR")
    out.set_with_default()
    out.columns(v.issued_at.strftime("%d/%m/%Y %H:%M:%S"), f"Terminal {v.terminal}")
    out.textln(f"Valable jusqu'au {v.valid_until}")
    out.set(align="center", bold=True)
    out.textln(f"Bon {v.voucher_number}")
    out.set_with_default()
    _codes(out, v.barcode)
    out.cut()
    return bytes(out.output)


def report(r: ReportPrint) -> bytes:
    out = _Layout()
    _header(out, r.title)
    out.columns(r.printed_at.strftime("%d/%m/%Y %H:%M:%S"), f"Terminal {r.terminal}")
    out.textln(f"Opérateur : {r.operator}")
    out.rule()
    for label, value in r.lines:
        out.columns(label, value)
    out.rule()
    out.cut()
    return bytes(out.output)


def drawer_kick() -> bytes:
    out = _Layout()
    out.cashdraw(DRAWER_PIN)
    return bytes(out.output)
