"""The card reader and the barcode scanner: they take no commands and speak when told to."""

from __future__ import annotations

from drivers.card_reader.iso7811 import PlayerCard, player_card_frame
from drivers.scanner.codes import SUFFIX
from firmware_sim.emulator import Outbox


class CardReaderEmulator:
    def __init__(self) -> None:
        self.outbox: Outbox | None = None

    def receive(self, data: bytes) -> bytes:
        return b""  # a swipe reader has nothing to say to the host

    def swipe(self, card: PlayerCard) -> bytes:
        frame = player_card_frame(card)
        self.send_raw(frame)
        return frame

    def send_raw(self, frame: bytes) -> None:
        if self.outbox is not None:
            self.outbox.send(frame)


class ScannerEmulator:
    def __init__(self) -> None:
        self.outbox: Outbox | None = None

    def receive(self, data: bytes) -> bytes:
        return b""

    def scan(self, code: str) -> None:
        if self.outbox is not None:
            self.outbox.send(code.encode("ascii") + SUFFIX)
