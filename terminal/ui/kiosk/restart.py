"""A kiosk restarts into a new release of the program between two bettors, never during a
sale: once a minute it asks (on the background helper, not the Qt thread) whether the package
installed another release (``terminal.release``); when it has, the kiosk waits for its
attract screen, with no credit, no work in progress and no note for 30 s, then closes. The
app ends with status 0 and systemd starts it again (``Restart=always``), on the new release."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from terminal.ui.kiosk.window import KioskWindow

QUIET = 30.0  # seconds since the last note: its credit is recorded, its bettor gone


class RestartBetweenBettors(QObject):
    def __init__(
        self, window: KioskWindow, superseded: Callable[[], bool], every_ms: int = 60_000
    ) -> None:
        super().__init__(window)
        self.window = window
        self.superseded = superseded
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.note_at = -QUIET  # a note being stacked is credit about to be recorded
        window.bridge.note_escrowed.connect(self._note)

    def _note(self, _cents: int) -> None:
        self.note_at = time.monotonic()

    def check(self) -> None:
        if self.pending:
            self.restart_if_free()
        else:
            self.window.tasks.run(self.superseded, self._learned, lambda _error: None)

    def _learned(self, newer: object) -> None:
        self.pending = bool(newer)
        if self.pending:
            self.restart_if_free()

    def restart_if_free(self) -> None:
        window = self.window
        free = (
            window.current == "attract"
            and window.journey.balance == 0
            and not window.tasks.busy
            and time.monotonic() - self.note_at > QUIET
        )
        if free:
            self.timer.stop()
            window.close()
