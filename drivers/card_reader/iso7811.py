"""ISO/IEC 7811 magnetic-stripe tracks 1 and 2, as our reader sends them on its serial line.

Track formats (ISO/IEC 7811-2, 7813): track 1 is 6-bit "alpha" (characters 0x20-0x5F),
start sentinel ``%``, separator ``^``; track 2 is 4-bit BCD (characters 0x30-0x3F), start
sentinel ``;``, separator ``=``; both end with ``?`` followed by the LRC character: the XOR of
the data values (character minus the set's base) of every character from the start sentinel to
the end sentinel inclusive.

The reader's serial frame, after the "raw data with LRC" mode of common serial MSR readers
(ID TECH, MagTek): ``STX``, track 1 if read, track 2 if read, ``ETX``; each track sent with its
sentinels and its LRC character, so the host checks the LRC itself. A frame that fails any
check is a :class:`FrameError`, never a card: a worn stripe must not pay someone else.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import FrameError
from pari.check_digit import luhn_valid

STX = 0x02
ETX = 0x03
MAX_FRAME = 2 + 79 + 3 + 40 + 3  # both tracks at their ISO maximum lengths, with framing


@dataclass(frozen=True)
class TrackFormat:
    number: int
    start: str
    end: str
    separator: str
    base: int
    bits: int
    max_data: int

    def value(self, char: str) -> int:
        code = ord(char) - self.base
        if not 0 <= code < 1 << self.bits:
            raise FrameError(f"track {self.number}: {char!r} is not a track character")
        return code

    def lrc(self, text: str) -> str:
        check = 0
        for char in text:
            check ^= self.value(char)
        return chr(check + self.base)


TRACK1 = TrackFormat(1, start="%", end="?", separator="^", base=0x20, bits=6, max_data=76)
TRACK2 = TrackFormat(2, start=";", end="?", separator="=", base=0x30, bits=4, max_data=37)


@dataclass(frozen=True)
class Tracks:
    """Track data without sentinels or LRC; None for a track the reader did not read."""

    track1: str | None
    track2: str | None


@dataclass(frozen=True)
class PlayerCard:
    number: str
    holder: str
    expiry: str  # YYMM


def encode_track(fmt: TrackFormat, data: str) -> str:
    if len(data) > fmt.max_data:
        raise FrameError(f"track {fmt.number}: {len(data)} characters, at most {fmt.max_data}")
    for char in data:
        fmt.value(char)
        if char in {fmt.start, fmt.end}:
            raise FrameError(f"track {fmt.number}: a sentinel {char!r} inside the data")
    body = fmt.start + data + fmt.end
    return body + fmt.lrc(body)


def encode_frame(tracks: Tracks) -> bytes:
    text = ""
    if tracks.track1 is not None:
        text += encode_track(TRACK1, tracks.track1)
    if tracks.track2 is not None:
        text += encode_track(TRACK2, tracks.track2)
    return bytes([STX]) + text.encode("ascii") + bytes([ETX])


def parse_frame(frame: bytes) -> Tracks:
    """The tracks of one frame (STX ... ETX), every sentinel and LRC checked."""
    if len(frame) < 2 or frame[0] != STX or frame[-1] != ETX:
        raise FrameError("a card frame starts with STX and ends with ETX")
    if len(frame) > MAX_FRAME:
        raise FrameError(f"a card frame of {len(frame)} bytes is too long")
    if any(byte > 0x7F for byte in frame):
        raise FrameError("a card frame carries 7-bit characters only")
    text = frame[1:-1].decode("ascii")
    found: dict[int, str] = {}
    at = 0
    while at < len(text):
        fmt = {TRACK1.start: TRACK1, TRACK2.start: TRACK2}.get(text[at])
        if fmt is None or fmt.number in found or (fmt is TRACK1 and 2 in found):
            raise FrameError(f"unexpected {text[at]!r} where a track should start")
        end = text.find(fmt.end, at + 1)
        if end < 0 or end + 1 >= len(text):
            raise FrameError(f"track {fmt.number} has no end sentinel and LRC")
        body = text[at : end + 1]
        data = body[1:-1]
        if encode_track(fmt, data) != body + text[end + 1]:
            raise FrameError(f"track {fmt.number}: the LRC does not match (a misread)")
        found[fmt.number] = data
        at = end + 2
    if not found:
        raise FrameError("an empty swipe: no track was read")
    return Tracks(found.get(1), found.get(2))


def player_card(tracks: Tracks) -> PlayerCard:
    """The card the tracks describe (ISO 7813 layouts); both tracks must agree."""
    number2 = expiry2 = None
    if tracks.track2 is not None:
        number2, sep, rest = tracks.track2.partition(TRACK2.separator)
        if not sep or len(rest) < 4 or not rest[:4].isdigit():
            raise FrameError("track 2 is not a card number, '=', an expiry date")
        expiry2 = rest[:4]
    holder = ""
    number1 = expiry1 = None
    if tracks.track1 is not None:
        parts = tracks.track1.split(TRACK1.separator)
        if len(parts) < 3 or not parts[0].startswith("B") or len(parts[2]) < 4:
            raise FrameError("track 1 is not format B: 'B' number '^' name '^' expiry")
        number1, holder, expiry1 = parts[0][1:], parts[1].strip(), parts[2][:4]
    number = number2 or number1 or ""
    expiry = expiry2 or expiry1 or ""
    if number1 is not None and number2 is not None and (number1, expiry1) != (number2, expiry2):
        raise FrameError("tracks 1 and 2 disagree: a misread")
    if not 8 <= len(number) <= 19 or not luhn_valid(number):
        raise FrameError("the card number fails its check digit")
    if not expiry.isdigit():
        raise FrameError("the expiry date is not YYMM")
    return PlayerCard(number=number, holder=holder, expiry=expiry)


def player_card_frame(card: PlayerCard) -> bytes:
    """The frame a reader sends for ``card``: what the simulator emits."""
    return encode_frame(
        Tracks(
            track1=f"B{card.number}^{card.holder}^{card.expiry}1010000000",
            track2=f"{card.number}={card.expiry}1010000000",
        )
    )
