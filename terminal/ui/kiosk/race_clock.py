"""The kiosk follows the clock of the races: every second the race list's countdowns, the time
left on a race's screens, and at the betting stop back to the races, saying why (nothing was
spent: the credit stays).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal.ui.kiosk import screens

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
    w.countdown.setProperty("role", "problem" if phase == "closing" else "")
    w.countdown.style().polish(w.countdown)
