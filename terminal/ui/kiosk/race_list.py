"""The kiosk's list of races open for bets, twelve buttons a page: a big day has more races
open than a screen holds, so "Previous page" and "Next page" turn the pages (a touchscreen
pages better than it scrolls) and a line between them says which page this is.

The page is the window's ``race_page``; it is kept while a bettor goes to a race and back,
and starts at the first page for the next bettor.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from catalogue.names import race_code
from terminal.store.programme import CachedRace
from terminal.ui.kiosk.widgets import Screen, big_button, lines_button, tapped, title

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

PAGE = 12  # race buttons a page: 4 rows of 3 in landscape, 6 of 2 in portrait


def open_races_of(w: KioskWindow, now: datetime) -> list[CachedRace]:
    """Every race a bettor can choose now, in the programme's order: open, and with a bet on
    sale here (a PMU race whose pools are all sold online or abroad is left out)."""
    return [r for r in w.races.values() if r.sells(now)]


def pages_of(w: KioskWindow, now: datetime) -> int:
    return max(1, -(-len(open_races_of(w, now)) // PAGE))


def page_races(w: KioskWindow, now: datetime) -> list[CachedRace]:
    """The races on the page shown (the last page, if races closed under it)."""
    w.race_page = min(max(0, w.race_page), pages_of(w, now) - 1)
    start = w.race_page * PAGE
    return open_races_of(w, now)[start : start + PAGE]


def fill_races(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.set_heading(t.gettext("Choose a race"))
    screen.clear_grid()
    now = w.desk.clock()
    shown = page_races(w, now)
    columns = 3 if w.width() >= w.height() else 2
    w.race_buttons = {}
    for index, race in enumerate(shown):
        code = race_code(race.race_id)
        button = lines_button(f"race-{code}", race_lines(w, race, now),
                              tapped(w.pick_race, race.race_id), elide={1, 2},
                              name=t.race(race.race_id, race.name))  # fmt: skip
        w.race_buttons[race.race_id] = button
        screen.grid.addWidget(button, index // columns, index % columns)
    if not shown:
        screen.grid.addWidget(title(t.gettext("No race is open for bets just now"), ""), 0, 0)
    back = big_button("back", t.gettext("Back"), lambda: w.go("attract"))
    screen.set_bottom(back, *_page_controls(w, pages_of(w, now)))


def _page_controls(w: KioskWindow, pages: int) -> list[QWidget]:
    """Previous page, which page, next page — only when there is more than one."""
    if pages < 2:
        return []
    t = w.words
    back = big_button("races-previous", t.gettext("Previous page"), lambda: turn(w, -1))
    on = big_button("races-next", t.gettext("Next page"), lambda: turn(w, 1))
    back.setEnabled(w.race_page > 0)
    on.setEnabled(w.race_page < pages - 1)
    where = QLabel(t.gettext("Page {page} of {pages}", page=w.race_page + 1, pages=pages))
    where.setObjectName("races-page")
    where.setAccessibleName(where.text())
    where.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return [back, where, on]


def turn(w: KioskWindow, step: int) -> None:
    w.race_page += step
    w.idle.start()
    fill_races(w, w.screens["races"])


def race_lines(w: KioskWindow, race: CachedRace, now: datetime) -> list[str]:
    """A race button: code and post time, name, and the racecourse — or, in the last two
    minutes, the time left to bet (refreshed every second)."""
    t = w.words
    phase = race.phase(now)
    last = (t.race_phase(phase, race.post_time, now) if phase == "closing"
            else t.data(race.racecourse))  # fmt: skip
    code = race_code(race.race_id)
    return [t.gettext("{code} · {time}", code=code, time=t.time(race.post_time)),
            t.data(race.name), last]  # fmt: skip
