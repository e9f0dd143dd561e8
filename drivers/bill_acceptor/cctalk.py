"""ccTalk (the open serial protocol of coin and bill validators, Money Controls / CPI), as
frozen data and pure functions shared by the driver and the simulator.

Source: "ccTalk Serial Communication Protocol, Generic Specification", issue 4.7, parts 1-3.
A message is ``[destination][data length][source][header][data ...][checksum]``; with the
simple checksum, all bytes of a message add up to 0 modulo 256. Replies carry header 0 (ACK)
or 5 (NAK). The default address of a bill validator is 40, of the host 1.

Quirk (part 1, "the serial data line"): ccTalk runs on one open-collector data line, so the
host reads back its own message before the reply. RS-232 adapters with separate lines do not
echo; :func:`strip_echo` accepts both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from drivers.errors import FrameError

HOST_ADDRESS = 1
BILL_VALIDATOR_ADDRESS = 40
BROADCAST = 0
MAX_DATA = 252
EVENT_SLOTS = 5


class Header(IntEnum):
    ACK = 0
    NAK = 5
    RESET_DEVICE = 1
    SIMPLE_POLL = 254
    REQUEST_MANUFACTURER_ID = 246
    REQUEST_EQUIPMENT_CATEGORY_ID = 245
    REQUEST_PRODUCT_CODE = 244
    REQUEST_SERIAL_NUMBER = 242
    MODIFY_INHIBIT_STATUS = 231
    REQUEST_INHIBIT_STATUS = 230
    MODIFY_MASTER_INHIBIT_STATUS = 228
    REQUEST_MASTER_INHIBIT_STATUS = 227
    READ_BUFFERED_BILL_EVENTS = 159
    REQUEST_BILL_ID = 157
    REQUEST_COUNTRY_SCALING_FACTOR = 156
    ROUTE_BILL = 154


class RouteCode(IntEnum):
    RETURN = 0
    STACK = 1


# Errors a ROUTE_BILL reply may carry (part 3, header 154)
ROUTE_ESCROW_EMPTY = 254
ROUTE_FAILED = 255


class BillStatus(IntEnum):
    """Result B of an event whose result A is 0 (part 3, "bill validator event codes")."""

    MASTER_INHIBIT_ACTIVE = 0
    RETURNED_FROM_ESCROW = 1
    INVALID_BILL_VALIDATION = 2
    INVALID_BILL_TRANSPORT = 3
    INHIBITED_BILL_SERIAL = 4
    INHIBITED_BILL_DIP = 5
    JAMMED_TRANSPORT_UNSAFE = 6
    JAMMED_STACKER = 7
    PULLED_BACKWARDS = 8
    TAMPER = 9
    STACKER_OK = 10
    STACKER_REMOVED = 11
    STACKER_INSERTED = 12
    STACKER_FAULTY = 13
    STACKER_FULL = 14
    STACKER_JAMMED = 15
    JAMMED_TRANSPORT_SAFE = 16
    OPTO_FRAUD = 17
    STRING_FRAUD = 18
    ANTI_STRING_FAULTY = 19
    BARCODE_DETECTED = 20
    UNKNOWN_BILL_TYPE_STACKED = 21


# What an operator must act on; the rest is a bill handed back, which the bettor sees.
FAULTS = frozenset(
    {
        BillStatus.JAMMED_TRANSPORT_UNSAFE,
        BillStatus.JAMMED_STACKER,
        BillStatus.TAMPER,
        BillStatus.STACKER_REMOVED,
        BillStatus.STACKER_FAULTY,
        BillStatus.STACKER_FULL,
        BillStatus.STACKER_JAMMED,
        BillStatus.JAMMED_TRANSPORT_SAFE,
        BillStatus.OPTO_FRAUD,
        BillStatus.STRING_FRAUD,
        BillStatus.ANTI_STRING_FAULTY,
        BillStatus.UNKNOWN_BILL_TYPE_STACKED,
    }
)


@dataclass(frozen=True)
class Message:
    destination: int
    source: int
    header: int
    data: bytes = b""


def checksum(body: bytes) -> int:
    return (-sum(body)) % 256


def encode(message: Message) -> bytes:
    if len(message.data) > MAX_DATA:
        raise FrameError(f"ccTalk data is at most {MAX_DATA} bytes")
    body = bytes([message.destination, len(message.data), message.source, message.header]) + bytes(
        message.data
    )
    return body + bytes([checksum(body)])


def frame_length(prefix: bytes) -> int | None:
    """The whole message's length once its first two bytes are known."""
    return prefix[1] + 5 if len(prefix) >= 2 else None


