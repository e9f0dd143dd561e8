"""F1 at the counter: the whole quick-entry syntax, with today's example and every bet code."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from catalogue import Words
from terminal.entry import CODES
from terminal.operations.sell import MAX_MULTIPLIER


def help_lines(words: Words, example: str) -> list[str]:
    """The help's lines, Qt-free (a test reads them; the dialog shows them)."""
    w = words
    lines = [
        w.gettext("Type a bet on one line, then Enter:"),
        w.gettext("meeting  race  bet code  runners  options"),
        w.gettext("Example: {example}", example=example),
        "",
        w.gettext("Runners: as many as the bet takes (single), more (combination)."),
        w.gettext("Base runners, then -, then associates: partial field (e.g. 1 3 TI 4 - 7 9 12)."),
        w.gettext("Base runners, then *: full field (e.g. 1 3 TI 4 7 *)."),
        w.gettext(
            "X2 … X{most}: multiply the stake. FC: all orders (Tiercé, Quarté+, Quinté+).",
            most=MAX_MULTIPLIER,
        ),
        "",
        w.gettext("Bet codes:"),
    ]
    lines += [
        w.gettext("{code}  {name}", code=code, name=w.bet_type(bet_type))
        for code, bet_type in CODES.items()
    ]
    lines += ["", w.gettext("Enter: sell.  F1: this help.  Esc: close it.")]
    return lines


class EntryHelp(QDialog):
    def __init__(self, words: Words, example: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(words.gettext("Bet entry help"))
        self.setAccessibleName(words.gettext("Bet entry help"))
        layout = QVBoxLayout(self)
        self.text = QLabel("\n".join(help_lines(words, example)))
        self.text.setAccessibleName(words.gettext("Bet entry syntax"))
        layout.addWidget(self.text)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        button = close.button(QDialogButtonBox.StandardButton.Close)
        button.setText(words.gettext("Close"))
        button.setAccessibleName(words.gettext("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
