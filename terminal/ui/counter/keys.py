"""The counter's buttons, each with its function key: the clerk's hands stay on the keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from catalogue import Words


def key_button(
    words: Words, text: str, action: Callable[[], None], key: str, window: QWidget
) -> QPushButton:
    """A button with its key shown on it; the key works anywhere in ``window``."""
    shown = words.gettext("{action} ({key})", action=text, key=key)
    button = QPushButton(shown)
    button.setAccessibleName(shown)
    button.clicked.connect(action)
    QShortcut(QKeySequence(key), window, action)
    return button
