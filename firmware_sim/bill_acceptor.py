"""A ccTalk bill validator at address 40 holding euro notes (types 1-5: 5, 10, 20, 50, 100 €).

At power-up it is master-inhibited with every note inhibited, as the specification requires
(part 3, header 228); the host enables it. An inserted note is validated into escrow (event
type, 1) and waits for ROUTE_BILL: stack gives (type, 0), the credit; return gives (0, 1).
Notes the host did not enable are handed back with (0, 4) or, under master inhibit, (0, 0).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from drivers.bill_acceptor import cctalk
from drivers.bill_acceptor.cctalk import (
    BILL_VALIDATOR_ADDRESS,
    BillEvent,
    BillStatus,
    Header,
    Message,
)
from drivers.errors import FrameError

EURO_NOTES = {1: 500, 2: 1000, 3: 2000, 4: 5000, 5: 10000}  # bill type -> cents


@dataclass
class AcceptorKnobs:
    jammed: bool = False
    #: the bus echo of a real ccTalk line (part 1); off for RS-232 adapters
    echo: bool = True


@dataclass
class BillAcceptorEmulator:
    knobs: AcceptorKnobs = field(default_factory=AcceptorKnobs)
    notes: dict[int, int] = field(default_factory=lambda: dict(EURO_NOTES))
    stacked: list[int] = field(default_factory=list)  # cents, in the cash box
    counter: int = 0
    master_enabled: bool = False
    enabled_types: int = 0
    escrow: int | None = None
    _events: deque[BillEvent] = field(default_factory=lambda: deque(maxlen=cctalk.EVENT_SLOTS))
    _pending: bytearray = field(default_factory=bytearray)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- the bettor's side ----------------------------------------------------------------

    def insert(self, amount: int) -> str:
        """A note of ``amount`` cents goes in; says what the validator did with it."""
        with self._lock:
            bill_type = next((t for t, a in self.notes.items() if a == amount), None)
            if self.knobs.jammed:
                self._event(0, BillStatus.JAMMED_TRANSPORT_SAFE)
                return "jammed"
            if bill_type is None:
                self._event(0, BillStatus.INVALID_BILL_VALIDATION)
                return "refused: not a note this validator knows"
            if not self.master_enabled:
                self._event(0, BillStatus.MASTER_INHIBIT_ACTIVE)
                return "returned: the acceptor is inhibited"
            if not self.enabled_types & (1 << (bill_type - 1)):
                self._event(0, BillStatus.INHIBITED_BILL_SERIAL)
                return "returned: this note is inhibited"
            if self.escrow is not None:
                return "refused: a note is already in escrow"
            self.escrow = bill_type
            self._event(bill_type, 1)
            return "escrow"

    def _event(self, result_a: int, result_b: int) -> None:
        self.counter = cctalk.next_counter(self.counter)
        self._events.appendleft(BillEvent(result_a, int(result_b)))

    # -- the host's side ------------------------------------------------------------------

    def receive(self, data: bytes) -> bytes:
        with self._lock:
            self._pending += data
            out = bytearray()
            while (size := cctalk.frame_length(bytes(self._pending[:2]))) is not None:
                if len(self._pending) < size:
                    break
                frame = bytes(self._pending[:size])
                del self._pending[:size]
                if self.knobs.echo:
                    out += frame
                try:
                    message = cctalk.decode(frame)
                except FrameError:
                    self._pending.clear()  # resynchronise: the host retries after a timeout
                    continue
                if message.destination not in {BILL_VALIDATOR_ADDRESS, cctalk.BROADCAST}:
                    continue
                reply = self._answer(message)
                if reply is not None:
                    out += cctalk.encode(
                        Message(message.source, BILL_VALIDATOR_ADDRESS, reply[0], reply[1])
                    )
            return bytes(out)

    def _answer(self, message: Message) -> tuple[int, bytes] | None:
        header, data = message.header, message.data
        ack = Header.ACK
        simple: dict[int, bytes] = {
            Header.SIMPLE_POLL: b"",
            Header.REQUEST_EQUIPMENT_CATEGORY_ID: b"Bill Validator",
            Header.REQUEST_MANUFACTURER_ID: b"Guichet simulator",
            Header.REQUEST_PRODUCT_CODE: b"GS-BV1",
            Header.REQUEST_SERIAL_NUMBER: bytes([1, 0, 0]),
            Header.REQUEST_MASTER_INHIBIT_STATUS: bytes([int(self.master_enabled)]),
            Header.REQUEST_INHIBIT_STATUS: self.enabled_types.to_bytes(2, "little"),
        }
        if header in simple:
            return ack, simple[header]
        if header == Header.READ_BUFFERED_BILL_EVENTS:
            buffer = cctalk.EventBuffer(self.counter, tuple(self._events))
            return ack, cctalk.encode_event_buffer(buffer)
        if header == Header.MODIFY_MASTER_INHIBIT_STATUS and len(data) == 1:
            self.master_enabled = bool(data[0] & 1)
            return ack, b""
        if header == Header.MODIFY_INHIBIT_STATUS and len(data) == 2:
            self.enabled_types = int.from_bytes(data, "little")
            return ack, b""
        if header == Header.REQUEST_BILL_ID and len(data) == 1:
            amount = self.notes.get(data[0])
            text = "......." if amount is None else f"EU{amount // 100:04d}A"
            return ack, text.encode()
        if header == Header.REQUEST_COUNTRY_SCALING_FACTOR and len(data) == 2:
            return ack, bytes([100, 0, 2])  # value x 100, in hundredths: cents
        if header == Header.ROUTE_BILL and len(data) == 1:
            return ack, self._route(data[0])
        if header == Header.RESET_DEVICE:
            self.counter, self.master_enabled, self.enabled_types, self.escrow = 0, False, 0, None
            self._events.clear()
            return ack, b""
        return Header.NAK, b""

    def _route(self, code: int) -> bytes:
        if self.escrow is None:
            return bytes([cctalk.ROUTE_ESCROW_EMPTY])
        bill_type, self.escrow = self.escrow, None
        if code == cctalk.RouteCode.STACK:
            self.stacked.append(self.notes[bill_type])
            self._event(bill_type, 0)
        else:
            self._event(0, BillStatus.RETURNED_FROM_ESCROW)
        return b""
