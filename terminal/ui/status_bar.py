"""The link and device line at the bottom of both modes: online or not, queue, printer, and
any other device (scanner, card reader, …) that needs a look."""

from __future__ import annotations

from collections.abc import Mapping

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
        self.others = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for label in (self.link, self.queue, self.printer, self.others):
            layout.addWidget(label)
        layout.addStretch(1)
        self.name()

    def name(self) -> None:
        """Accessible names in the screen's language (a screen reader reads them)."""
        w = self.words
        self.link.setAccessibleName(w.gettext("Server link"))
        self.queue.setAccessibleName(w.gettext("Bets waiting for the server"))
        self.printer.setAccessibleName(w.gettext("Printer state"))
        self.others.setAccessibleName(w.gettext("Other devices' state"))

    def show_state(
        self,
        online: bool,
        queue_depth: int,
        printer: str,
        others: Mapping[str, str] | None = None,
    ) -> None:
        """``others``: the other kinds' states (``Devices.states``); shown only when one is
        fitted and not ready, so a working counter's line stays short."""
        w = self.words
        self.link.setText(w.gettext("Online") if online else w.gettext("OFFLINE"))
        set_role(self.link, "" if online else "banner")
        self.queue.setText(
            w.ngettext("{n} bet waiting", "{n} bets waiting", queue_depth)
            if queue_depth
            else w.gettext("Nothing waiting")
        )
        self.printer.setText(w.device("printer", printer))
        wrong = [
            w.device(kind, state)
            for kind, state in (others or {}).items()
            if state not in {"ok", "none"}
        ]
        self.others.setText(" · ".join(wrong))
        set_role(self.others, "problem" if wrong else "")
