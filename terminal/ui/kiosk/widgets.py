"""Touch-sized building blocks shared by the kiosk's screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.ui.fit import FitButton

TOUCH = 72  # px: the smallest target a finger hits reliably, with margin (WCAG 2.5.5: 44)


def big_button(
    key: str, text: str, action: Callable[[], None], *, name: str = "", primary: bool = False
) -> QPushButton:
    """A button whose accessible name is its text, or ``name`` (for "⚙" or "+"); ``key``
    names it for the code (tests, screenshots), whatever the language."""
    button = QPushButton(text)
    _touchable(button, key, name or text, action, primary)
    return button


def lines_button(
    key: str, lines: list[str], action: Callable[[], None], *, elide: set[int], name: str = ""
) -> FitButton:
    """A button of several lines (a runner: number, name, odds), names elided when they must."""
    button = FitButton(lines, elide)
    _touchable(button, key, name or " ".join(lines), action, False)
    button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    button.setMaximumHeight(3 * TOUCH)
    return button


def _touchable(
    button: QPushButton, key: str, name: str, action: Callable[[], None], primary: bool
) -> None:
    button.setObjectName(key)
    button.setAccessibleName(name)
    button.setMinimumHeight(TOUCH)
    # a str, not a bool: PySide6 mis-counts references to a bool property (crash at exit)
    button.setProperty("primary", "true" if primary else "false")
    button.clicked.connect(action)


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
        self.setObjectName(name)
        self.heading = title("", "")
        # as tall as its wrapped lines need (a long question in a narrow window), no taller
        self.heading.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # a line just above the bottom bar, by the button it is about: what the selection
        # adds up to, or why that button is not open yet ("Choose 2 more runners")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.hide()
        self.body = QVBoxLayout()
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self.bottom = QGridLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addLayout(self.body)
        layout.addLayout(self.grid, 3)  # runner and race buttons grow (to a point) with the screen
        layout.addStretch(1)  # what a screen does not fill stays empty above its bottom bar
        layout.addWidget(self.note)
        layout.addLayout(self.bottom)

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setAccessibleName(text)
        self.setAccessibleName(text)

    def set_bottom(self, *widgets: QWidget) -> None:
        """The bottom bar's buttons (and lines), left to right, in place of the last ones."""
        while self.bottom.count():
            item = self.bottom.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for column, widget in enumerate(widgets):
            self.bottom.addWidget(widget, 0, column)

    def clear_grid(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone now, not at the next turn of the event loop
                widget.deleteLater()
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)


def tapped(action: Callable[[Any], None], value: Any) -> Callable[[], None]:
    """A slot taking no argument. (Not ``functools.partial``: PySide6 then mishandles the
    ``checked`` bool that ``clicked`` carries, and the interpreter crashes at exit.)"""

    def slot() -> None:
        action(value)

    return slot


class Pages(QStackedWidget):
    """The kiosk's screens, one shown at a time: sized by the screen shown, not by the
    largest of all (a page filled for a portrait screen must not hold a landscape window
    taller than its display; each page is filled afresh when shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802  (Qt's name)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()
