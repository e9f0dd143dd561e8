"""The kiosk's screens, each filled afresh when it is shown (language, odds and credit are
current every time). ``FILLS`` is the table of them: ``KioskWindow.go(name)`` calls
``FILLS[name]``.

Buttons carry an object name (``race-R1C3``, ``runner-4``, ``pay``) for the code and the tests,
the same in every language; what a person reads and hears comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPushButton

from catalogue import Words
from pari import Bet
from terminal.journey import Selection, hints
from terminal.journey.selection import STAKE_PRESETS
from terminal.operations import slips
from terminal.store.programme import CachedRace
from terminal.ui.fit import room_for_bold
from terminal.ui.kiosk import leaving, owed, race_list, sold
from terminal.ui.kiosk.kiosk import Kiosk
from terminal.ui.kiosk.widgets import Screen, big_button, lines_button, tapped, title

Fill = Callable[[Kiosk, Screen], None]


def columns_for(k: Kiosk, landscape: int, portrait: int) -> int:
    return landscape if k.landscape else portrait


def back(k: Kiosk, to: str) -> QPushButton:
    return big_button("back", k.words.gettext("Back"), lambda: k.go(to))


def fill_attract(k: Kiosk, screen: Screen) -> None:
    t = k.words
    screen.set_heading(t.gettext("GUICHET — PARI MUTUEL"))
    screen.clear_grid()
    start = big_button(
        "start", t.gettext("Touch the screen to bet"), lambda: k.go("age"), primary=True
    )
    screen.grid.addWidget(start, 0, 0, 1, 2)
    screen.grid.addWidget(big_button("lang-fr", t.data("Français"), lambda: k.set_lang("fr")), 1, 0)
    screen.grid.addWidget(big_button("lang-en", t.data("English"), lambda: k.set_lang("en")), 1, 1)
    screen.grid.addWidget(
        big_button("scan", t.gettext("Scan a ticket"), lambda: k.go("ticket")), 2, 0
    )
    screen.grid.addWidget(
        big_button("cash-out", t.gettext("Cash out my credit (voucher)"), k.cash_out), 2, 1
    )
    screen.set_bottom(big_button("admin", t.data("⚙"), k.ask_pin, name=t.gettext("Administrator")))


def fill_age(k: Kiosk, screen: Screen) -> None:
    t = k.words
    k.journey.new_bettor()  # a new bettor: the races from their first page
    screen.set_heading(t.gettext("Gambling is forbidden to minors. Are you 18 or over?"))
    screen.clear_grid()
    screen.grid.addWidget(
        big_button("adult", t.gettext("Yes, I am 18 or over"), lambda: k.go("races"), primary=True),
        0,
        0,
    )
    screen.grid.addWidget(big_button("minor", t.gettext("No"), lambda: k.go("attract")), 0, 1)
    screen.set_bottom()


def fill_types(k: Kiosk, screen: Screen) -> None:
    t = k.words
    race = k.journey.races[k.journey.selection.race_id]
    screen.set_heading(t.gettext("{race}: choose a bet", race=t.race(race.race_id, race.name)))
    screen.clear_grid()
    columns = columns_for(k, 3, 2)
    for index, bet_type in enumerate(race.bet_types):
        name = t.bet_type(bet_type)
        screen.grid.addWidget(
            big_button(f"type-{bet_type.value}", name, tapped(k.pick_type, bet_type.value)),
            index // columns,
            index % columns,
        )
    screen.set_bottom(back(k, "races"))


def fill_runners(k: Kiosk, screen: Screen) -> None:
    t, journey, controls = k.words, k.journey, k.controls
    race = journey.races[journey.selection.race_id]
    screen.set_heading(hints.runners_heading(t, journey.selection))
    screen.clear_grid()
    columns = columns_for(k, 4, 3)
    controls.runner_buttons = {}
    for index, runner in enumerate(race.runners):
        number = runner["number"]
        lines = runner_lines(t, race, runner, journey.selection, journey.odds_of(race.race_id))
        button = lines_button(f"runner-{number}", lines, tapped(k.toggle_runner, number), elide={1})
        button.setCheckable(True)
        button.setEnabled(number not in race.field.scratched)
        controls.runner_buttons[number] = button
        screen.grid.addWidget(button, index // columns, index % columns)
    controls.next_button = big_button(
        "next", t.gettext("Next"), lambda: k.go("stake"), primary=True
    )
    controls.cost_label = screen.note
    controls.cost_label.setAccessibleName(t.gettext("Selection and cost"))
    controls.cost_label.show()
    controls.option_buttons = _options(k)
    screen.set_bottom(back(k, "types"), *controls.option_buttons.values(), controls.next_button)
    for switch in controls.option_buttons.values():  # in the window now: the theme's font applies
        room_for_bold(switch)
    show_selection(k)


def _options(k: Kiosk) -> dict[str, QPushButton]:
    """The champ and formule complète switches where the bet type has them, between Back
    and Next (a row of their own would push a 16-runner field off a 768-pixel screen)."""
    t, selection = k.words, k.journey.selection
    options = {}
    if selection.champ_offered:
        options["champ"] = big_button(
            "champ",
            t.gettext("Base runners (champ)"),
            k.toggle_base_mode,
            name=t.gettext("Tap the base runners of a champ"),
        )
    if selection.complete_offered:
        options["complete"] = big_button("complete", t.gettext("All orders"), k.toggle_complete)
    for button in options.values():
        button.setCheckable(True)
    return options


def runner_lines(
    t: Words,
    race: CachedRace,
    runner: dict[str, Any],
    selection: Selection,
    odds: dict[str, Any],
) -> list[str]:
    """Number (and "base" when it is one), name, and its odds or "Non-runner"."""
    number = runner["number"]
    value = odds.get(str(number))
    shown = (
        t.gettext("Non-runner")
        if number in race.field.scratched
        else (t.odds(value) if value else t.data("—"))
    )
    head = (
        t.gettext("{number} · base", number=number)
        if number in selection.base
        else t.data(str(number))
    )
    return [head, t.data(runner["name"]), shown]


def show_selection(k: Kiosk, number: int | None = None) -> None:
    """After a touch: the runners' marks (only ``number``'s, when given), the switches, the
    champ's step, the cost so far, and whether the bet can go on to the stake (if not, why)."""
    t, journey, controls = k.words, k.journey, k.controls
    selection = journey.selection
    race = journey.race()
    if race is None:
        return
    odds = journey.odds_of(race.race_id)
    for runner in race.runners:
        button = controls.runner_buttons.get(runner["number"])
        if button is None or (number is not None and runner["number"] != number):
            continue
        lines = runner_lines(t, race, runner, selection, odds)
        button.set_lines(lines)
        button.setChecked(selection.chosen(runner["number"]))
        button.setEnabled(runner["number"] not in race.field.scratched)
        button.setAccessibleName(
            t.gettext(
                "Runner {number}, {name}, {odds}", number=lines[0], name=lines[1], odds=lines[2]
            )
        )
    if "champ" in controls.option_buttons:
        controls.option_buttons["champ"].setChecked(selection.base_mode)
    if "complete" in controls.option_buttons:
        controls.option_buttons["complete"].setChecked(selection.complete)
    k.screens["runners"].set_heading(hints.runners_heading(t, selection))
    now = k.desk.clock()
    bet = selection.quietly_priced(race, now)
    controls.cost_label.setText(
        hints.step_hint(t, selection)
        or (
            hints.cost_text(t, bet)
            if bet is not None
            else hints.runners_missing(t, selection, race, now)
        )
    )
    controls.next_button.setEnabled(bet is not None)


