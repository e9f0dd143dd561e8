"""The counter's till: its state always in view, and the Z that asks for the counted cash,
confirms, and prints the difference.

Functions over the window, as the kiosk's ``screens`` are: the window keeps the widgets and
the task worker, this the till's steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from pari.errors import AmountError
from pari.money import parse_amount
from terminal.operations.shifts import ShiftReport, close_shift, current, print_report
from terminal.ui.fit import set_role

if TYPE_CHECKING:
    from terminal.ui.counter.window import CounterWindow


def refresh(w: CounterWindow) -> None:
    """Read the till's state in the worker; show it in the shift bar."""
    w.run(lambda: current(w.desk), lambda shift: show(w, shift))


def show(w: CounterWindow, shift: ShiftReport | None) -> None:
    t = w.words
    if shift is None:
        w.till_state.setText(t.gettext("Till closed"))
        set_role(w.till_state, "problem")
    else:
        w.till_state.setText(t.gettext("Till open since {time} · expected in the drawer {amount}",
                                       time=t.time(shift.opened_at),
                                       amount=t.amount(shift.drawer)))  # fmt: skip
        set_role(w.till_state, "")


def close(w: CounterWindow) -> None:
    """Z: the counted cash, a confirmation with the difference, then the report."""
    w.run(lambda: current(w.desk), lambda shift: _count(w, shift))


def _count(w: CounterWindow, shift: ShiftReport | None) -> None:
    t = w.words
    if shift is None:
        w.say(t.gettext("The till is closed: open it first"), problem=True)
        return
    counted = w.count_cash(shift.drawer)
    if counted is None:
        return
    question = t.gettext(
        "Close the till? Expected {expected}, counted {counted}, difference {difference}.",
        expected=t.amount(shift.drawer), counted=t.amount(counted),
        difference=t.amount(counted - shift.drawer),
    )  # fmt: skip
    if not w.confirm(question):
        return

    def closing() -> ShiftReport:
        closed = close_shift(w.desk, counted)
        print_report(w.desk, closed)
        return closed

    w.run(closing, lambda closed: _closed(w, closed))


def _closed(w: CounterWindow, closed: ShiftReport) -> None:
    w.say(w.words.gettext("Till closed, Z report printed"))
    show(w, None)


def count_dialog(w: CounterWindow, expected: int) -> QInputDialog:
    t = w.words
    dialog = QInputDialog(w)
    dialog.setWindowTitle(t.gettext("Close the till (Z)"))
    dialog.setLabelText(t.gettext("Cash counted in the drawer (expected {amount})",
                                  amount=t.amount(expected)))  # fmt: skip
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText(t.gettext("OK"))
    dialog.setCancelButtonText(t.gettext("Cancel"))
    return dialog


def ask_count(w: CounterWindow, expected: int) -> int | None:
    """The cash counted in the drawer, typed by the clerk ("51,50"); None if cancelled."""
    t = w.words
    dialog = count_dialog(w, expected)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    text = dialog.textValue().replace("€", "").replace("\N{NO-BREAK SPACE}", "").strip()
    try:
        return parse_amount(text.replace(" ", "").replace(",", "."))
    except AmountError:
        w.say(t.gettext("“{text}” is not an amount of cash, e.g. 51,50", text=text),
               problem=True)  # fmt: skip
        return None


def bar(w: CounterWindow) -> QVBoxLayout:
    """The till's controls: float, open, X, Z; the display choices; the till's state."""
    t = w.words
    w.float_euros = QSpinBox()
    w.float_euros.setAccessibleName(t.gettext("Float in euros"))
    w.float_euros.setRange(0, 10_000)
    w.float_euros.setValue(100)
    if t.amount(100).startswith("€"):  # where the locale writes the sign: €100 / 100 €
        w.float_euros.setPrefix("€")
    else:
        w.float_euros.setSuffix("\N{NO-BREAK SPACE}€")
    controls = QHBoxLayout()
    w.float_title = QLabel(t.gettext("Float"))
    controls.addWidget(w.float_title)
    controls.addWidget(w.float_euros)
    for text, action, key in (
        (t.gettext("Open the till"), w.open_shift, "F6"),
        (t.gettext("X report"), w.x_report, "F7"),
        (t.gettext("Close the till (Z)"), w.z_report, "F8"),
    ):
        controls.addWidget(w._button(text, action, key))
    controls.addStretch(1)
    options = QHBoxLayout()
    w.till_state = QLabel()
    w.till_state.setAccessibleName(t.gettext("Till"))
    w.large = QCheckBox(t.gettext("Large text"))
    w.large.setAccessibleName(t.gettext("Large text"))
    w.contrast = QCheckBox(t.gettext("High contrast"))
    w.contrast.setAccessibleName(t.gettext("High contrast"))
    for box in (w.large, w.contrast):
        box.toggled.connect(w._restyle)
        options.addWidget(box)
    options.addStretch(1)
    options.addWidget(w.till_state)
    rows = QVBoxLayout()
    rows.addLayout(controls)
    rows.addLayout(options)
    return rows
