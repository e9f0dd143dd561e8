"""The counter's odds board: a race chosen from today's list, its runners with their
approximate odds (non-runners marked), and the race's state — every runner in view at once;
a race with no bet on sale here is marked so in the list and under it.
Once the race has a result, the board shows the finish and its dividends instead (provisional,
then official), as the live stream brings them: the clerk answers "what did the 4 pay?".

Filled from memory by the window (``list_races``, ``fill``, ``tick``); reading the store is the
window's task worker's job, never this widget's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from catalogue import Words
from terminal.store.programme import CachedRace


class OddsBoard(QWidget):
    def __init__(self, words: Words, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.races: dict[str, CachedRace] = {}
        w = words
        self.title = QLabel(w.gettext("Approximate odds"))
        self.title.setWordWrap(True)  # the board narrows with the window; its title wraps
        self.race_name = QLabel()  # the list says R1C4 · 15:10; the name is said here, whole
        self.race_name.setWordWrap(True)
        self.race_name.setAccessibleName(w.gettext("Race"))
        self.finish = QLabel()
        self.finish.setAccessibleName(w.gettext("Finish"))
        self.finish.hide()
        self.choice = QComboBox()
        self.choice.setAccessibleName(w.gettext("Race shown on the odds board"))
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(w.gettext("Odds board"))
        self.table.setHorizontalHeaderLabels(
            [w.gettext("No."), w.gettext("Runner"), w.gettext("Odds")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # rows share the height: a 16-runner field shows whole, even in large text
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setMinimumSectionSize(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.choice)
        layout.addWidget(self.race_name)
        layout.addWidget(self.finish)
        layout.addWidget(self.table, 1)

    @property
    def shown(self) -> CachedRace | None:
        return self.races.get(self.choice.currentData())

    def list_races(self, races: list[CachedRace], now: datetime) -> None:
        """Today's races in the list, the one shown kept if it is still there."""
        self.races = {race.race_id: race for race in races}
        shown = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for race in races:
            self.choice.addItem(self.item(race, now), race.race_id)
        if shown in self.races:
            self.choice.setCurrentIndex(self.choice.findData(shown))
        self.choice.blockSignals(False)

    def show_race(self, race_id: str) -> None:
        """Show this race (the one being typed), if it is in the list."""
        index = self.choice.findData(race_id)
        if index >= 0 and index != self.choice.currentIndex():
            self.choice.setCurrentIndex(index)

    def tick(self, now: datetime) -> None:
        """Every second: each race's state in the list, the shown race's in the title."""
        w = self.words
        for index in range(self.choice.count()):
            race = self.races.get(self.choice.itemData(index))
            if race is not None:
                self.choice.setItemText(index, self.item(race, now))
        race = self.shown
        if race is not None:
            said = w.race_phase(race.phase(now), race.post_time, now)
            if race.result:
                self.title.setText(w.gettext("Dividends · {phase}", phase=said))
            else:
                self.title.setText(w.gettext("Approximate odds · {phase}", phase=said))

    def item(self, race: CachedRace, now: datetime) -> str:
        """A race in the list: its code and post time while it is open; from the last two
        minutes on, its state (closing in 1:45, official result). Short, to fit the list even
        in large text: the name of the race shown is under the list. A race with nothing on
        sale here (a PMU race whose pools are all sold online or abroad) says so instead."""
        w = self.words
        if not race.bet_types:
            return w.gettext("{race} — nothing on sale here", race=w.race(race.race_id))
        phase = race.phase(now)
        if phase in {"open", "planned"}:
            return w.gettext(
                "{race} · {time}", race=w.race(race.race_id), time=w.time(race.post_time)
            )
        return w.gettext(
            "{race} — {phase}",
            race=w.race(race.race_id),
            phase=w.race_phase(phase, race.post_time, now),
        )

    def fill(self, race_id: str, odds: dict[str, Any] | None, now: datetime) -> None:
        race = self.races.get(race_id)
        if race is None:
            return
        self.tick(now)
        name = self.words.data(race.name)
        if not race.bet_types:
            name = self.words.gettext("{race} — nothing on sale here", race=name)
        self.race_name.setText(name)
        if race.result:
            self._fill_result(race.result)
            return
        w = self.words
        self.finish.hide()
        self._columns([w.gettext("No."), w.gettext("Runner"), w.gettext("Odds")], stretch=1)
        values = (odds or {}).get("odds", {})
        rows = []
        for runner in race.runners:
            number = runner["number"]
            scratched = number in race.field.scratched
            value = values.get(str(number))
            shown = w.gettext("NR") if scratched else (w.odds(value) if value else "—")
            rows.append((str(number), runner["name"], shown))
        self._rows(rows, fit=True)

    def _fill_result(self, result: dict[str, Any]) -> None:
        """The finish, then one line a dividend: its bet type and rank, the combination, and
        what 1 € staked on it returns (stake included)."""
        w = self.words
        self.finish.setText(w.gettext("Finish: {places}", places=w.finish(result["places"])))
        self.finish.show()
        self._columns(
            [w.gettext("Bet"), w.gettext("For {amount}", amount=w.amount(100))], stretch=0
        )
        self._rows(
            [
                (
                    w.gettext(
                        "{bet}: {combination}",
                        bet=w.dividend_name(d["bet_type"], d["rank"]),
                        combination=w.finish([[n] for n in d["runners"]]),
                    ),
                    w.amount(int(Decimal(d["dividend"]) * 100)),
                )
                for d in result.get("dividends", [])
            ],
            fit=False,
        )

    def _columns(self, names: list[str], *, stretch: int) -> None:
        """The odds (number, runner, odds) or the dividends (bet and combination, amount)."""
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels(names)
        header = self.table.horizontalHeader()
        for column in range(len(names)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def _rows(self, rows: Sequence[tuple[str, ...]], *, fit: bool) -> None:
        """``fit``: rows share the height (a field shows whole); else a list that scrolls."""
        mode = QHeaderView.ResizeMode.Stretch if fit else QHeaderView.ResizeMode.ResizeToContents
        self.table.verticalHeader().setSectionResizeMode(mode)
        self.table.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if column == len(texts) - 1 or (len(texts) == 3 and column == 0):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)  # numbers and amounts
                else:
                    cell.setToolTip(text)
                self.table.setItem(row, column, cell)
