"""The counter's till bar: the float, open, X and Z, the display choices, the till's state
always in view; and the Z that asks for the counted cash, confirms, and prints the difference.

Built by the window with what it needs; what the till shows and asks follows from the
``Till`` state (``terminal.counter.state``), every read and operation runs in the task worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from catalogue import Words
from terminal.counter.sayings import Said
from terminal.counter.state import Till
from terminal.operations.desk import Desk
from terminal.operations.shifts import (
    ShiftReport,
    close_shift,
    current,
    open_shift,
    print_report,
    report,
)
from terminal.ui.counter.keys import key_button
from terminal.ui.counter.message import MessageLine
from terminal.ui.fit import set_role


class TillBar:
    """``rows``: the bar's layout, for the window to place. ``confirm`` and ``count_cash``
    ask the clerk (a test answers in their place)."""

    def __init__(
        self,
        words: Words,
        desk: Desk,
        till: Till,
        message: MessageLine,
        window: QWidget,
        *,
        restyle: Callable[[], None],
        confirm: Callable[[str], bool],
        count_cash: Callable[[int], int | None],
    ) -> None:
        self.words, self.desk, self.till = words, desk, till
        self.message, self.window = message, window
        self.confirm, self.count_cash = confirm, count_cash
        t = words
        self.float_euros = QSpinBox()
        self.float_euros.setAccessibleName(t.gettext("Float in euros"))
        self.float_euros.setRange(0, 10_000)
        self.float_euros.setValue(100)
        if t.amount(100).startswith("€"):  # where the locale writes the sign: €100 / 100 €
            self.float_euros.setPrefix("€")
        else:
            self.float_euros.setSuffix("\N{NO-BREAK SPACE}€")
        controls = QHBoxLayout()
        self.float_title = QLabel(t.gettext("Float"))
        controls.addWidget(self.float_title)
        controls.addWidget(self.float_euros)
        for text, action, key in (
            (t.gettext("Open the till"), self.open, "F6"),
            (t.gettext("X report"), self.x_report, "F7"),
            (t.gettext("Close the till (Z)"), self.close, "F8"),
        ):
            controls.addWidget(key_button(t, text, action, key, window))
        controls.addStretch(1)
        options = QHBoxLayout()
        self.till_state = QLabel()
        self.till_state.setAccessibleName(t.gettext("Till"))
        self.large = QCheckBox(t.gettext("Large text"))
        self.large.setAccessibleName(t.gettext("Large text"))
        self.contrast = QCheckBox(t.gettext("High contrast"))
        self.contrast.setAccessibleName(t.gettext("High contrast"))
        for box in (self.large, self.contrast):
            box.toggled.connect(restyle)
            options.addWidget(box)
        options.addStretch(1)
        options.addWidget(self.till_state)
        self.rows = QVBoxLayout()
        self.rows.addLayout(controls)
        self.rows.addLayout(options)

    def refresh(self) -> None:
        """Read the till's state in the worker; show it in the bar."""
        self.message.run(lambda: current(self.desk), self.show)

    def show(self, shift: ShiftReport | None) -> None:
        self._show(self.till.read(shift))

    def _show(self, said: Said) -> None:
        self.till_state.setText(said.text)
        set_role(self.till_state, "problem" if said.problem else "")

    def open(self) -> None:
        cents = self.float_euros.value() * 100

        def opened(_: object) -> None:
            self.message.say(self.words.gettext("Till open"))
            self.refresh()

        self.message.run(lambda: open_shift(self.desk, cents), opened)

    def x_report(self) -> None:
        self.message.run(
            lambda: print_report(self.desk, report(self.desk)),
            lambda _: self.message.say(self.words.gettext("X report printed")),
        )

    def close(self) -> None:
        """Z: the counted cash, a confirmation with the difference, then the report."""
        self.message.run(lambda: current(self.desk), self._count)

    def _count(self, shift: ShiftReport | None) -> None:
        if shift is None:
            self.message.tell(self.till.not_open())
            return
        counted = self.count_cash(shift.drawer)
        if counted is None:
            return
        if not self.confirm(self.till.z_question(shift, counted)):
            return

        def closing() -> ShiftReport:
            closed = close_shift(self.desk, counted)
            print_report(self.desk, closed)
            return closed

        self.message.run(closing, self._closed)

    def _closed(self, _: ShiftReport) -> None:
        self.message.say(self.words.gettext("Till closed, Z report printed"))
        self._show(self.till.closed())

    def ask_count(self, expected: int) -> int | None:
        """The cash counted in the drawer, typed by the clerk ("51,50"); None if cancelled."""
        dialog = count_dialog(self.window, self.words, expected)
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        typed = dialog.textValue()
        counted = self.till.counted(typed)
        if counted is None:
            self.message.tell(self.till.not_cash(typed))
        return counted


def count_dialog(parent: QWidget, words: Words, expected: int) -> QInputDialog:
    t = words
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(t.gettext("Close the till (Z)"))
    dialog.setLabelText(
        t.gettext("Cash counted in the drawer (expected {amount})", amount=t.amount(expected))
    )
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText(t.gettext("OK"))
    dialog.setCancelButtonText(t.gettext("Cancel"))
    return dialog
