"""The kiosk follows the races: every second the race list's countdowns, the time left on a
race's screens, and at the betting stop back to the races, saying why (nothing was spent: the
credit stays); and the live stream's changes (a scratching, a race closed, new odds) redrawn
in place — a screen is rebuilt only when what it lists changed, so a burst of race events
never freezes a bettor's touch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terminal.store.programme import CachedRace
from terminal.ui.fit import set_role
from terminal.ui.kiosk import screens, selection

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

RACE_SCREENS = frozenset({"types", "runners", "stake", "summary"})  # a race being bet on


def follow(w: KioskWindow) -> None:
    """Every second: the race list's countdowns; on a race's screens, its time to the
    stop — and when the stop comes, back to the races, telling the bettor why (nothing
    was spent: the credit stays)."""
    t, now, name = w.words, w.desk.clock(), w.current
    if name == "races":
        for race_id, button in w.race_buttons.items():
            race = w.races.get(race_id)
            if race is None or not race.takes_bets(now):
                screens.fill_races(w, w.screens["races"])
                return
            button.set_lines(screens.race_lines(w, race, now))
    race = w.races.get(w.draft.race_id) if name in RACE_SCREENS else None
    if race is None:
        w.countdown.setText("")
        return
    if not race.takes_bets(now):
        w.go("races")
        w.message.setText(t.gettext("Betting on {race} has closed; your credit is kept",
                                    race=t.race(race.race_id)))  # fmt: skip
        return
    phase = race.phase(now)
    w.countdown.setText(t.race_phase(phase, race.post_time, now))
    set_role(w.countdown, "problem" if phase == "closing" else "")


def programme_loaded(w: KioskWindow, races: list[CachedRace], odds: dict[str, Any]) -> None:
    w.races, w.odds = {race.race_id: race for race in races}, odds
    name = w.current
    if name == "races":
        listed = [r.race_id for r in screens.open_races_of(w, w.desk.clock())]
        if listed != list(w.race_buttons):
            screens.fill_races(w, w.screens["races"])
    elif name == "runners" and w.draft.race_id in w.races:
        scratched = w.races[w.draft.race_id].field.scratched
        if scratched & set(w.picked + w.base):  # a runner chosen, then scratched: out of it
            w.picked[:] = [n for n in w.picked if n not in scratched]
            w.base[:] = [n for n in w.base if n not in scratched]
            selection.redraft(w)
        screens.show_selection(w)


def odds_loaded(w: KioskWindow, race_id: str, odds: dict[str, Any] | None) -> None:
    w.odds[race_id] = odds or {}
    if w.current == "runners" and w.draft.race_id == race_id:
        screens.show_selection(w)
