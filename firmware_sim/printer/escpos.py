"""An ESC/POS interpreter: the byte stream a printer receives, turned into tickets.

It understands what python-escpos and Epson's reference emit for text, styles, alignment,
code pages, barcodes (GS k), QR codes (GS ( k), feeds, cuts, the cash drawer and real-time
status requests (DLE EOT), and skips every other command by its declared length, as a printer
does. It is incremental (a command split across reads waits for its end) and total: any byte
string is consumed without an exception, and nothing invents a ticket that was not cut.

The command set (which command takes how many bytes) is ``commands``'s, what the
interpreter reports to the printer around it is ``actions``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from firmware_sim.printer import codepages
from firmware_sim.printer.actions import Action, DrawerPulse, LinePrinted, StatusQuery, TicketCut
from firmware_sim.printer.code128 import code128_text
from firmware_sim.printer.commands import (
    ALIGN,
    BARCODE_A,
    BARCODE_B,
    DLE,
    ESC,
    ESC_FIXED,
    FF,
    FS,
    FS_FIXED,
    GS,
    GS_FIXED,
    HT,
    LF,
    MAX_COMMAND,
    QR_EC,
)
from firmware_sim.printer.document import (
    Barcode,
    Feed,
    QrCode,
    Span,
    Style,
    TextLine,
    Ticket,
)


@dataclass
class Interpreter:
    unknown_commands: int = 0
    _buffer: bytearray = field(default_factory=bytearray)
    _ticket: Ticket = field(default_factory=Ticket)
    _spans: list[Span] = field(default_factory=list)
    _style: Style = field(default_factory=Style)
    _align: str = "left"
    _table: int = 0
    _barcode_height: int = 162
    _barcode_module: int = 3
    _hri: int = 0
    _qr_module: int = 3
    _qr_ec: str = "L"
    _qr_data: bytes = b""

    @property
    def ticket(self) -> Ticket:
        """What is on the roll since the last cut."""
        return self._ticket

    def feed(self, data: bytes) -> list[Action]:
        self._buffer += data
        actions: list[Action] = []
        pos = 0
        buf = self._buffer
        while pos < len(buf):
            used = self._step(buf, pos, actions)
            if used == 0:
                break  # an unfinished command: wait for more bytes
            pos += used
        del self._buffer[:pos]
        return actions

    # -- one byte or command --------------------------------------------------------------

    def _step(self, buf: bytearray, pos: int, actions: list[Action]) -> int:
        byte = buf[pos]
        if byte >= 0x20:
            end = pos
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            self._text(bytes(buf[pos:end]))
            return end - pos
        if byte == LF:
            self._line(actions)
            return 1
        if byte == FF:
            self._line(actions)
            return 1
        if byte == HT:
            column = len("".join(span.text for span in self._spans))
            self._text(b" " * (8 - column % 8))
            return 1
        if byte == ESC:
            return self._esc(buf, pos, actions)
        if byte == GS:
            return self._gs(buf, pos, actions)
        if byte == DLE:
            return self._dle(buf, pos, actions)
        if byte == FS:
            return self._fixed(buf, pos, FS_FIXED)
        return 1  # CR and other controls: nothing to print

    def _fixed(self, buf: bytearray, pos: int, table: dict[int, int]) -> int:
        if pos + 1 >= len(buf):
            return 0
        size = table.get(buf[pos + 1])
        if size is None:
            self.unknown_commands += 1
            return 2
        return 2 + size if pos + 2 + size <= len(buf) else 0

    def _esc(self, buf: bytearray, pos: int, actions: list[Action]) -> int:
        if pos + 1 < len(buf) and buf[pos + 1] == ord("*"):
            return self._esc_bit_image(buf, pos)
        if pos + 1 < len(buf) and buf[pos + 1] == ord("D"):
            end = buf.find(0, pos + 2, pos + 2 + 33)
            if end < 0:
                return 0 if len(buf) - pos < 35 else 2
            return end - pos + 1
        used = self._fixed(buf, pos, ESC_FIXED)
        if used < 2 or buf[pos + 1] not in ESC_FIXED:
            return used
        command, args = buf[pos + 1], bytes(buf[pos + 2 : pos + used])
        self._apply_esc(command, args, actions)
        return used

    def _apply_esc(self, command: int, args: bytes, actions: list[Action]) -> None:
        value = args[0] if args else 0
        if command == ord("@"):
            self._spans.clear()
            self._style, self._align, self._table = Style(), "left", 0
            self._hri, self._barcode_height, self._barcode_module = 0, 162, 3
        elif command == ord("!"):
            self._style = replace(
                self._style,
                font=value & 1,
                bold=bool(value & 0x08),
                height=2 if value & 0x10 else 1,
                width=2 if value & 0x20 else 1,
                underline=1 if value & 0x80 else 0,
            )
        elif command == ord("E"):
            self._style = replace(self._style, bold=bool(value & 1))
        elif command == ord("-"):
            self._style = replace(self._style, underline=value % 48 if value >= 48 else value)
        elif command == ord("a"):
            self._align = ALIGN.get(value, self._align)
        elif command == ord("M"):
            self._style = replace(self._style, font=value % 48 if value >= 48 else value)
        elif command == ord("t"):
            self._table = value
        elif command == ord("d"):  # print what is buffered, then feed n lines
            if self._spans:
                self._line(actions)
            self._ticket.blocks.append(Feed(value))
            actions.append(LinePrinted(value))
        elif command in {ord("i"), ord("m")}:
            self._cut("full" if command == ord("i") else "partial", actions)
        elif command == ord("p"):
            actions.append(DrawerPulse(2 if value in {0, 48} else 5))
            self._ticket.drawer_pulses += 1

    def _esc_bit_image(self, buf: bytearray, pos: int) -> int:
        if pos + 5 > len(buf):
            return 0
        mode, columns = buf[pos + 2], buf[pos + 3] + 256 * buf[pos + 4]
        size = 5 + columns * (3 if mode in {32, 33} else 1)
        return size if pos + size <= len(buf) else 0

    def _gs(self, buf: bytearray, pos: int, actions: list[Action]) -> int:
        if pos + 1 >= len(buf):
            return 0
        command = buf[pos + 1]
        if command == ord("V"):
            return self._gs_cut(buf, pos, actions)
        if command == ord("k"):
            return self._gs_barcode(buf, pos)
        if command in {ord("("), ord("8")}:
            return self._gs_function(buf, pos)
        if command == ord("v"):
            return self._gs_raster(buf, pos)
        used = self._fixed(buf, pos, GS_FIXED)
        if used < 3 or command not in GS_FIXED:
            return used
        value = buf[pos + 2]
        if command == ord("!"):
            width, height = (value >> 4 & 7) + 1, (value & 7) + 1
            self._style = replace(self._style, width=width, height=height)
        elif command == ord("B"):
            self._style = replace(self._style, invert=bool(value & 1))
        elif command == ord("h"):
            self._barcode_height = value or 1
        elif command == ord("w"):
            self._barcode_module = value if 1 <= value <= 6 else self._barcode_module
        elif command == ord("H"):
            self._hri = value % 48 if value >= 48 else value
        return used

    def _gs_cut(self, buf: bytearray, pos: int, actions: list[Action]) -> int:
        if pos + 2 >= len(buf):
            return 0
        mode = buf[pos + 2]
        size = 4 if mode in {65, 66, 97, 98, 103, 104} else 3
        if pos + size > len(buf):
            return 0
        self._cut("partial" if mode in {1, 49, 66, 98, 104} else "full", actions)
        return size

    def _gs_barcode(self, buf: bytearray, pos: int) -> int:
        if pos + 3 >= len(buf):
            return 0
        kind = buf[pos + 2]
        if kind <= 6:  # function A: data ends with NUL
            end = buf.find(0, pos + 3, pos + 3 + 256)
            if end < 0:
                return 0 if len(buf) - pos < 259 else 3
            data, size = bytes(buf[pos + 3 : end]), end - pos + 1
            symbology = BARCODE_A[kind]
        else:  # function B: a length byte, then the data
            length = buf[pos + 3]
            size = 4 + length
            if pos + size > len(buf):
                return 0
            data = bytes(buf[pos + 4 : pos + size])
            symbology = BARCODE_B.get(kind, f"type {kind}")
        text = code128_text(data) if symbology in {"CODE128", "GS1-128"} else _ascii(data)
        if text:
            self._ticket.blocks.append(
                Barcode(
                    symbology,
                    text,
                    self._barcode_height,
                    self._barcode_module,
                    self._hri,
                    self._align,
                )
            )
        return size

    def _gs_function(self, buf: bytearray, pos: int) -> int:
        """GS ( x pL pH ... and GS 8 x p1..p4 ...: length-prefixed functions."""
        long_form = buf[pos + 1] == ord("8")
        header = 7 if long_form else 5
        if pos + header > len(buf):
            return 0
        if long_form:
            length = int.from_bytes(buf[pos + 3 : pos + 7], "little")
        else:
            length = buf[pos + 3] + 256 * buf[pos + 4]
        if length > MAX_COMMAND:
            self.unknown_commands += 1
            return 2
        if pos + header + length > len(buf):
            return 0
        if buf[pos + 2] == ord("k") and not long_form:
            self._qr(bytes(buf[pos + 5 : pos + 5 + length]))
        return header + length

    def _qr(self, body: bytes) -> None:
        if len(body) < 2 or body[0] != 49:  # cn 49: QR code
            return
        fn, rest = body[1], body[2:]
        if fn == 67 and rest:
            self._qr_module = rest[0] if 1 <= rest[0] <= 16 else self._qr_module
        elif fn == 69 and rest:
            self._qr_ec = QR_EC.get(rest[0], self._qr_ec)
        elif fn == 80 and rest:
            self._qr_data = rest[1:]  # m = 48, then the data
        elif fn == 81 and self._qr_data:
            self._ticket.blocks.append(
                QrCode(
                    self._qr_data.decode("utf-8", "replace"),
                    self._qr_module,
                    self._qr_ec,
                    self._align,
                )
            )

    def _gs_raster(self, buf: bytearray, pos: int) -> int:
        if pos + 8 > len(buf):
            return 0
        width = buf[pos + 4] + 256 * buf[pos + 5]
        height = buf[pos + 6] + 256 * buf[pos + 7]
        size = 8 + width * height
        if width * height > MAX_COMMAND:
            self.unknown_commands += 1
            return 2
        return size if pos + size <= len(buf) else 0

    def _dle(self, buf: bytearray, pos: int, actions: list[Action]) -> int:
        if pos + 2 >= len(buf):
            return 0
        command, n = buf[pos + 1], buf[pos + 2]
        if command == 0x04:  # EOT: real-time status
            if 1 <= n <= 4:
                actions.append(StatusQuery(n))
            return 3
        if command == 0x05:  # ENQ: real-time request
            return 3
        if command == 0x14:  # DC4: real-time pulse (fn 1: m t)
            if pos + 5 > len(buf):
                return 0
            if n == 1:
                actions.append(DrawerPulse(2 if buf[pos + 3] == 0 else 5))
            return 5
        return 1  # a lone DLE is just a control byte

    # -- text and lines -------------------------------------------------------------------

    def _text(self, data: bytes) -> None:
        text = codepages.decode(data, self._table)
        if self._spans and self._spans[-1].style == self._style:
            self._spans[-1] = Span(self._spans[-1].text + text, self._style)
        else:
            self._spans.append(Span(text, self._style))

    def _line(self, actions: list[Action]) -> None:
        self._ticket.blocks.append(TextLine(tuple(self._spans), self._align))
        self._spans = []
        actions.append(LinePrinted(1))

    def _cut(self, mode: str, actions: list[Action]) -> None:
        if self._spans:
            self._line(actions)
        self._ticket.cut = mode
        actions.append(TicketCut(self._ticket))
        self._ticket = Ticket()


def _ascii(data: bytes) -> str:
    return data.decode("ascii", "replace")
