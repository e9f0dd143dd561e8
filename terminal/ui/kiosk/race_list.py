"""The kiosk's list of races open for bets, twelve buttons a page: a big day has more races
open than a screen holds, so "Previous page" and "Next page" turn the pages (a touchscreen
pages better than it scrolls) and a line between them says which page this is.

The page is the ``Journey``'s: it is kept while a bettor goes to a race and back, and starts
at the first page for the next bettor.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from catalogue import Words
from catalogue.names import race_code
from terminal.store.programme import CachedRace
from terminal.ui.fit import FitButton
from terminal.ui.kiosk.kiosk import Kiosk
from terminal.ui.kiosk.widgets import Screen, big_button, lines_button, tapped, title


def fill_races(k: Kiosk, screen: Screen) -> None:
    t, journey = k.words, k.journey
    screen.set_heading(t.gettext("Choose a race"))
    screen.clear_grid()
    now = k.desk.clock()
    shown = journey.page_races(now)
    columns = 3 if k.landscape else 2
    buttons: dict[str, FitButton] = {}
    for index, race in enumerate(shown):
        code = race_code(race.race_id)
        button = lines_button(
            f"race-{code}",
            race_lines(t, race, now),
            tapped(k.pick_race, race.race_id),
            elide={1, 2},
            name=t.race(race.race_id, race.name),
        )
        buttons[race.race_id] = button
        screen.grid.addWidget(button, index // columns, index % columns)
    k.controls.race_buttons = buttons
    if not shown:
        screen.grid.addWidget(title(t.gettext("No race is open for bets just now"), ""), 0, 0)
    back = big_button("back", t.gettext("Back"), lambda: k.go("attract"))
    screen.set_bottom(back, *_page_controls(k, journey.pages(now)))


def _page_controls(k: Kiosk, pages: int) -> list[QWidget]:
    """Previous page, which page, next page — only when there is more than one."""
    if pages < 2:
        return []
    t, page = k.words, k.journey.race_page
    back = big_button("races-previous", t.gettext("Previous page"), lambda: turn(k, -1))
    on = big_button("races-next", t.gettext("Next page"), lambda: turn(k, 1))
    back.setEnabled(page > 0)
    on.setEnabled(page < pages - 1)
    where = QLabel(t.gettext("Page {page} of {pages}", page=page + 1, pages=pages))
    where.setObjectName("races-page")
    where.setAccessibleName(where.text())
    where.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return [back, where, on]


def turn(k: Kiosk, step: int) -> None:
    k.journey.turn(step)
    k.idle.start()
    k.fill("races")


def race_lines(t: Words, race: CachedRace, now: datetime) -> list[str]:
    """A race button: code and post time, name, and the racecourse — or, in the last two
    minutes, the time left to bet (refreshed every second)."""
    phase = race.phase(now)
    last = (
        t.race_phase(phase, race.post_time, now) if phase == "closing" else t.data(race.racecourse)
    )
    code = race_code(race.race_id)
    return [
        t.gettext("{code} · {time}", code=code, time=t.time(race.post_time)),
        t.data(race.name),
        last,
    ]