def decode(frame: bytes) -> Message:
    """One whole message; FrameError if its length or checksum is wrong."""
    if len(frame) < 5:
        raise FrameError(f"a ccTalk message has at least 5 bytes, not {len(frame)}")
    if frame[1] + 5 != len(frame):
        raise FrameError(f"the length byte says {frame[1] + 5} bytes, {len(frame)} arrived")
    if sum(frame) % 256:
        raise FrameError("the ccTalk checksum does not match (a garbled message)")
    return Message(frame[0], frame[2], frame[3], bytes(frame[4:-1]))


def strip_echo(sent: bytes, received: bytes) -> bytes:
    """What follows our own message on a bus that echoes it (or everything, if none)."""
    return received[len(sent) :] if received.startswith(sent) else received


@dataclass(frozen=True)
class BillEvent:
    """One event of the buffer: a bill type (result A > 0) or a status (A = 0, B = code)."""

    result_a: int
    result_b: int

    @property
    def is_credit(self) -> bool:
        return self.result_a > 0 and self.result_b == 0

    @property
    def is_escrow(self) -> bool:
        return self.result_a > 0 and self.result_b == 1

    @property
    def status(self) -> BillStatus | None:
        if self.result_a:
            return None
        try:
            return BillStatus(self.result_b)
        except ValueError:
            return None


@dataclass(frozen=True)
class EventBuffer:
    counter: int
    events: tuple[BillEvent, ...]  # newest first, as sent


def parse_event_buffer(data: bytes) -> EventBuffer:
    if len(data) != 1 + 2 * EVENT_SLOTS:
        raise FrameError(f"a bill event buffer has 11 bytes, not {len(data)}")
    events = tuple(BillEvent(data[1 + 2 * i], data[2 + 2 * i]) for i in range(EVENT_SLOTS))
    for event in events:
        if event.result_a > 0 and event.result_b > 1:
            raise FrameError(f"bill event ({event.result_a}, {event.result_b}) is not defined")
    return EventBuffer(data[0], events)


def encode_event_buffer(buffer: EventBuffer) -> bytes:
    slots = list(buffer.events[:EVENT_SLOTS])
    slots += [BillEvent(0, 0)] * (EVENT_SLOTS - len(slots))
    return bytes([buffer.counter]) + b"".join(bytes([e.result_a, e.result_b]) for e in slots)


def new_events(previous: int | None, buffer: EventBuffer) -> tuple[list[BillEvent], int]:
    """Events since ``previous`` (oldest first) and how many were lost beyond the 5 slots.

    The counter is 0 only after power-up or reset, then runs 1..255 and wraps to 1.
    """
    if previous is None or buffer.counter == previous:
        return [], 0
    if buffer.counter == 0:  # the device was reset: whatever it held is gone
        return [], 0
    count = buffer.counter if previous == 0 else (buffer.counter - previous) % 255
    lost = max(0, count - EVENT_SLOTS)
    fresh = list(buffer.events[: min(count, EVENT_SLOTS)])
    fresh.reverse()
    return fresh, lost


def next_counter(counter: int) -> int:
    return 1 if counter >= 255 else counter + 1


@dataclass(frozen=True)
class BillId:
    """``EU0005A``: country, value in the country's units, issue (part 3, header 157)."""

    country: str
    value: int
    issue: str


def parse_bill_id(data: bytes) -> BillId | None:
    """None for an unprogrammed slot (``......``), FrameError for anything malformed."""
    text = data.decode("ascii", errors="replace")
    if len(text) != 7:
        raise FrameError(f"a bill id has 7 characters, not {len(text)}")
    if text.startswith((".", "\x00")):
        return None
    if not text[:2].isalpha() or not text[2:6].isdigit():
        raise FrameError(f"{text!r} is not a bill id")
    return BillId(text[:2], int(text[2:6]), text[6])


def cents(value: int, scaling: int, decimals: int) -> int:
    """A bill's value in cents from its id and the country scaling factor (header 156)."""
    units = value * scaling
    if decimals <= 2:
        return int(units * 10 ** (2 - decimals))
    return int(units // 10 ** (decimals - 2))
