"""The kiosk follows the races: every second the race list's countdowns, the time left on a
race's screens, and at the betting stop back to the races, saying why (nothing was spent: the
credit stays); and the live stream's changes (a scratching, a race closed, new odds) redrawn
in place — a screen is rebuilt only when what it lists changed, so a burst of race events
never freezes a bettor's touch. A runner of the bet being made that is scratched is taken out
of it on whichever of the race's screens the bettor is, saying so, and the bet priced again.
"""

from __future__ import annotations

from typing import Any

from terminal.store.programme import CachedRace
from terminal.ui.fit import set_role
from terminal.ui.kiosk import race_list, screens
from terminal.ui.kiosk.kiosk import Kiosk

RACE_SCREENS = frozenset({"types", "runners", "stake", "summary"})  # a race being bet on
CHOSEN_SCREENS = frozenset({"runners", "stake", "summary"})  # and runners chosen in it


def follow(k: Kiosk) -> None:
    """Every second: the race list's countdowns; on a race's screens, its time to the
    stop — and when the stop comes, back to the races, telling the bettor why (nothing
    was spent: the credit stays)."""
    t, now, name, journey = k.words, k.desk.clock(), k.current, k.journey
    if name == "races":
        for race_id, button in k.controls.race_buttons.items():
            race = journey.races.get(race_id)
            if race is None or not race.sells(now):
                k.fill("races")
                return
            button.set_lines(race_list.race_lines(t, race, now))
    race = journey.race() if name in RACE_SCREENS else None
    if race is None:
        k.countdown.setText("")
        return
    if not race.takes_bets(now):
        k.go("races")
        k.message.setText(
            t.gettext(
                "Betting on {race} has closed; your credit is kept", race=t.race(race.race_id)
            )
        )
        return
    phase = race.phase(now)
    k.countdown.setText(t.race_phase(phase, race.post_time, now))
    set_role(k.countdown, "problem" if phase == "closing" else "")


def programme_loaded(k: Kiosk, races: list[CachedRace], odds: dict[str, Any]) -> None:
    journey = k.journey
    journey.load(races, odds)
    name = k.current
    if name == "races":
        listed = [r.race_id for r in journey.page_races(k.desk.clock())]
        if listed != list(k.controls.race_buttons):
            k.fill("races")
    elif name in CHOSEN_SCREENS and journey.selection.race_id in journey.races:
        out = scratched_out(k)
        if name == "runners":
            screens.show_selection(k)
        elif out:
            k.fill(name)
        if out:  # after the screen is filled: the bettor reads why their bet changed
            t = k.words
            k.message.setText(
                t.ngettext(
                    "The {runners} is a non-runner: it is taken out of your bet",
                    "The {runners} are non-runners: they are taken out of your bet",
                    len(out),
                    runners=", ".join(str(n) for n in out),
                )
            )


def scratched_out(k: Kiosk) -> list[int]:
    """The runners of the bet being made that are now scratched, taken out of it (in the
    order they were chosen); the bet is then priced as it is left."""
    journey = k.journey
    return journey.selection.scratched_out(journey.races[journey.selection.race_id].field.scratched)


def odds_loaded(k: Kiosk, race_id: str, odds: dict[str, Any] | None) -> None:
    k.journey.new_odds(race_id, odds)
    if k.current == "runners" and k.journey.selection.race_id == race_id:
        screens.show_selection(k)
