"""The kiosk follows the races: every second the race list's countdowns, the time left on a
race's screens, and at the betting stop back to the races, saying why (nothing was spent: the
credit stays); and the live stream's changes (a scratching, a race closed, new odds) redrawn
in place — a screen is rebuilt only when what it lists changed, so a burst of race events
never freezes a bettor's touch. A runner of the bet being made that is scratched is taken out
of it on whichever of the race's screens the bettor is, saying so, and the bet priced again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terminal.store.programme import CachedRace
from terminal.ui.fit import set_role
from terminal.ui.kiosk import race_list, screens, selection

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

RACE_SCREENS = frozenset({"types", "runners", "stake", "summary"})  # a race being bet on
CHOSEN_SCREENS = frozenset({"runners", "stake", "summary"})  # and runners chosen in it


def follow(w: KioskWindow) -> None:
    """Every second: the race list's countdowns; on a race's screens, its time to the
    stop — and when the stop comes, back to the races, telling the bettor why (nothing
    was spent: the credit stays)."""
    t, now, name = w.words, w.desk.clock(), w.current
    if name == "races":
        for race_id, button in w.race_buttons.items():
            race = w.races.get(race_id)
            if race is None or not race.sells(now):
                race_list.fill_races(w, w.screens["races"])
                return
            button.set_lines(race_list.race_lines(w, race, now))
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
        listed = [r.race_id for r in race_list.page_races(w, w.desk.clock())]
        if listed != list(w.race_buttons):
            race_list.fill_races(w, w.screens["races"])
    elif name in CHOSEN_SCREENS and w.draft.race_id in w.races:
        out = scratched_out(w)
        if name == "runners":
            screens.show_selection(w)
        elif out:
            getattr(screens, f"fill_{name}")(w, w.screens[name])
        if out:  # after the screen is filled: the bettor reads why their bet changed
            t = w.words
            w.message.setText(t.ngettext(
                "The {runners} is a non-runner: it is taken out of your bet",
                "The {runners} are non-runners: they are taken out of your bet", len(out),
                runners=", ".join(str(n) for n in out)))  # fmt: skip


def scratched_out(w: KioskWindow) -> list[int]:
    """The runners of the bet being made that are now scratched, taken out of it (in the
    order they were chosen); the draft then priced as it is left."""
    scratched = w.races[w.draft.race_id].field.scratched
    out = [n for n in w.base + w.picked if n in scratched]
    if out:
        w.picked[:] = [n for n in w.picked if n not in scratched]
        w.base[:] = [n for n in w.base if n not in scratched]
        selection.redraft(w)
    return out


def odds_loaded(w: KioskWindow, race_id: str, odds: dict[str, Any] | None) -> None:
    w.odds[race_id] = odds or {}
    if w.current == "runners" and w.draft.race_id == race_id:
        screens.show_selection(w)
