"""The screen after a sale, "Take your ticket", says what was printed: the race, the bet and
its runners, the stake and the ticket's number, as the ticket itself says them, read from the
store's record of the last ticket printed (off the Qt thread), so the bettor can check the
paper in their hand against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from terminal.operations import slips
from terminal.operations.desk import Desk
from terminal.operations.printing import PRINTED
from terminal.store import bets
from terminal.ui.kiosk.kiosk import Kiosk
from terminal.ui.kiosk.widgets import Screen, big_button, title


@dataclass(frozen=True)
class Printed:
    ticket_number: str
    race_id: str
    asked: dict[str, Any]  # the draft's body: bet type, formula, runners, base, multiplier
    cost: int


def last_printed(desk: Desk) -> Printed | None:
    """The ticket this kiosk printed last (a kiosk sells one bet at a time)."""
    row = bets.last_with_print_state(desk.store, PRINTED)
    if row is None:
        return None
    return Printed(
        str(row["ticket_number"]),
        str(row["race_id"]),
        json.loads(row["selection"]),
        int(row["cost"]),
    )


def fill_done(k: Kiosk, screen: Screen) -> None:
    t = k.words
    screen.clear_grid()
    screen.set_heading(t.gettext("Take your ticket"))
    again = big_button("again", t.gettext("Bet again"), lambda: k.go("races"), primary=True)
    screen.set_bottom(again)
    desk = k.desk
    k.tasks.run(
        lambda: last_printed(desk),
        lambda printed: show(k, printed),
        lambda err: k.message.setText(t.problem(err)),
    )


def show(k: Kiosk, printed: Printed | None) -> None:
    if printed is None or k.current != "done":
        return
    t, asked = k.words, printed.asked
    screen = k.screens["done"]
    screen.clear_grid()
    bet = t.gettext(
        "{bet_type}, {formula}: {selection}",
        bet_type=t.bet_type(asked["bet_type"]),
        formula=t.bet_formula(
            asked["bet_type"],
            asked.get("formula", "unitaire"),
            len(asked.get("runners", ())),
            complete=bool(asked.get("complete")),
        ),
        selection=slips.selection(t, asked),
    )
    stake = t.gettext(
        "Stake × {multiplier}: {cost}",
        multiplier=asked.get("multiplier", 1),
        cost=t.amount(printed.cost),
    )
    race = k.journey.races.get(printed.race_id)
    lines = [
        (t.race(printed.race_id, race.name if race else ""), t.gettext("Race")),
        (bet, t.gettext("Bet summary")),
        (stake, t.gettext("Stake and cost")),
        (t.gettext("Ticket {number}", number=printed.ticket_number), t.gettext("Ticket")),
    ]
    for row, (text, name) in enumerate(lines):
        label = title(text, name)
        label.setObjectName(f"sold-{row}")
        screen.grid.addWidget(label, row, 0)
    screen.grid.setRowStretch(len(lines), 1)  # the lines kept together, under the heading
