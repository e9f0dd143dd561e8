"""Device events into Qt: the one QObject that device threads talk to.

Drivers call their listeners on their own I/O threads; emitting a signal from there is
queued by Qt onto the thread the bridge lives in (the Qt thread), so screens only ever see
signals. The feed's odds and programme changes come the same way, and so do the outcomes the
ticket spool tells late (a ticket printed once a stalled server answered).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal

from drivers.bill_acceptor.driver import NoteEscrowed, NoteStacked
from drivers.card_reader.iso7811 import PlayerCard
from drivers.events import DataEvent, DeviceEvent, ErrorEvent, StatusEvent
from drivers.scanner.codes import Scan
from terminal.operations.spool import LateOutcome


class DeviceBridge(QObject):
    scanned = Signal(str)  # a barcode's digits
    card_swiped = Signal(object)  # a card read whole (``PlayerCard``): a clerk's, at a counter
    note_escrowed = Signal(int)  # cents held: to stack (credit) or return
    note_stacked = Signal(int, str)  # cents, a unique event id (credit is recorded once)
    device_status = Signal(str, str, str)  # device, status, detail
    device_error = Signal(str, str, str)  # device, the error's code (``frame_error``), detail
    odds_changed = Signal(str)  # race id, or "" when the programme was reloaded
    late_outcome = Signal(object)  # a ``spool.LateOutcome``: a bet's answer, told late

    def on_device(self, event: DeviceEvent) -> None:
        """A driver's listener: called on the device's I/O thread."""
        if isinstance(event, DataEvent):
            if isinstance(event.data, Scan):
                self.scanned.emit(event.data.code)
            elif isinstance(event.data, PlayerCard):
                self.card_swiped.emit(event.data)
            elif isinstance(event.data, NoteEscrowed):
                self.note_escrowed.emit(event.data.amount)
            elif isinstance(event.data, NoteStacked):
                self.note_stacked.emit(event.data.amount, str(uuid.uuid4()))
        elif isinstance(event, StatusEvent):
            self.device_status.emit(event.device, event.status, event.detail)
        elif isinstance(event, ErrorEvent):
            self.device_error.emit(event.device, event.error.code, str(event.error))

    def on_late(self, outcome: LateOutcome) -> None:
        """The ticket spool's listener: called on its thread."""
        self.late_outcome.emit(outcome)

    def on_feed(self, race_id: str) -> None:
        """The odds feed's listener: called on the feed's thread."""
        self.odds_changed.emit(race_id)
