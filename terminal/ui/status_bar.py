"""The link and device line at the bottom of both modes: online or not, queue, printer."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from terminal.ui.strings import tr


class LinkBar(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.link = QLabel()
        self.queue = QLabel()
        self.printer = QLabel()
        for label, name in ((self.link, "Server link"), (self.queue, "Queued bets"),
                            (self.printer, "Printer status")):  # fmt: skip
            label.setAccessibleName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for label in (self.link, self.queue, self.printer):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_state(self, online: bool, queue_depth: int, printer: str) -> None:
        self.link.setText(tr(self.lang, "online" if online else "offline"))
        self.link.setProperty("role", "" if online else "banner")
        self.link.style().polish(self.link)
        self.queue.setText(tr(self.lang, "queue", n=queue_depth))
        self.printer.setText(tr(self.lang, "printer", s=printer))
