"""A bettor's way through the kiosk, and what the kiosk keeps between two bettors: the races
it offers (a page of them at a time), the selection being made, the credit, the bet paid whose
answer is still owed, the tickets printed after their bettor left, the voucher being printed
and the warning before idle credit leaves as a voucher.

The window shows it and asks its workers for what it needs (the credit, the programme); the
rules of what changes when (a new bettor starts from the first page of races, a voucher still
owed is never hidden behind the next bettor, a late ticket is listed for a quarter of an hour)
are here, without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from terminal.journey.selection import Selection
from terminal.store.programme import CachedRace

PAGE = 12  # race buttons a page: 4 rows of 3 in landscape, 6 of 2 in portrait
WARNING_SECONDS = 30  # "are you still there?" before the credit is printed as a voucher
KEPT = timedelta(minutes=15)  # how long a late ticket stays listed on the screen
LISTED = 3  # the late tickets listed at most, the newest first
QUIET_SCREENS = frozenset({"", "still_there"})  # not a screen to carry on from


@dataclass
class Journey:
    first_lang: str = "fr"  # every new bettor starts in it
    selection: Selection = field(default_factory=Selection)
    races: dict[str, CachedRace] = field(default_factory=dict)
    odds: dict[str, dict[str, Any]] = field(default_factory=dict)
    balance: int = 0  # the credit, cents, as the store last said it
    blocked_because: str = ""  # why betting is unavailable, in the bettor's words; "": it is not
    owed_bet: str = ""  # the bet paid at the screen whose answer is still owed
    owed_slow: bool = False  # its sale stopped waiting: the server is slow to answer
    late_tickets: list[tuple[str, datetime]] = field(default_factory=list)  # newest first
    race_page: int = 0  # the race list's page, from 0
    voucher_amount: int = 0
    voucher_waiting: bool = False  # a voucher owed, waiting for the server or the printer
    warning_left: int = 0  # seconds before idle credit leaves as a voucher
    before_warning: str = ""  # the screen the warning interrupted

    # -- the programme -----------------------------------------------------------------------

    def load(self, races: list[CachedRace], odds: dict[str, dict[str, Any]]) -> None:
        self.races, self.odds = {race.race_id: race for race in races}, odds

    def new_odds(self, race_id: str, odds: dict[str, Any] | None) -> None:
        self.odds[race_id] = odds or {}

    def race(self) -> CachedRace | None:
        """The race being bet on, if the programme still has it."""
        return self.races.get(self.selection.race_id)

    def odds_of(self, race_id: str) -> dict[str, Any]:
        """A race's odds by runner number (a string), as the server last sent them."""
        odds = self.odds.get(race_id, {}).get("odds", {})
        return odds if isinstance(odds, dict) else {}

    def open_races(self, now: datetime) -> list[CachedRace]:
        """Every race a bettor can choose now, in the programme's order: open, and with a bet
        on sale here (a PMU race whose pools are all sold online or abroad is left out)."""
        return [r for r in self.races.values() if r.sells(now)]

    def pages(self, now: datetime) -> int:
        return max(1, -(-len(self.open_races(now)) // PAGE))

    def page_races(self, now: datetime) -> list[CachedRace]:
        """The races on the page shown (the last page, if races closed under it)."""
        self.race_page = min(max(0, self.race_page), self.pages(now) - 1)
        start = self.race_page * PAGE
        return self.open_races(now)[start : start + PAGE]

    def turn(self, step: int) -> None:
        self.race_page += step

    # -- a bettor ----------------------------------------------------------------------------

    def new_bettor(self) -> None:
        """Past the age question: the races from their first page."""
        self.race_page = 0

    def choose_race(self, race_id: str) -> None:
        self.selection.choose_race(race_id)

    def bettor_gone(self) -> None:
        """Back at the start: a ticket still owed is announced when it prints, to whoever
        is there."""
        self.owed_bet = ""

    def start_afresh(self) -> bool:
        """For the next bettor: False while a voucher is still owed (never hidden behind
        the next bettor); else the selection forgotten."""
        if self.voucher_waiting:
            return False
        self.selection = Selection()
        return True

    # -- a bet paid, its answer owed ---------------------------------------------------------

    def paid(self, transaction_id: str) -> None:
        self.owed_bet, self.owed_slow = transaction_id, False

    def answer_slow(self) -> None:
        self.owed_slow = True

    def answered(self, transaction_id: str) -> bool:
        """The answer to ``transaction_id`` came: True if the bettor at the screen was
        waiting for it (it is no longer owed)."""
        theirs = bool(self.owed_bet) and transaction_id == self.owed_bet
        if theirs:
            self.owed_bet = ""
        return theirs

    def sold(self) -> None:
        """The ticket printed: the selection is spent, the next one starts from the races."""
        self.selection = Selection()

    def keep_late(self, ticket: str, at: datetime) -> None:
        """A ticket printed after its bettor left: listed on the screen for a while."""
        self.late_tickets.insert(0, (ticket, at))
        del self.late_tickets[LISTED:]

    def late_shown(self, now: datetime) -> list[tuple[str, datetime]]:
        """The late tickets still worth saying (those older than ``KEPT`` forgotten)."""
        self.late_tickets[:] = [(n, at) for n, at in self.late_tickets if now - at < KEPT]
        return list(self.late_tickets)

    # -- leaving with credit -----------------------------------------------------------------

    def warn(self, screen: str) -> None:
        """Left alone with credit on ``screen``: the countdown starts."""
        self.before_warning, self.warning_left = screen, WARNING_SECONDS

    def tick(self) -> bool:
        """One second of the warning gone: True while some are left."""
        self.warning_left -= 1
        return self.warning_left > 0

    def carry_on_to(self) -> str:
        """The screen the bettor goes back to from the warning."""
        return "attract" if self.before_warning in QUIET_SCREENS else self.before_warning

    def voucher_given(self, amount: int, *, printed: bool) -> None:
        self.voucher_amount, self.voucher_waiting = amount, not printed

    def voucher_printed(self) -> None:
        self.voucher_waiting = False