def fill_stake(k: Kiosk, screen: Screen) -> None:
    t, journey = k.words, k.journey
    screen.set_heading(t.gettext("Stake"))
    screen.clear_grid()
    bet = k.priced()
    multiplier = journey.selection.multiplier
    k.controls.stake_label = title(stake_text(t, multiplier, bet), t.gettext("Stake and cost"))
    screen.grid.addWidget(
        big_button(
            "lower-stake",
            t.data("−"),
            lambda: k.change_stake(-1),
            name=t.gettext("Lower the stake"),
        ),
        0,
        0,
    )
    screen.grid.addWidget(k.controls.stake_label, 0, 1, 1, 2)
    screen.grid.addWidget(
        big_button(
            "raise-stake", t.data("+"), lambda: k.change_stake(1), name=t.gettext("Raise the stake")
        ),
        0,
        3,
    )
    race, now = journey.race(), k.desk.clock()
    for column, preset in enumerate(STAKE_PRESETS):
        cost = journey.selection.preset_cost(race, now, preset)
        if cost is None:
            continue
        button = big_button(
            f"stake-{preset}",
            t.amount(cost),
            tapped(k.set_multiplier, preset),
            name=t.gettext("Stake × {multiplier}: {cost}", multiplier=preset, cost=t.amount(cost)),
        )
        button.setCheckable(True)
        button.setChecked(preset == multiplier)
        screen.grid.addWidget(button, 1, column)
    on = big_button("next", t.gettext("Next"), lambda: k.go("summary"), primary=True)
    on.setEnabled(bet is not None)
    why = "" if bet is not None else hints.runners_missing(t, journey.selection, race, now)
    _note(screen, why, t.gettext("Why not yet"))
    screen.set_bottom(back(k, "runners"), on)


