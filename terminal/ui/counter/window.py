"""The counter: a clerk types a bet on one line and presses Enter; scans a ticket to check,
pay, cancel or reprint it; opens and closes the shift; watches the odds and the link.

Every key of the entry is priced on the Qt thread against the races held in memory (pure
``pari``, microseconds); every operation that touches the server, the printer or the store's
money runs in the task worker and reports back here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pari import format_amount
from terminal.app import Terminal
from terminal.entry import parse_entry
from terminal.errors import TerminalError, user_message
from terminal.operations.cancel import cancel
from terminal.operations.payout import check, pay
from terminal.operations.reprint import reprint
from terminal.operations.sell import Sale, price_in, sell
from terminal.operations.shifts import close_shift, open_shift, print_report, report
from terminal.store import programme
from terminal.store.programme import CachedRace
from terminal.ui.bridge import DeviceBridge
from terminal.ui.status_bar import LinkBar
from terminal.ui.strings import FR, tr
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme


class CounterWindow(QMainWindow):
    def __init__(
        self, terminal: Terminal, bridge: DeviceBridge, tasks: Tasks, lang: str = FR,
        theme: Theme | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.terminal, self.desk, self.bridge, self.tasks, self.lang = (
            terminal, terminal.desk, bridge, tasks, lang
        )  # fmt: skip
        self.theme = theme or Theme()
        self.races: dict[str, CachedRace] = {}
        self.setWindowTitle(f"Guichet — {self.desk.terminal_name}")
        self.setAccessibleName("Counter terminal")

        central = QWidget()
        grid = QGridLayout(central)
        grid.addLayout(self._entry_panel(), 0, 0)
        grid.addLayout(self._odds_panel(), 0, 1)
        grid.addLayout(self._shift_bar(), 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.setCentralWidget(central)
        self.link = LinkBar(lang)
        self.statusBar().addPermanentWidget(self.link, 1)

        bridge.scanned.connect(self._scanned)
        bridge.odds_changed.connect(self._odds_changed)
        bridge.device_status.connect(lambda d, s, _: self._say(f"{d}: {s}", problem=True))
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start(1000)
        self._restyle()
        self.refresh_status()
        self.reload_programme()
        self.entry.setFocus()

    # -- building blocks ---------------------------------------------------------------------

    def _entry_panel(self) -> QVBoxLayout:
        self.entry = self._line("entry", "Bet entry")
        self.entry.textChanged.connect(self._preview)
        self.entry.returnPressed.connect(self.sell)
        self.cost = self._label("Cost of the bet being typed", "cost")
        self.message = self._label("Last operation's outcome", "")
        self.message.setWordWrap(True)
        self.scan = self._line("scan", "Ticket barcode")
        self.scan.returnPressed.connect(self.check_ticket)
        self.ticket_info = self._label("Scanned ticket", "")
        buttons = QHBoxLayout()
        for key, name, action in (
            ("check", "Check ticket", self.check_ticket),
            ("pay", "Pay ticket", self.pay_ticket),
            ("cancel", "Cancel bet", self.cancel_ticket),
            ("reprint", "Reprint ticket", self.reprint_ticket),
        ):
            buttons.addWidget(self._button(key, name, action))
        panel = QVBoxLayout()
        for widget in (QLabel(tr(self.lang, "entry")), self.entry, self.cost, self.message,
                       QLabel(tr(self.lang, "scan")), self.scan):  # fmt: skip
            panel.addWidget(widget)
        panel.addLayout(buttons)
        panel.addWidget(self.ticket_info)
        panel.addStretch(1)
        return panel

    def _odds_panel(self) -> QVBoxLayout:
        self.race_choice = QComboBox()
        self.race_choice.setAccessibleName("Race shown on the odds board")
        self.race_choice.currentIndexChanged.connect(lambda _: self.show_odds())
        self.board = QTableWidget(0, 3)
        self.board.setAccessibleName("Odds board")
        self.board.setHorizontalHeaderLabels(["N°", "Cheval", "Cote"])
        self.board.verticalHeader().setVisible(False)
        self.board.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        panel = QVBoxLayout()
        panel.addWidget(QLabel(tr(self.lang, "odds_board")))
        panel.addWidget(self.race_choice)
        panel.addWidget(self.board)
        return panel

    def _shift_bar(self) -> QHBoxLayout:
        self.float_cents = QSpinBox()
        self.float_cents.setAccessibleName("Float in euros")
        self.float_cents.setRange(0, 10_000)
        self.float_cents.setValue(100)
        self.float_cents.setSuffix(" €")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr(self.lang, "float")))
        bar.addWidget(self.float_cents)
        for key, name, action in (
            ("open_shift", "Open shift", self.open_shift),
            ("x_report", "Print X report", self.x_report),
            ("z_report", "Close shift and print Z report", self.z_report),
            ("drawer", "Open cash drawer", self.open_drawer),
        ):
            bar.addWidget(self._button(key, name, action))
        self.large = QCheckBox(tr(self.lang, "large_text"))
        self.large.setAccessibleName("Large text")
        self.contrast = QCheckBox(tr(self.lang, "contrast"))
        self.contrast.setAccessibleName("High contrast")
        for box in (self.large, self.contrast):
            box.toggled.connect(self._restyle)
            bar.addWidget(box)
        bar.addStretch(1)
        return bar

    def _line(self, key: str, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setPlaceholderText(tr(self.lang, key))
        line.setAccessibleName(name)
        return line

    def _label(self, name: str, role: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setProperty("role", role)
        return label

    def _button(self, key: str, name: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(tr(self.lang, key))
        button.setAccessibleName(name)
        button.clicked.connect(action)
        return button

    def _restyle(self) -> None:
        self.theme = Theme(self.contrast.isChecked(), self.large.isChecked())
        self.setStyleSheet(self.theme.stylesheet())

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "problem" if problem else "")
        self.message.style().polish(self.message)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.tasks.run(work, done, lambda err: self._say(user_message(err), problem=True))

    # -- the programme and the odds ------------------------------------------------------------

    def reload_programme(self) -> None:
        day = self.desk.clock().date().isoformat()
        self._run(lambda: programme.races_of(self.desk.store, day), self._races_loaded)

    def _races_loaded(self, races: list[CachedRace]) -> None:
        self.races = {race.race_id: race for race in races}
        shown = self.race_choice.currentData()
        self.race_choice.blockSignals(True)
        self.race_choice.clear()
        for race in races:
            code = race.race_id.split("/")[-1]
            self.race_choice.addItem(f"{code} {race.post_time:%H:%M} {race.name}", race.race_id)
        if shown in self.races:
            self.race_choice.setCurrentIndex(self.race_choice.findData(shown))
        self.race_choice.blockSignals(False)
        self._preview(self.entry.text())
        self.show_odds()

    def _odds_changed(self, race_id: str) -> None:
        if not race_id:
            self.reload_programme()
        elif race_id == self.race_choice.currentData():
            self.show_odds()

    def show_odds(self) -> None:
        race_id = self.race_choice.currentData()
        if not race_id:
            return
        self._run(lambda: programme.odds_of(self.desk.store, race_id),
                  lambda odds: self._fill_board(race_id, odds))  # fmt: skip

    def _fill_board(self, race_id: str, odds: dict[str, Any] | None) -> None:
        race = self.races.get(race_id)
        if race is None:
            return
        values = (odds or {}).get("odds", {})
        self.board.setRowCount(len(race.runners))
        for row, runner in enumerate(race.runners):
            number = runner["number"]
            scratched = number in race.field.scratched
            shown = tr(self.lang, "scratched") if scratched else (values.get(str(number)) or "—")
            for column, text in enumerate((str(number), runner["name"], str(shown))):
                item = QTableWidgetItem(text)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.board.setItem(row, column, item)
        self.board.resizeColumnsToContents()

    # -- selling -------------------------------------------------------------------------------

    def _preview(self, text: str) -> None:
        if not text.strip():
            self.cost.setText("")
            return
        try:
            draft = parse_entry(text, self.desk.clock().date())
            race = self.races.get(draft.race_id)
            if race is None:
                raise TerminalError(f"{draft.race_id.split('/')[-1]} is not in today's programme")
            bet = price_in(race, draft, self.desk.clock())
        except TerminalError as err:
            self.cost.setText(err.detail)
            self.cost.setProperty("role", "problem")
        else:
            self.cost.setText(f"{bet.describe()} — {format_amount(bet.cost)} €")
            self.cost.setProperty("role", "cost")
        self.cost.style().polish(self.cost)

    def sell(self) -> None:
        try:
            draft = parse_entry(self.entry.text(), self.desk.clock().date())
        except TerminalError as err:
            self._say(err.detail, problem=True)
            return
        self._run(lambda: sell(self.desk, draft), self._sold)

    def _sold(self, sale: Sale) -> None:
        cost = format_amount(sale.cost)
        if sale.status == "ACCEPTED":
            text = tr(self.lang, "sold", ticket=sale.ticket_number, cost=cost)
            self._say(text + ("" if sale.printed else " — " + " ".join(sale.notes)),
                      problem=not sale.printed)  # fmt: skip
        elif sale.status == "PENDING":
            self._say(tr(self.lang, "pending", cost=cost), problem=True)
        else:
            self._say(tr(self.lang, "refused", cost=cost, why=sale.problem), problem=True)
        self.entry.clear()
        self.refresh_status()

    # -- tickets -------------------------------------------------------------------------------

    def _scanned(self, code: str) -> None:
        self.scan.setText(code)
        self.check_ticket()

    def check_ticket(self) -> None:
        barcode = self.scan.text().strip()
        self._run(lambda: check(self.desk, barcode), self._show_ticket)

    def _show_ticket(self, view: dict[str, Any]) -> None:
        paid = f", payé le {view['paid_at'][:16]}" if view.get("paid_at") else ""
        amount = format_amount(int(view.get("payout") or 0))
        self.ticket_info.setText(
            f"Ticket {view['ticket_number']} — {view['race_id']} {view['bet_type']} — "
            f"{view['status']} — {amount} €{paid}"
        )

    def pay_ticket(self) -> None:
        barcode = self.scan.text().strip()
        self._run(lambda: pay(self.desk, barcode),
                  lambda paid: self._say(f"Payez {format_amount(paid.amount)} € "
                                         f"(ticket {paid.ticket_number})"))  # fmt: skip

    def cancel_ticket(self) -> None:
        barcode = self.scan.text().strip()
        self._run(lambda: cancel(self.desk, barcode),
                  lambda status: self._say(f"Pari {status} : remboursez le parieur"))  # fmt: skip

    def reprint_ticket(self) -> None:
        barcode = self.scan.text().strip()
        self._run(lambda: reprint(self.desk, barcode or self._last_ticket()), self._reprinted)

    def _reprinted(self, duplicate: bool) -> None:
        self._say("DUPLICATA imprimé" if duplicate else "Ticket imprimé")

    def _last_ticket(self) -> str:
        """The clerk's last sale (read in the task worker)."""
        row = self.desk.store.one(
            "SELECT transaction_id FROM bet WHERE status = 'ACCEPTED' ORDER BY created_at DESC"
        )
        return "" if row is None else str(row[0])

    # -- the shift and the drawer ----------------------------------------------------------------

    def open_shift(self) -> None:
        cents = self.float_cents.value() * 100
        self._run(lambda: open_shift(self.desk, cents), lambda _: self._say("Caisse ouverte"))

    def x_report(self) -> None:
        self._run(lambda: print_report(self.desk, report(self.desk)),
                  lambda _: self._say("Rapport X imprimé"))  # fmt: skip

    def z_report(self) -> None:
        def close() -> None:
            print_report(self.desk, close_shift(self.desk))

        self._run(close, lambda _: self._say("Caisse clôturée, rapport Z imprimé"))

    def open_drawer(self) -> None:
        device = self.terminal.device
        if device is not None:
            self._run(device.open_drawer, lambda _: None)

    def refresh_status(self) -> None:
        """From memory only: the workers keep these figures current."""
        state = self.desk.drain.state
        online = state.online
        printer = self.terminal.printer_state()
        self.link.show_state(online, state.queue_depth, printer)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        """Timers stop with the window: nothing is asked of the core once it is closing."""
        self.timer.stop()
        super().closeEvent(event)
