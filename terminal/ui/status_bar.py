"""The link and device line at the bottom of both modes: online or not, queue, the printer,
and the other kinds of device (``terminal.devices.KINDS``: scanner, bill acceptor, card
reader, …), each in the catalogue's words. A counter names only a device that needs a look,
so that a working counter's line stays short; a kiosk names every device it has, so that a
bettor (or the person who comes to fix it) sees at a glance what works before paying."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from catalogue import Words
from terminal.ui.fit import set_role


class LinkBar(QWidget):
    def __init__(
        self, words: Words, parent: QWidget | None = None, *, every_device: bool = False
    ) -> None:
        super().__init__(parent)
        self.words = words
        self.every_device = every_device  # name each device given, not only one that is wrong
        self.link = QLabel()
        self.queue = QLabel()
        self.printer = QLabel()
        self.others = QLabel()
        rows = QVBoxLayout(self)
        first, second = QHBoxLayout(), QHBoxLayout()
        if every_device:  # two lines, as close as they read; gaps that part what they say
            rows.setContentsMargins(6, 0, 6, 0)
            rows.setSpacing(0)
            first.setSpacing(24)
        else:
            rows.setContentsMargins(6, 2, 6, 2)
        for label in (self.link, self.queue, self.printer):
            first.addWidget(label)
        # every device named makes the line too long for a kiosk's smallest screen (1024 px
        # in large text, a device not responding): the others go on a line of their own
        (second if every_device else first).addWidget(self.others)
        for row in (first, second) if every_device else (first,):
            row.addStretch(1)
            rows.addLayout(row)
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
        """``others``: the other kinds' states (``Devices.states``, "none" for a kind not
        fitted). Each is shown when it is not ready, or always with ``every_device``."""
        w = self.words
        self.link.setText(w.gettext("Online") if online else w.gettext("OFFLINE"))
        set_role(self.link, "" if online else "banner")
        self.queue.setText(
            w.ngettext("{n} bet waiting", "{n} bets waiting", queue_depth)
            if queue_depth
            else w.gettext("Nothing waiting")
        )
        self.printer.setText(w.device("printer", printer))
        given = {kind: state for kind, state in (others or {}).items() if state != "none"}
        wrong = [kind for kind, state in given.items() if state != "ok"]
        shown = list(given) if self.every_device else wrong
        said = ""
        for kind in shown:  # joined in the catalogue's words, so the line is all from it
            device = w.device(kind, given[kind])
            said = (
                w.gettext("{devices} · {device}", devices=said, device=device) if said else device
            )
        self.others.setText(said)
        set_role(self.others, "problem" if wrong else "")
