"""Tickets, vouchers, receipts and reports laid out with python-escpos, as bytes for our
transport. What they say is the caller's (the terminal's catalogue, in the reader's language);
here is only how it sits on the roll: wrapped to the printer's columns, nothing cut off.

python-escpos writes into a :class:`Dummy` printer; the driver sends the bytes through its
port, so the layout runs the same against a USB, serial, pty or network printer.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import drivers.printer.escpos_cache  # noqa: F401  (before escpos: see there)

# isort: split
from escpos.printer import Dummy

COLUMNS = 42  # Font A on an 80 mm roll (512 dots), python-escpos's default profile
WIDE_COLUMNS = 48  # Font A on an 80 mm roll printed full width (576 dots)
DRAWER_PIN = 2

# what a row is: its look on paper
HEADING, CENTRE, TEXT, PAIR, TOTAL, RULE, BANNER, CODES = (
    "heading",
    "centre",
    "text",
    "pair",
    "total",
    "rule",
    "banner",
    "codes",
)
# spaces a printer's code page may lack, and quotes it surely lacks: printed as their ASCII kin
_PLAIN = str.maketrans(
    {
        "\u202f": " ",
        "\xa0": " ",
        "\u2009": " ",
        "“": '"',
        "”": '"',
        "’": "'",
        "—": "-",
        "–": "-",
        "…": "...",
    }
)


@dataclass(frozen=True)
class Row:
    """One printed row, or a paragraph that wraps: the words are the caller's, already in
    the reader's language (the driver knows no language)."""

    kind: str
    left: str = ""
    right: str = ""
    bold: bool = False


@dataclass(frozen=True)
class Slip:
    """A ticket, a voucher, a receipt or a report: rows, laid out for ``columns``."""

    rows: tuple[Row, ...]
    columns: int = COLUMNS


def heading(text: str) -> Row:
    return Row(HEADING, text)


def centre(text: str, *, bold: bool = False) -> Row:
    return Row(CENTRE, text, bold=bold)


def text(words: str, *, bold: bool = False) -> Row:
    return Row(TEXT, words, bold=bold)


def pair(left: str, right: str, *, bold: bool = False) -> Row:
    return Row(PAIR, left, right, bold=bold)


def total(left: str, right: str) -> Row:
    return Row(TOTAL, left, right, bold=True)


def rule() -> Row:
    return Row(RULE)


def banner(words: str) -> Row:
    return Row(BANNER, words)


def codes(payload: str) -> Row:
    """The barcode (Code128, set C) and the QR code of a server-signed payload (digits)."""
    return Row(CODES, payload)


def wrap(words: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces and after hyphens, a word
    longer than a line cut where it must: a long selection never runs off the paper."""
    return textwrap.wrap(words, width, break_on_hyphens=True) or [""]


def pair_lines(left: str, right: str, width: int) -> list[str]:
    """``left`` and ``right`` on one line if they fit with a space between, else ``left``
    wrapped and ``right`` aligned right under it."""
    if len(left) + len(right) + 1 <= width:
        return [f"{left:<{width - len(right)}}{right}"]
    lines = wrap(left, width)
    last = lines[-1]
    if len(last) + len(right) + 1 <= width:
        lines[-1] = f"{last:<{width - len(right)}}{right}"
    else:
        lines.append(right.rjust(width)[-width:] if right else "")
    return lines


class _Layout(Dummy):  # type: ignore[misc]
    """python-escpos into memory. ``code128`` calls ``_hw_barcode`` because the public
    ``barcode()`` of python-escpos 3.1 prints "Using hardware barcode renderer" to stdout."""

    def code128(self, digits: str) -> None:
        # Epson GS k 73, code set C: each data byte is a pair of digits (0-99)
        pairs = "".join(chr(int(digits[i : i + 2])) for i in range(0, len(digits) - 1, 2))
        self._hw_barcode("{C" + pairs, "CODE128", height=80, width=2, pos="OFF", function_type="B")
        self.set(align="center")
        self.textln(digits)


def slip(document: Slip) -> bytes:
    out = _Layout()
    out.hw("INIT")
    width = document.columns
    for row in document.rows:
        left, right = row.left.translate(_PLAIN), row.right.translate(_PLAIN)
        if row.kind == HEADING:  # double width: half as many characters to a line
            out.set(align="center", bold=True, double_height=True, double_width=True)
            for line in wrap(left, width // 2):
                out.textln(line)
        elif row.kind == CENTRE:
            out.set(align="center", bold=row.bold)
            for line in wrap(left, width):
                out.textln(line)
        elif row.kind == TEXT:
            out.set(bold=row.bold)
            for line in wrap(left, width):
                out.textln(line)
        elif row.kind in {PAIR, TOTAL}:
            out.set(bold=row.bold, double_height=row.kind == TOTAL)
            for line in pair_lines(left, right, width):
                out.textln(line)
        elif row.kind == RULE:
            out.textln("-" * width)
        elif row.kind == BANNER:
            out.set(align="center", bold=True, double_height=True, double_width=True, invert=True)
            out.textln(f" {left[: width // 2 - 2]} ")
        elif row.kind == CODES:
            out.code128(left)
            out.set_with_default(align="center")
            out.qr(left, size=6, ec=1, native=True)  # ec=1: level M
        out.set_with_default()
    out.cut()
    return bytes(out.output)


def drawer_kick() -> bytes:
    out = _Layout()
    out.cashdraw(DRAWER_PIN)
    return bytes(out.output)
