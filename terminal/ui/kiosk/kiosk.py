"""The kiosk as its screens and steps see it: what each may read and ask of the window.

The screens (``screens``, ``race_list``, ``sold``, ``owed``) and the bettor's steps
(``leaving``, ``owed``, ``scanned_tickets``, ``race_clock``) take a ``Kiosk``: the state is the
``Journey`` (changed through its methods), the controls a screen makes for the steps to read
are ``Controls``, and the rest is the window's public face — to show a screen, run work off
the Qt thread, read the credit again. None of them imports the window, which imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from catalogue import Words
from pari import Bet
from terminal.journey import Journey
from terminal.operations.desk import Desk
from terminal.ui.fit import FitButton
from terminal.ui.kiosk.widgets import Screen
from terminal.ui.tasks import Tasks


@dataclass
class Controls:
    """The controls a screen makes afresh each time it is filled and that the bettor's steps
    (or a test) then read: written only by the screen that makes them."""

    race_buttons: dict[str, FitButton] = field(default_factory=dict)  # by race id
    runner_buttons: dict[int, FitButton] = field(default_factory=dict)  # by runner number
    option_buttons: dict[str, QPushButton] = field(default_factory=dict)  # champ, complete
    next_button: QPushButton = field(default_factory=QPushButton)  # the runners' Next
    cost_label: QLabel = field(default_factory=QLabel)  # the runners' selection and cost
    stake_label: QLabel = field(default_factory=QLabel)
    pay_button: QPushButton = field(default_factory=QPushButton)
    ticket_code: QLineEdit = field(default_factory=QLineEdit)
    ticket_view: QLabel = field(default_factory=QLabel)
    collect_button: QPushButton = field(default_factory=QPushButton)


class Kiosk(Protocol):
    @property
    def words(self) -> Words: ...
    @property
    def journey(self) -> Journey: ...
    @property
    def controls(self) -> Controls: ...
    @property
    def desk(self) -> Desk: ...
    @property
    def tasks(self) -> Tasks: ...
    @property
    def screens(self) -> dict[str, Screen]: ...
    @property
    def current(self) -> str: ...
    @property
    def landscape(self) -> bool: ...
    @property
    def message(self) -> QLabel: ...
    @property
    def countdown(self) -> QLabel: ...
    @property
    def late_note(self) -> QLabel: ...
    @property
    def idle(self) -> QTimer: ...
    @property
    def warning(self) -> QTimer: ...
    @property
    def voucher_retry(self) -> QTimer: ...

    def go(self, name: str) -> None:
        """Fill screen ``name`` afresh and show it."""

    def fill(self, name: str) -> None:
        """Fill screen ``name`` afresh where it is (shown or not)."""

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], latest: str = "") -> None:
        """``work`` on the worker, ``done`` with its result on the Qt thread; a failure is
        said on the message line."""

    def refresh_credit(self) -> None: ...
    def priced(self) -> Bet | None:
        """The selection priced, or None with the reason on the message line."""

    # what the screens' buttons do
    def set_lang(self, lang: str) -> None: ...
    def pick_race(self, race_id: str) -> None: ...
    def pick_type(self, bet_type: str) -> None: ...
    def toggle_runner(self, number: int) -> None: ...
    def toggle_base_mode(self) -> None: ...
    def toggle_complete(self) -> None: ...
    def change_stake(self, step: int) -> None: ...
    def set_multiplier(self, multiplier: int) -> None: ...
    def place_bet(self) -> None: ...
    def scanned(self, code: str) -> None: ...
    def collect(self) -> None: ...
    def cash_out(self) -> None: ...
    def ask_pin(self) -> None: ...
