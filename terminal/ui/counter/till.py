"""The counter's till bar: the clerk's name, the float, open, X and Z, the display choices, the
till's state always in view; the Z that asks for the counted cash, confirms, and prints the
difference; a clerk's card swiped, which opens their shift (``terminal.counter.clerk``).

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
from drivers.card_reader.iso7811 import PlayerCard
from terminal.counter.clerk import MAX_NAME, Clerk, clerk_name, typed_name
from terminal.counter.sayings import Said
from terminal.counter.state import Till
from terminal.operations.desk import Desk
from terminal.operations.shifts import (
    ClerkShift,
    ShiftReport,
    close_shift,
    current,
    open_for,
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
        clerk: Clerk,
        message: MessageLine,
        window: QWidget,
        *,
        restyle: Callable[[], None],
        confirm: Callable[[str], bool],
        count_cash: Callable[[int], int | None],
    ) -> None:
        self.words, self.desk, self.till, self.clerk = words, desk, till, clerk
        self.message, self.window = message, window
        self.confirm, self.count_cash = confirm, count_cash
        t = words
        # who opens the shift: the configured name at first, a card's, or as typed
        self.clerk_name = QLineEdit(desk.operator)
        self.clerk_name.setAccessibleName(t.gettext("Clerk's name"))
        self.clerk_name.setPlaceholderText(t.gettext("Name, or swipe your card"))
        self.clerk_name.setMaxLength(MAX_NAME)
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
        # the name is asked while the till is closed; once open, the status line shows whose
        self.clerk_title = QLabel(t.gettext("Clerk"))
        for widget in (self.clerk_title, self.clerk_name, self.till_state):
            options.addWidget(widget)
        self.on_duty = QLabel()  # the window puts it in its status line
        self.on_duty.setAccessibleName(t.gettext("Clerk on duty"))
        self.rows = QVBoxLayout()
        self.rows.addLayout(controls)
        self.rows.addLayout(options)

    def refresh(self) -> None:
        """Read the till's state in the worker; show it in the bar."""
        self.message.run(lambda: current(self.desk), self.show)

    def show(self, shift: ShiftReport | None) -> None:
        self._show(self.till.read(shift))
        for widget in (self.clerk_title, self.clerk_name):
            widget.setVisible(shift is None)
        self.on_duty.setText(self.clerk.on_duty(shift))

    def _show(self, said: Said) -> None:
        self.till_state.setText(said.text)
        set_role(self.till_state, "problem" if said.problem else "")

    def open(self) -> None:
        """F6: the shift of the clerk named in the field (the configured name if empty)."""
        cents = self.float_euros.value() * 100
        name = typed_name(self.clerk_name.text())

        def opened(_: object) -> None:
            self.message.say(self.words.gettext("Till open"))
            self.refresh()

        self.message.run(lambda: open_shift(self.desk, cents, name), opened)

    def swiped(self, card: PlayerCard) -> None:
        """A clerk's card: their shift opens with the float shown, unless one is open."""
        name = clerk_name(card.holder)
        if not name:
            self.message.tell(self.clerk.nameless())
            return
        self.clerk_name.setText(name)
        cents = self.float_euros.value() * 100

        def done(outcome: ClerkShift) -> None:
            self.message.tell(self.clerk.swiped(name, outcome))
            self.refresh()

        self.message.run(lambda: open_for(self.desk, name, cents), done)

    def unread(self) -> None:
        """A garbled swipe: said, and nothing else happens."""
        self.message.tell(self.clerk.unread())

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
        self.show(None)

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