def fill_summary(k: Kiosk, screen: Screen) -> None:
    t, journey = k.words, k.journey
    screen.set_heading(t.gettext("Summary"))
    screen.clear_grid()
    bet = k.priced()
    cost = 0 if bet is None else bet.cost
    race = journey.race()
    draft = journey.selection.draft
    where = t.race(draft.race_id, race.name if race else "")
    screen.grid.addWidget(title(where, t.gettext("Race")), 0, 0, 1, 2)
    screen.grid.addWidget(
        title(describe(t, bet, draft.body()), t.gettext("Bet summary")), 1, 0, 1, 2
    )
    if journey.balance >= cost:
        prompt = t.gettext("Your credit pays for this bet")
    else:
        prompt = t.gettext(
            "Insert notes: {amount} still to pay", amount=t.amount(cost - journey.balance)
        )
    screen.grid.addWidget(title(prompt, t.gettext("Payment")), 2, 0, 1, 2)
    pay = big_button(
        "pay",
        t.gettext("Bet {cost}", cost=t.amount(cost)),
        k.place_bet,
        primary=True,
        name=t.gettext("Pay and print the ticket"),
    )
    why = hints.pay_blocked(t, journey, bet, k.desk.clock())
    pay.setEnabled(bet is not None and not why)
    k.controls.pay_button = pay
    _note(screen, why, t.gettext("Why not yet"))
    screen.set_bottom(back(k, "stake"), pay)


def _note(screen: Screen, text: str, name: str) -> None:
    """The line above the bottom bar: why its button is off, shown only then."""
    screen.note.setText(text)
    screen.note.setAccessibleName(name)
    screen.note.setVisible(bool(text))


def fill_ticket(k: Kiosk, screen: Screen) -> None:
    t, controls = k.words, k.controls
    screen.clear_grid()
    screen.set_heading(t.gettext("Scan your ticket under the reader"))
    code = QLineEdit()
    code.setObjectName("ticket-code")
    code.setAccessibleName(t.gettext("Ticket barcode"))
    code.setPlaceholderText(t.gettext("or type its number"))
    code.returnPressed.connect(lambda: k.scanned(code.text()))
    controls.ticket_code = code
    controls.ticket_view = title("", t.gettext("Scanned ticket"))
    controls.collect_button = big_button(
        "collect", t.gettext("Collect as credit"), k.collect, primary=True
    )
    controls.collect_button.setEnabled(False)
    screen.grid.addWidget(controls.ticket_code, 0, 0)
    screen.grid.addWidget(controls.ticket_view, 1, 0)
    screen.set_bottom(back(k, "attract"), controls.collect_button)


def fill_still_there(k: Kiosk, screen: Screen) -> None:
    t = k.words
    screen.clear_grid()
    screen.set_heading(leaving.warning_text(t, k.journey))
    screen.set_bottom(
        big_button("carry-on", t.gettext("Continue"), lambda: leaving.carry_on(k), primary=True)
    )


def fill_voucher(k: Kiosk, screen: Screen) -> None:
    t, journey = k.words, k.journey
    screen.clear_grid()
    if journey.voucher_waiting:
        screen.set_heading(
            t.gettext(
                "Your voucher of {amount} prints in a moment: please wait, or ask the staff",
                amount=t.amount(journey.voucher_amount),
            )
        )
        screen.set_bottom()
        return
    screen.set_heading(
        t.gettext("Take your voucher of {amount}", amount=t.amount(journey.voucher_amount))
    )
    screen.grid.addWidget(
        title(
            t.gettext("Bet with it at any kiosk, or have it paid at a counter"),
            t.gettext("Voucher"),
        ),
        0,
        0,
    )
    screen.set_bottom(
        big_button("finish", t.gettext("Finish"), lambda: leaving.start_afresh(k), primary=True)
    )


def stake_text(t: Words, multiplier: int, bet: Bet | None) -> str:
    if bet is None:
        return t.data("—")
    return t.gettext("Stake × {multiplier}: {cost}", multiplier=multiplier, cost=t.amount(bet.cost))


def describe(t: Words, bet: Bet | None, asked: dict[str, Any]) -> str:
    """The bet being made, in the bettor's words, with what it adds up to before they pay:
    ``Tiercé, combination, all orders: 4 - 7 - 2 — 6 combinations``."""
    if bet is None:
        return t.data("—")
    return t.gettext(
        "{bet_type}, {formula}: {selection} — {combinations}",
        bet_type=t.bet_type(bet.bet_type),
        formula=t.bet_formula(
            bet.bet_type, bet.formula.value, len(bet.runners), complete=bet.complete
        ),
        selection=slips.selection(t, asked),
        combinations=t.combinations(bet.bet_type, bet.combinations),
    )


# Every screen of the kiosk, by name, and what fills it: the window makes one page of each.
FILLS: dict[str, Fill] = {
    "attract": fill_attract,
    "age": fill_age,
    "races": race_list.fill_races,
    "types": fill_types,
    "runners": fill_runners,
    "stake": fill_stake,
    "summary": fill_summary,
    "waiting": owed.fill_waiting,
    "done": sold.fill_done,
    "ticket": fill_ticket,
    "still_there": fill_still_there,
    "voucher": fill_voucher,
}
