"""The counter: a clerk types a bet on one line and presses Enter; scans a ticket to check,
pay, cancel or reprint it; opens and closes the shift; watches the odds and the link.

Every key of the entry is priced on the Qt thread against the races held in memory (pure
``pari``, microseconds); every operation that touches the server, the printer or the store's
money runs in the task worker and reports back here. Every word comes from the catalogue, in
the counter's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from catalogue import Words, words_for
from terminal.app import Terminal
from terminal.counter.state import CounterState
from terminal.store import programme
from terminal.store.programme import CachedRace
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.entry_help import EntryHelp
from terminal.ui.counter.keys import key_button
from terminal.ui.counter.message import MessageLine
from terminal.ui.counter.odds_board import OddsBoard
from terminal.ui.counter.selling import Selling
from terminal.ui.counter.sold_tickets import USER_ROLE, SoldTickets
from terminal.ui.counter.till import TillBar
from terminal.ui.fit import hold_lines, message_label, set_role
from terminal.ui.status_bar import LinkBar
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme


class CounterWindow(QMainWindow):
    """Holds the counter's state (``CounterState``, Qt-free) and its widgets; the till bar,
    the tickets sold and the sale (``till``, ``sold_tickets``, ``selling``) are given what they
    need."""

    def __init__(
        self,
        terminal: Terminal,
        bridge: DeviceBridge,
        tasks: Tasks,
        lang: str = "fr",
        theme: Theme | None = None,
    ) -> None:
        super().__init__()
        self.terminal, self.desk, self.bridge, self.tasks = terminal, terminal.desk, bridge, tasks
        self.words: Words = words_for(lang)
        self.theme = theme or Theme()
        self.counter = CounterState(self.words)
        self.confirm: Callable[[str], bool] = self.ask  # a test answers in its place
        w = self.words
        self.setWindowTitle(w.gettext("Guichet — {name}", name=self.desk.terminal_name))
        self.setAccessibleName(w.gettext("Counter terminal"))

        central = QWidget()
        grid = QGridLayout(central)
        grid.addLayout(self._entry_panel(), 0, 0)
        grid.addLayout(self._odds_panel(), 0, 1)
        self.messages = MessageLine(self.message, tasks, w)
        self.till = TillBar(
            w,
            self.desk,
            self.counter.till,
            self.counter.clerk,
            self.messages,
            self,
            restyle=self._restyle,
            confirm=self._confirmed,
            count_cash=self._counted,
        )
        # the Z's counted cash; a test answers in its place
        self.count_cash: Callable[[int], int | None] = self.till.ask_count
        self.float_euros, self.float_title = self.till.float_euros, self.till.float_title
        self.till_state = self.till.till_state
        self.large, self.contrast = self.till.large, self.till.contrast
        self.sold_tickets = SoldTickets(
            w,
            self.desk,
            self.counter.last,
            self.messages,
            scan=self.scan,
            info=self.ticket_info,
            listing=self.last_tickets,
            confirm=self._confirmed,
            moved=self.till.refresh,
        )
        self.selling = Selling(
            w,
            self.desk,
            self.counter.line,
            self.messages,
            entry=self.entry,
            moved=self._money_moved,
            answered=self.refresh_status,
        )
        grid.addLayout(self.till.rows, 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)
        self.setCentralWidget(central)
        self.link = LinkBar(w)
        self.statusBar().addPermanentWidget(self.link, 1)
        self.statusBar().addPermanentWidget(self.till.on_duty)

        self._listen(bridge)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, self.show_help)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_status)
        self.timer.start(1000)
        # what the clerk chose on screen outlives a restart: kept beside the terminal's store
        store = self.desk.store.path
        self.kept = QSettings(
            str(store.with_name(f"{store.stem}-screen.ini")), QSettings.Format.IniFormat
        )
        large = self._kept("large_text", self.theme.large_text)
        contrast = self._kept("high_contrast", self.theme.high_contrast)
        self.large.setChecked(large)  # (each writes both back: read both first)
        self.contrast.setChecked(contrast)
        self._restyle()
        self.refresh_status()
        self.reload_programme()
        self.till.refresh()
        self.refresh_last()
        self.entry.setFocus()

    # -- building blocks ---------------------------------------------------------------------

    def _listen(self, bridge: DeviceBridge) -> None:
        """The devices' and the workers' news, as signals on the Qt thread."""
        bridge.scanned.connect(self._scanned)
        bridge.card_swiped.connect(self.till.swiped)  # a clerk's card opens their shift
        bridge.device_error.connect(self._device_error)
        bridge.odds_changed.connect(self._odds_changed)
        bridge.device_status.connect(self._device_status)
        bridge.late_outcome.connect(self.selling.late)

    def _entry_panel(self) -> QVBoxLayout:
        w = self.words
        self.entry_title = QLabel(w.gettext("Bet entry (F1: help)"))
        self.entry = self._line(w.gettext("Bet entry"))
        self.entry.textChanged.connect(self._preview)
        self.entry.textEdited.connect(self._edited)
        self.entry.returnPressed.connect(self.sell)
        self.cost = message_label(w.gettext("Cost of the bet being typed"), lines=2)
        self.cost.setProperty("role", "cost")
        self.message = message_label(w.gettext("Last operation's outcome"), lines=3)
        self.scan = self._line(w.gettext("Ticket barcode"))
        self.scan.setPlaceholderText(w.gettext("Scan or type a ticket's barcode"))
        self.scan.returnPressed.connect(self.check_ticket)
        self.ticket_info = message_label(w.gettext("Scanned ticket"), lines=2)
        # three a row: a 1280×800 screen holds the whole counter even in large text
        buttons = QGridLayout()
        for index, (text, action, key) in enumerate(
            (
                (w.gettext("Check"), self.check_ticket, "F2"),
                (w.gettext("Pay"), self.pay_ticket, "F3"),
                (w.gettext("Cancel the bet"), self.cancel_ticket, "F4"),
                (w.gettext("Reprint"), self.reprint_ticket, "F5"),
                (w.gettext("Cancel the last one"), self.cancel_last, "F10"),
                (w.gettext("Drawer"), self.open_drawer, "F9"),
            )
        ):
            buttons.addWidget(self._button(text, action, key), index // 3, index % 3)
        panel = QVBoxLayout()
        self.scan_title = QLabel(w.gettext("Ticket"))
        self.countdown = QLabel()
        self.countdown.setAccessibleName(w.gettext("Time to the betting stop"))
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.countdown.setContentsMargins(0, 0, 16, 0)  # apart from the odds board's title
        heading = QHBoxLayout()
        heading.addWidget(self.entry_title)
        heading.addWidget(self.countdown, 1)
        panel.addLayout(heading)
        for widget in (self.entry, self.cost, self.message, self.scan_title, self.scan):
            panel.addWidget(widget)
        panel.addLayout(buttons)
        panel.addWidget(self.ticket_info)
        self.last_title = QLabel(w.gettext("Last tickets"))
        self.last_tickets = QListWidget()
        self.last_tickets.setAccessibleName(w.gettext("Last tickets"))
        self.last_tickets.itemActivated.connect(lambda item: self._scanned(item.data(USER_ROLE)))
        panel.addWidget(self.last_title)
        panel.addWidget(self.last_tickets, 1)
        return panel

    def _odds_panel(self) -> QVBoxLayout:
        self.odds = OddsBoard(self.words)
        self.race_choice, self.board, self.odds_title = (
            self.odds.choice,
            self.odds.table,
            self.odds.title,
        )
        self.race_choice.currentIndexChanged.connect(lambda _: self.show_odds())
        panel = QVBoxLayout()
        panel.addWidget(self.odds, 1)
        return panel

    def _edited(self, text: str) -> None:
        if self.counter.line.starts(text):
            self.say("")

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit()
        line.setAccessibleName(name)
        return line

    def _button(self, text: str, action: Callable[[], None], key: str) -> QPushButton:
        return key_button(self.words, text, action, key, self)

    def _kept(self, name: str, default: bool) -> bool:
        value = self.kept.value(f"display/{name}", "")
        return default if value not in {"true", "false"} else value == "true"

    def _restyle(self) -> None:
        self.theme = Theme(self.contrast.isChecked(), self.large.isChecked())
        if hasattr(self, "kept"):
            self.kept.setValue("display/large_text", "true" if self.theme.large_text else "false")
            self.kept.setValue(
                "display/high_contrast", "true" if self.theme.high_contrast else "false"
            )
            self.kept.sync()
        self.setStyleSheet(self.theme.stylesheet())
        for label in (self.cost, self.message, self.ticket_info):
            hold_lines(label)

    def say(self, text: str, *, problem: bool = False) -> None:
        self.messages.say(text, problem=problem)

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], latest: str = "") -> None:
        """``latest``: a read only whose newest answer matters (``Tasks.run_latest``)."""
        self.messages.run(work, done, latest)

    def _device_status(self, device: str, status: str, _detail: str) -> None:
        self.say(self.words.device(device, status), problem=status not in {"ok", "reconnected"})

    def _device_error(self, device: str, code: str, _detail: str) -> None:
        if device == "card_reader" and code == "frame_error":
            self.till.unread()  # a garbled swipe: said, nothing else

    def show_help(self) -> None:
        EntryHelp(self.words, self.example, self).exec()

    @property
    def races(self) -> dict[str, CachedRace]:
        """Today's races, as last read from the store."""
        return self.counter.line.races

    @property
    def example(self) -> str:
        """A line that sells now (the entry's placeholder, F1's example)."""
        return self.counter.line.example

    # -- the programme and the odds ------------------------------------------------------------

    def reload_programme(self) -> None:
        day = self.desk.clock().date().isoformat()
        self.run(
            lambda: programme.races_of(self.desk.store, day), self._races_loaded, latest="programme"
        )

    def _races_loaded(self, races: list[CachedRace]) -> None:
        self.counter.line.load(races)
        self._follow_example()
        self.odds.list_races(races, self.desk.clock())
        self._preview(self.entry.text())
        self.show_odds()

    def _follow_example(self) -> None:
        """The entry's example names a race open now: read again as races close."""
        line = self.counter.line
        if line.follow(self.desk.clock()) or not self.entry.placeholderText():
            self.entry.setPlaceholderText(line.placeholder())

    def _odds_changed(self, race_id: str) -> None:
        if not race_id:
            self.reload_programme()
        elif race_id == self.race_choice.currentData():
            self.show_odds()

    def show_odds(self) -> None:
        race_id = self.race_choice.currentData()
        if not race_id:
            return
        self.run(
            lambda: programme.odds_of(self.desk.store, race_id),
            lambda odds: self.odds.fill(race_id, odds, self.desk.clock()),
            latest=f"odds {race_id}",
        )

    # -- selling: the line read at every key; Enter: ``selling`` does the steps ----------------

    def _preview(self, text: str) -> None:
        """The cost of the line being typed, or what is wrong with it; the odds board and the
        header follow its race."""
        line = self.counter.line
        said = line.read(text, self.desk.clock())
        self.cost.setText(said.text)
        if said.text:
            set_role(self.cost, "problem" if said.problem else "cost")
        if line.race is not None:
            self.odds.show_race(line.race.race_id)
        self.show_countdown()

    def sell(self) -> None:
        self.selling.sell()

    def _money_moved(self) -> None:
        """A sale or its answer: the till and the last tickets are read again."""
        self.till.refresh()
        self.refresh_last()

    # -- tickets sold: ``sold_tickets`` does the steps ------------------------------------------

    def _scanned(self, code: str) -> None:
        self.scan.setText(code)
        self.check_ticket()

    def check_ticket(self) -> None:
        self.sold_tickets.check()

    def pay_ticket(self) -> None:
        self.sold_tickets.pay()

    def cancel_ticket(self) -> None:
        """Asks first, with the amount to refund; then cancels and prints the receipt."""
        self.sold_tickets.cancel()

    def cancel_last(self) -> None:
        self.sold_tickets.cancel_last()

    def reprint_ticket(self) -> None:
        self.sold_tickets.reprint()

    def refresh_last(self) -> None:
        self.sold_tickets.refresh_last()

    def _confirmed(self, question: str) -> bool:
        return self.confirm(question)  # whichever answers now

    def _counted(self, expected: int) -> int | None:
        return self.count_cash(expected)

    def ask(self, question: str) -> bool:
        """A yes/no question in the counter's language (the default ``confirm``)."""
        box = self.question_box(question)
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.YesRole

    def question_box(self, question: str) -> QMessageBox:
        w = self.words
        box = QMessageBox(QMessageBox.Icon.Question, w.gettext("Confirm"), question, parent=self)
        box.setAccessibleName(w.gettext("Confirm"))
        for text, role in (
            (w.gettext("Yes"), QMessageBox.ButtonRole.YesRole),
            (w.gettext("No"), QMessageBox.ButtonRole.NoRole),
        ):
            box.addButton(text, role).setAccessibleName(text)
        return box

    # -- the shift and the drawer: ``till`` does the steps -------------------------------------

    def open_shift(self) -> None:
        self.till.open()

    def x_report(self) -> None:
        self.till.x_report()

    def z_report(self) -> None:
        self.till.close()

    def open_drawer(self) -> None:
        device = self.terminal.printer
        if device is not None:
            self.run(device.open_drawer, lambda _: None)

    def refresh_status(self) -> None:
        """From memory only: the workers keep these figures current. Every second: the time
        to the stop of the race being typed (or shown), and each race's state in the list."""
        state = self.desk.drain.state
        devices = self.terminal.devices.states()
        self.link.show_state(state.online, state.queue_depth, devices.pop("printer"), devices)
        self.odds.tick(self.desk.clock())
        self._follow_example()
        self.show_countdown()

    def show_countdown(self) -> None:
        """The time to the stop of the race being typed (else the one on the odds board)."""
        said = self.counter.line.countdown(self.odds.shown, self.desk.clock())
        self.countdown.setText(said.text)
        if said.text:
            set_role(self.countdown, "problem" if said.problem else "")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        """Timers stop with the window: nothing is asked of the core once it is closing."""
        self.timer.stop()
        super().closeEvent(event)
