"""The link and device line at the bottom of both modes: online or not, queue, printer."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from catalogue import Words
from terminal.ui.fit import set_role


class LinkBar(QWidget):
    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.link = QLabel()
        self.queue = QLabel()
        self.printer = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for label in (self.link, self.queue, self.printer):
            layout.addWidget(label)
        layout.addStretch(1)
        self.name()

    def name(self) -> None:
        """Accessible names in the screen's language (a screen reader reads them)."""
        w = self.words
        self.link.setAccessibleName(w.gettext("Server link"))
        self.queue.setAccessibleName(w.gettext("Bets waiting for the server"))
        self.printer.setAccessibleName(w.gettext("Printer state"))

    def show_state(self, online: bool, queue_depth: int, printer: str) -> None:
        w = self.words
        self.link.setText(w.gettext("Online") if online else w.gettext("OFFLINE"))
        set_role(self.link, "" if online else "banner")
        self.queue.setText(
            w.ngettext("{n} bet waiting", "{n} bets waiting", queue_depth)
            if queue_depth
            else w.gettext("Nothing waiting")
        )
        self.printer.setText(w.device("printer", printer))
