"""The player-card reader: each good swipe is a :class:`PlayerCard` data event."""

from __future__ import annotations

from drivers.card_reader.iso7811 import ETX, MAX_FRAME, PlayerCard, parse_frame, player_card
from drivers.port import LineSettings
from drivers.reader import FrameReader


class CardReader(FrameReader):
    settings = LineSettings(baudrate=9600, read_timeout=0.05)
    terminator = bytes([ETX])
    max_frame = MAX_FRAME

    def parse(self, frame: bytes) -> PlayerCard:
        # anything before STX is line noise that belongs to no frame: parse_frame refuses it
        return player_card(parse_frame(frame))
