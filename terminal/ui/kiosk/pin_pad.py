"""The administrator's PIN, typed on an on-screen keypad (a kiosk has no keyboard): digits 0–9,
erase, OK and cancel, every key named for a screen reader. The digits show as dots; a wrong
PIN says so ("Wrong PIN") and the pad empties for another try. The window's
``leave_with_pin`` stays the check.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from catalogue import Words
from terminal.ui.fit import hold_lines, message_label
from terminal.ui.kiosk.widgets import big_button, tapped

MAX_DIGITS = 12
WIDTH = 400  # px: three keys a row, each wider than a fingertip


class PinPad(QDialog):
    def __init__(self, parent: QWidget, words: Words, check: Callable[[str], bool]) -> None:
        super().__init__(parent)
        self.words, self.check, self.pin = words, check, ""
        t = words
        self.setObjectName("pin-pad")
        self.setMinimumWidth(WIDTH)
        self.setWindowTitle(t.gettext("Administrator PIN"))
        self.setAccessibleName(t.gettext("Administrator PIN"))
        self.prompt = QLabel(t.gettext("Administrator PIN"))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = message_label("", lines=1)  # as tall empty as with dots
        self.dots.setObjectName("pin-dots")
        self.dots.setProperty("role", "title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem = message_label(t.gettext("Message"), lines=1)
        self.problem.setObjectName("pin-problem")
        self.problem.setProperty("role", "problem")
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        keys = QGridLayout()
        keys.setSpacing(8)
        for index, digit in enumerate("1234567890"):
            row, column = divmod(index, 3) if digit != "0" else (3, 1)
            keys.addWidget(
                big_button(f"pin-{digit}", t.data(digit), tapped(self.press, digit)), row, column
            )
        keys.addWidget(big_button("pin-erase", t.gettext("Erase"), self.erase), 3, 0)
        keys.addWidget(big_button("pin-ok", t.gettext("OK"), self.submit, primary=True), 3, 2)
        keys.addWidget(big_button("pin-cancel", t.gettext("Cancel"), self.reject), 4, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.dots)
        layout.addWidget(self.problem)
        layout.addLayout(keys)
        for label in (self.dots, self.problem):
            hold_lines(label)
        self._show()

    def press(self, digit: str) -> None:
        if len(self.pin) < MAX_DIGITS:
            self.pin += digit
        self.problem.setText("")
        self._show()

    def erase(self) -> None:
        self.pin = self.pin[:-1]
        self._show()

    def submit(self) -> None:
        pin, self.pin = self.pin, ""
        if self.check(pin):
            self.accept()
            return
        self.problem.setText(self.words.gettext("Wrong PIN"))
        self._show()

    def _show(self) -> None:
        t, n = self.words, len(self.pin)
        self.dots.setText(t.data("•" * n))
        self.dots.setAccessibleName(t.ngettext("{n} digit typed", "{n} digits typed", n))


def ask(parent: QWidget, words: Words, check: Callable[[str], bool]) -> PinPad:
    """The keypad, open over ``parent`` (window-modal): the event loop goes on meanwhile."""
    pad = PinPad(parent, words, check)
    pad.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    pad.open()
    return pad
