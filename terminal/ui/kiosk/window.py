"""The kiosk: attract → age → race → bet type → runners → stake → summary and pay → ticket.

Money comes only from the bill acceptor (a stacked note is credit) or a scanned voucher; the
acceptor is enabled only while the kiosk can sell, so a kiosk out of paper or cut off from the
server takes no money and says why. A session left idle returns its credit as a voucher. An
administrator leaves kiosk mode with a PIN.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from catalogue import LANGUAGES, Words, words_for
from drivers.bill_acceptor.driver import BillAcceptor
from pari import Bet
from terminal.app import Terminal
from terminal.errors import TerminalError
from terminal.journey import Journey
from terminal.operations import credit
from terminal.store import programme
from terminal.store.programme import CachedRace
from terminal.ui.bridge import DeviceBridge
from terminal.ui.fit import hold_lines, message_label, warm_fonts
from terminal.ui.kiosk import leaving, owed, pin_pad, race_clock, scanned_tickets, screens
from terminal.ui.kiosk.kiosk import Controls
from terminal.ui.kiosk.widgets import Pages, Screen
from terminal.ui.status_bar import LinkBar
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme

log = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    """Shows the ``Journey`` on its screens (``screens.FILLS``) and turns the bettor's taps,
    the devices' events and the workers' answers into its changes."""

    left_kiosk_mode = Signal()

    def __init__(
        self,
        terminal: Terminal,
        bridge: DeviceBridge,
        tasks: Tasks,
        *,
        acceptor: BillAcceptor | None = None,
        admin_pin: str = "",
        idle_seconds: int = 90,
        theme: Theme | None = None,
        lang: str = "fr",
    ) -> None:
        super().__init__()
        self.terminal, self.desk, self.bridge, self.tasks = terminal, terminal.desk, bridge, tasks
        self.acceptor, self.admin_pin = acceptor, admin_pin
        self.theme = theme or Theme(large_text=True)
        for other in LANGUAGES:  # read now, not when a bettor first taps a language
            words_for(other).amount(0)
        self.words: Words = words_for(lang)
        self.journey = Journey(first_lang=lang)  # every new bettor starts in ``lang``
        self._applied: str | None = None  # the state the acceptor was last put in
        self._landscape = True
        self.setWindowTitle(self.words.data("Guichet"))
        self.controls = Controls()  # what the screens (re)create, read by the steps
        self._build_frame()
        self._style()

        bridge.note_escrowed.connect(self._escrowed)
        bridge.note_stacked.connect(self._stacked)
        bridge.scanned.connect(self.scanned)
        bridge.odds_changed.connect(self._odds_changed)
        bridge.device_status.connect(lambda *_: self.refresh_status())
        bridge.late_outcome.connect(lambda outcome: owed.late(self, outcome))
        self._start_timers(idle_seconds)
        self.go("attract")
        self.reload_programme()
        self.run(lambda: credit.balance(self.desk), self._show_credit)
        self.run(lambda: credit.waiting(self.desk), lambda due: leaving.resume(self, due))

    def _build_frame(self) -> None:
        """Around the screens: the banner (why no bets), then the credit, the message and
        the time to the stop, then the link bar."""
        self.pages = Pages()
        self.screens = {name: Screen(name) for name in screens.FILLS}
        for screen in self.screens.values():
            self.pages.addWidget(screen)
        self.banner = message_label("", lines=2)
        self.banner.setProperty("role", "banner")
        self.banner.hide()
        self.late_note = message_label("", lines=3)  # tickets printed after their bettor left
        self.late_note.setProperty("role", "notice")
        self.late_note.hide()
        self.credit_label = QLabel()
        self.countdown = QLabel()
        self.message = message_label("", lines=2)
        self.message.setProperty("role", "problem")
        self.link = LinkBar(self.words, every_device=True)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.banner)
        layout.addWidget(self.late_note)
        layout.addWidget(self.pages, 1)
        money = QHBoxLayout()
        money.setSpacing(self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing))
        money.addWidget(self.credit_label)
        money.addWidget(self.message, 1)
        money.addWidget(self.countdown)
        # the status line takes two lines here (every device named): closer to the credit's
        # line, so that a screen of 16 runners still fits 1024x768 in large text
        bottom = QVBoxLayout()
        bottom.setSpacing(0)
        bottom.addLayout(money)
        bottom.addWidget(self.link)
        layout.addLayout(bottom)
        self.setCentralWidget(central)

    def _start_timers(self, idle_seconds: int) -> None:
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_seconds * 1000)
        self.idle.timeout.connect(self.session_idle)
        self.warning = QTimer(self)  # the countdown before idle credit becomes a voucher
        self.warning.timeout.connect(lambda: leaving.tick(self))
        self.before_warning, self.warning_left, self.voucher_amount = "", 0, 0
        self.voucher_waiting = False  # a voucher owed, waiting for the server or the printer
        self.voucher_retry = QTimer(self)
        self.voucher_retry.setInterval(3000)
        self.voucher_retry.timeout.connect(lambda: leaving.retry_print(self))
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self.refresh_status)
        self.ticker.start(1000)

    # -- navigation ------------------------------------------------------------------------

    def _style(self) -> None:
        self.setStyleSheet(self.theme.stylesheet())
        for label in (self.banner, self.message):
            hold_lines(label)
        warm_fonts(self)
        self._name()

    def _name(self) -> None:
        t = self.words
        self.setAccessibleName(t.gettext("Betting kiosk"))
        self.banner.setAccessibleName(t.gettext("Why betting is unavailable"))
        self.late_note.setAccessibleName(t.gettext("Tickets printed late"))
        owed.show_kept(self)
        self.credit_label.setAccessibleName(t.gettext("Credit"))
        self.countdown.setAccessibleName(t.gettext("Time to the betting stop"))
        self.message.setAccessibleName(t.gettext("Message"))
        self.link.words = t
        self.link.name()

    def go(self, name: str) -> None:
        self.fill(name)
        self.pages.setCurrentWidget(self.screens[name])
        self.message.setText("")
        if name != "attract":
            self.idle.start()
        else:
            self.journey.bettor_gone()
        self.refresh_status()

    def fill(self, name: str) -> None:
        screens.FILLS[name](self, self.screens[name])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        """A kiosk turned (or a window resized) across portrait and landscape lays its
        grids out again: four runners a row in landscape, three in portrait."""
        super().resizeEvent(event)
        landscape = self.width() >= self.height()
        if landscape != self._landscape:
            self._landscape = landscape
            name = self.current
            if name in {"races", "types", "runners"}:
                self.fill(name)

    @property
    def current(self) -> str:
        page = self.pages.currentWidget()
        return "" if page is None else page.objectName()

    @property
    def landscape(self) -> bool:
        return self.width() >= self.height()

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], latest: str = "") -> None:
        """``latest``: a read only whose newest answer matters (``Tasks.run_latest``)."""
        failed = lambda err: self.message.setText(self.words.problem(err))  # noqa: E731
        if latest:
            self.tasks.run_latest(latest, work, done, failed)
        else:
            self.tasks.run(work, done, failed)

    # -- what the bettor does --------------------------------------------------------------

    def set_lang(self, lang: str) -> None:
        self.words = words_for(lang)
        self._name()
        self._applied = None  # the banner, in the new language
        self._show_credit(self.journey.balance)
        self.go("attract")

    def pick_race(self, race_id: str) -> None:
        self.journey.choose_race(race_id)
        self.go("types")

    def pick_type(self, bet_type: str) -> None:
        self.journey.selection.choose_type(bet_type)
        self.go("runners")

    def toggle_runner(self, number: int) -> None:
        race = self.journey.race()
        if race is None:
            return
        try:
            self.journey.selection.toggle(number, race.field)
        except TerminalError as err:  # a non-runner's button is off: a tap cannot get here
            self.message.setText(self.words.problem(err))
        self.idle.start()
        screens.show_selection(self, number)

    def toggle_base_mode(self) -> None:
        self.journey.selection.toggle_base_mode()
        self.idle.start()
        screens.show_selection(self)

    def toggle_complete(self) -> None:
        self.journey.selection.toggle_complete()
        self.idle.start()
        screens.show_selection(self)

    def change_stake(self, step: int) -> None:
        self.set_multiplier(self.journey.selection.multiplier + step)

    def set_multiplier(self, multiplier: int) -> None:
        self.journey.selection.set_multiplier(multiplier)
        self.idle.start()
        self.fill("stake")

    def priced(self) -> Bet | None:
        race = self.journey.race()
        if race is None:
            return None
        try:
            return self.journey.selection.priced(race, self.desk.clock())
        except TerminalError as err:
            self.message.setText(self.words.problem(err))
            return None

    def place_bet(self) -> None:
        owed.place(self)

    def scanned(self, code: str) -> None:
        scanned_tickets.scanned(self, code)

    def collect(self) -> None:
        scanned_tickets.collect(self)

    def cash_out(self) -> None:
        leaving.cash_out(self)

    def session_idle(self) -> None:
        leaving.idle(self)

    def ask_pin(self) -> None:
        pin_pad.ask(self, self.words, self.leave_with_pin)

    def leave_with_pin(self, pin: str) -> bool:
        if self.admin_pin and hmac.compare_digest(pin.encode(), self.admin_pin.encode()):
            self.left_kiosk_mode.emit()
            self.close()
            return True
        return False

    # -- money and state, from the devices and the workers -------------------------------------

    def _escrowed(self, cents: int) -> None:
        acceptor = self.acceptor
        if acceptor is None:
            return
        if self.journey.blocked_because:
            self.run(acceptor.return_bill, lambda _: None)
        else:
            self.run(acceptor.stack, lambda _: None)

    def _stacked(self, cents: int, event_id: str) -> None:
        self.run(lambda: credit.deposit(self.desk, cents, event_id), self._show_credit)
        self.idle.start()

    def refresh_credit(self) -> None:
        self.run(lambda: credit.balance(self.desk), self._show_credit)

    def _show_credit(self, balance: int) -> None:
        self.journey.balance = balance
        t = self.words
        self.credit_label.setText(t.gettext("Credit: {amount}", amount=t.amount(balance)))
        if self.current == "summary":
            self.fill("summary")

    def reload_programme(self) -> None:
        def load() -> tuple[list[CachedRace], dict[str, dict[str, Any]]]:
            day = self.desk.clock().date().isoformat()
            races = programme.races_of(self.desk.store, day)
            odds = {r.race_id: programme.odds_of(self.desk.store, r.race_id) or {} for r in races}
            return races, odds

        self.run(load, self._programme_loaded, latest="programme")

    def _programme_loaded(self, loaded: tuple[list[CachedRace], dict[str, dict[str, Any]]]) -> None:
        race_clock.programme_loaded(self, *loaded)

    def _odds_changed(self, race_id: str) -> None:
        if not race_id:
            self.reload_programme()
            return
        self.run(
            lambda: programme.odds_of(self.desk.store, race_id),
            lambda odds: race_clock.odds_loaded(self, race_id, odds),
            latest=f"odds {race_id}",
        )

    def refresh_status(self) -> None:
        """Sales stop, visibly, when the kiosk cannot print or reach the server; the bill
        acceptor then refuses notes, so no money is taken that could not buy a ticket."""
        why = self.terminal.can_sell()
        t = self.words
        if why == "offline":
            reason = t.gettext("the server cannot be reached")
        elif why:
            reason = t.gettext("printer {state}", state=t.device_state(why))
        else:
            reason = ""
        state = self.desk.drain.state
        devices = self.terminal.devices.states()  # every kind, as the heartbeat reports them
        self.link.show_state(why != "offline", state.queue_depth, devices.pop("printer"), devices)
        self._follow_races()
        owed.show_kept(self)
        if reason == self._applied:
            return
        self.journey.blocked_because = self._applied = reason
        said = t.gettext("Betting unavailable: {why}. No note is taken until then.", why=reason)
        self.banner.setText(said if reason else "")
        self.banner.setVisible(bool(reason))
        if self.acceptor is not None:  # queued for its I/O thread: nothing waits on the line
            self.acceptor.set_accepting(not reason).add_done_callback(_log_failure)
        if self.current == "summary":
            self.fill("summary")

    def _follow_races(self) -> None:
        race_clock.follow(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        """Timers stop with the window: nothing is asked of the core once it is closing."""
        self.ticker.stop()
        self.idle.stop()
        self.warning.stop()
        self.voucher_retry.stop()
        super().closeEvent(event)


def _log_failure(done: Future[None]) -> None:
    """The acceptor re-applies the wish when it comes back; a failure is only worth a line."""
    if not done.cancelled() and done.exception() is not None:
        log.warning("the bill acceptor did not take the new state: %s", done.exception())
