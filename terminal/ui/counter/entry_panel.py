"""The counter's left column, as the clerk reads it from the top: the bet entry with the time
to its race's stop, the cost of the line being typed, the last operation's outcome, the ticket
scanned or typed with its function keys and what it is worth, and the last tickets sold.

Only the widgets and their places: the window connects them to the flows (``selling``,
``sold_tickets``, ``till``) and keeps the names the tests and screenshots read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from catalogue import Words
from terminal.ui.counter.keys import key_button
from terminal.ui.fit import message_label

BUTTONS_A_ROW = 3  # a 1280×800 screen holds the whole counter even in large text

# A key under the ticket line: its words, what it does, its function key.
Key = tuple[str, Callable[[], None], str]


def line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    return edit


class EntryPanel:
    """``layout``: the column, for the window to place; ``keys``: the ticket's buttons, their
    shortcuts working anywhere in ``window``."""

    def __init__(self, words: Words, window: QWidget, keys: Sequence[Key]) -> None:
        w = words
        self.entry_title = QLabel(w.gettext("Bet entry (F1: help)"))
        self.entry = line(w.gettext("Bet entry"))
        self.cost = message_label(w.gettext("Cost of the bet being typed"), lines=2)
        self.cost.setProperty("role", "cost")
        self.message = message_label(w.gettext("Last operation's outcome"), lines=3)
        self.scan = line(w.gettext("Ticket barcode"))
        self.scan.setPlaceholderText(w.gettext("Scan or type a ticket's barcode"))
        self.ticket_info = message_label(w.gettext("Scanned ticket"), lines=2)
        buttons = QGridLayout()
        for index, (text, action, key) in enumerate(keys):
            button = key_button(words, text, action, key, window)
            buttons.addWidget(button, index // BUTTONS_A_ROW, index % BUTTONS_A_ROW)
        self.layout = QVBoxLayout()
        self.scan_title = QLabel(w.gettext("Ticket"))
        self.countdown = QLabel()
        self.countdown.setAccessibleName(w.gettext("Time to the betting stop"))
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.countdown.setContentsMargins(0, 0, 16, 0)  # apart from the odds board's title
        heading = QHBoxLayout()
        heading.addWidget(self.entry_title)
        heading.addWidget(self.countdown, 1)
        self.layout.addLayout(heading)
        for widget in (self.entry, self.cost, self.message, self.scan_title, self.scan):
            self.layout.addWidget(widget)
        self.layout.addLayout(buttons)
        self.layout.addWidget(self.ticket_info)
        self.last_title = QLabel(w.gettext("Last tickets"))
        self.last_tickets = QListWidget()
        self.last_tickets.setAccessibleName(w.gettext("Last tickets"))
        self.layout.addWidget(self.last_title)
        self.layout.addWidget(self.last_tickets, 1)
