"""Touch-sized building blocks shared by the kiosk's screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TOUCH = 72  # px: the smallest target a finger hits reliably, with margin (WCAG 2.5.5: 44)


def big_button(text: str, name: str, action: Callable[[], None], *, primary: bool = False
               ) -> QPushButton:  # fmt: skip
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setMinimumHeight(TOUCH)
    # a str, not a bool: PySide6 mis-counts references to a bool property (crash at exit)
    button.setProperty("primary", "true" if primary else "false")
    button.clicked.connect(action)
    return button


def title(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setAccessibleName(name)
    label.setProperty("role", "title")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class Screen(QWidget):
    """A page of the kiosk: a title, a body, and buttons along the bottom."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.heading = title("", f"{name} title")
        self.body = QVBoxLayout()
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.bottom = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.body)
        layout.addLayout(self.grid, 1)
        layout.addLayout(self.bottom)

    def clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next turn of the event loop
                widget.deleteLater()


def tapped(action: Callable[[Any], None], value: Any) -> Callable[[], None]:
    """A slot taking no argument. (Not ``functools.partial``: PySide6 then mishandles the
    ``checked`` bool that ``clicked`` carries, and the interpreter crashes at exit.)"""

    def slot() -> None:
        action(value)

    return slot
