"""Today's races as the counter shows them, kept current: the programme read from the store
(again when the feed brings a new one), the odds board following the race chosen or typed,
the time to the stop of the race being typed, and the entry's example naming a race open now.

Built by the window with the widgets it updates and what it needs; what is shown follows from
the ``EntryLine`` (``terminal.counter.state``); the store is read in the task worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit

from catalogue import Words
from terminal.counter.state import EntryLine
from terminal.operations.desk import Desk
from terminal.store import programme
from terminal.store.programme import CachedRace
from terminal.ui.counter.message import MessageLine
from terminal.ui.counter.odds_board import OddsBoard
from terminal.ui.fit import set_role


class RaceWatch:
    """``odds``: the board, for the window to place. ``loaded`` is called once the races are
    read (the line being typed is priced again against them)."""

    def __init__(
        self,
        words: Words,
        desk: Desk,
        line: EntryLine,
        message: MessageLine,
        *,
        entry: QLineEdit,
        countdown: QLabel,
        loaded: Callable[[], None],
    ) -> None:
        self.desk, self.line, self.message = desk, line, message
        self.entry, self.countdown, self.loaded = entry, countdown, loaded
        self.odds = OddsBoard(words)
        self.odds.choice.currentIndexChanged.connect(lambda _: self.show_odds())

    def reload(self) -> None:
        day = self.desk.clock().date().isoformat()
        self.message.run(
            lambda: programme.races_of(self.desk.store, day), self._loaded, latest="programme"
        )

    def _loaded(self, races: list[CachedRace]) -> None:
        self.line.load(races)
        self.follow_example()
        self.odds.list_races(races, self.desk.clock())
        self.loaded()
        self.show_odds()

    def follow_example(self) -> None:
        """The entry's example names a race open now: read again as races close."""
        if self.line.follow(self.desk.clock()) or not self.entry.placeholderText():
            self.entry.setPlaceholderText(self.line.placeholder())

    def odds_changed(self, race_id: str) -> None:
        """The feed's news: a race's odds (shown again if on the board), or "" for a new
        programme (read again)."""
        if not race_id:
            self.reload()
        elif race_id == self.odds.choice.currentData():
            self.show_odds()

    def show_odds(self) -> None:
        race_id = self.odds.choice.currentData()
        if not race_id:
            return
        self.message.run(
            lambda: programme.odds_of(self.desk.store, race_id),
            lambda odds: self.odds.fill(race_id, odds, self.desk.clock()),
            latest=f"odds {race_id}",
        )

    def follow_line(self) -> None:
        """The line being typed names a race: the board and the countdown show it."""
        if self.line.race is not None:
            self.odds.show_race(self.line.race.race_id)
        self.show_countdown()

    def tick(self) -> None:
        """Every second: each race's state in the list, the example, the countdown."""
        self.odds.tick(self.desk.clock())
        self.follow_example()
        self.show_countdown()

    def show_countdown(self) -> None:
        """The time to the stop of the race being typed (else the one on the odds board)."""
        said = self.line.countdown(self.odds.shown, self.desk.clock())
        self.countdown.setText(said.text)
        if said.text:
            set_role(self.countdown, "problem" if said.problem else "")
