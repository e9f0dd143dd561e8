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

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from catalogue import Words, words_for
from terminal.app import Terminal
from terminal.counter.state import CounterState
from terminal.store.programme import CachedRace
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter import questions
from terminal.ui.counter.display import KeptDisplay
from terminal.ui.counter.entry_help import EntryHelp
from terminal.ui.counter.entry_panel import EntryPanel
from terminal.ui.counter.message import MessageLine
from terminal.ui.counter.race_watch import RaceWatch
from terminal.ui.counter.selling import Selling
from terminal.ui.counter.sold_tickets import USER_ROLE, SoldTickets
from terminal.ui.counter.till import TillBar
from terminal.ui.fit import hold_lines, set_role
from terminal.ui.status_bar import LinkBar
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme


class CounterWindow(QMainWindow):
    """Holds the counter's state (``CounterState``, Qt-free) and wires its parts, each given
    what it needs: the entry column (``entry_panel``), the till bar (``till``), the tickets
    sold (``sold_tickets``), the sale (``selling``), today's races and odds (``race_watch``),
    the display choices kept (``display``) and the yes/no questions (``questions``)."""

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
        self.kept: KeptDisplay | None = None  # read once the till bar's boxes exist

        entry_column = self._entry_column()
        self.messages = MessageLine(self.message, tasks, w)
        central = QWidget()
        grid = QGridLayout(central)
        grid.addLayout(entry_column, 0, 0)
        grid.addLayout(self._odds_column(), 0, 1)
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
        self.kept = KeptDisplay(self.desk.store.path)
        large = self.kept.read("large_text", self.theme.large_text)
        contrast = self.kept.read("high_contrast", self.theme.high_contrast)
        self.large.setChecked(large)  # (each writes both back: read both first)
        self.contrast.setChecked(contrast)
        self._restyle()
        self.refresh_status()
        self.reload_programme()
        self.till.refresh()
        self.refresh_last()
        self.entry.setFocus()

    # -- building blocks ---------------------------------------------------------------------

    def _entry_column(self) -> QVBoxLayout:
        """The entry column's widgets (``EntryPanel``), under the names the tests read, wired
        to the flows."""
        w = self.words
        panel = EntryPanel(
            w,
            self,
            (
                (w.gettext("Check"), self.check_ticket, "F2"),
                (w.gettext("Pay"), self.pay_ticket, "F3"),
                (w.gettext("Cancel the bet"), self.cancel_ticket, "F4"),
                (w.gettext("Reprint"), self.reprint_ticket, "F5"),
                (w.gettext("Cancel the last one"), self.cancel_last, "F10"),
                (w.gettext("Drawer"), self.open_drawer, "F9"),
            ),
        )
        self.entry_title, self.entry, self.cost = panel.entry_title, panel.entry, panel.cost
        self.message, self.scan_title, self.scan = panel.message, panel.scan_title, panel.scan
        self.ticket_info, self.countdown = panel.ticket_info, panel.countdown
        self.last_title, self.last_tickets = panel.last_title, panel.last_tickets
        self.entry.textChanged.connect(self._preview)
        self.entry.textEdited.connect(self._edited)
        self.entry.returnPressed.connect(self.sell)
        self.scan.returnPressed.connect(self.check_ticket)
        self.last_tickets.itemActivated.connect(lambda item: self._scanned(item.data(USER_ROLE)))
        return panel.layout

    def _odds_column(self) -> QVBoxLayout:
        """Today's races and the odds board (``RaceWatch``), wired to the line typed."""
        self.race_watch = RaceWatch(
            self.words,
            self.desk,
            self.counter.line,
            self.messages,
            entry=self.entry,
            countdown=self.countdown,
            loaded=lambda: self._preview(self.entry.text()),
        )
        self.odds = self.race_watch.odds
        self.race_choice, self.board, self.odds_title = (
            self.odds.choice,
            self.odds.table,
            self.odds.title,
        )
        odds_panel = QVBoxLayout()
        odds_panel.addWidget(self.odds, 1)
        return odds_panel

    def _listen(self, bridge: DeviceBridge) -> None:
        """The devices' and the workers' news, as signals on the Qt thread."""
        bridge.scanned.connect(self._scanned)
        bridge.card_swiped.connect(self.till.swiped)  # a clerk's card opens their shift
        bridge.device_error.connect(self._device_error)
        bridge.odds_changed.connect(self._odds_changed)
        bridge.device_status.connect(self._device_status)
        bridge.late_outcome.connect(self.selling.late)

    def _edited(self, text: str) -> None:
        if self.counter.line.starts(text):
            self.say("")

    def _restyle(self) -> None:
        self.theme = Theme(self.contrast.isChecked(), self.large.isChecked())
        if self.kept is not None:
            self.kept.keep(self.theme)
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
        self.race_watch.reload()

    def _odds_changed(self, race_id: str) -> None:
        self.race_watch.odds_changed(race_id)

    def show_odds(self) -> None:
        self.race_watch.show_odds()

    # -- selling: the line read at every key; Enter: ``selling`` does the steps ----------------

    def _preview(self, text: str) -> None:
        """The cost of the line being typed, or what is wrong with it; the odds board and the
        header follow its race."""
        line = self.counter.line
        said = line.read(text, self.desk.clock())
        self.cost.setText(said.text)
        if said.text:
            set_role(self.cost, "problem" if said.problem else "cost")
        self.race_watch.follow_line()

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
        return questions.answered_yes(self.question_box(question))

    def question_box(self, question: str) -> QMessageBox:
        return questions.question_box(self, self.words, question)

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
        self.race_watch.tick()

    def show_countdown(self) -> None:
        self.race_watch.show_countdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        """Timers stop with the window: nothing is asked of the core once it is closing."""
        self.timer.stop()
        super().closeEvent(event)
