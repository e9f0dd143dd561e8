"""The kiosk's screens, each filled afresh when it is shown (language, odds and credit are
current every time). ``KioskWindow.go(name)`` calls ``fill_<name>``.

Buttons carry an object name (``race-R1C3``, ``runner-4``, ``pay``) for the code and the tests,
the same in every language; what a person reads and hears comes from the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLineEdit, QPushButton

from pari import Bet
from terminal.operations import slips
from terminal.store.programme import CachedRace
from terminal.ui.fit import room_for_bold
from terminal.ui.kiosk import hints, leaving, owed, race_list, selection, sold
from terminal.ui.kiosk.widgets import Screen, big_button, lines_button, tapped, title

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow


def columns_for(w: KioskWindow, landscape: int, portrait: int) -> int:
    return landscape if w.width() >= w.height() else portrait


def fill_attract(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.set_heading(t.gettext("GUICHET — PARI MUTUEL"))
    screen.clear_grid()
    start = big_button("start", t.gettext("Touch the screen to bet"), lambda: w.go("age"),
                       primary=True)  # fmt: skip
    screen.grid.addWidget(start, 0, 0, 1, 2)
    screen.grid.addWidget(big_button("lang-fr", t.data("Français"), lambda: w.set_lang("fr")), 1, 0)
    screen.grid.addWidget(big_button("lang-en", t.data("English"), lambda: w.set_lang("en")), 1, 1)
    screen.grid.addWidget(big_button("scan", t.gettext("Scan a ticket"),
                                     lambda: w.go("ticket")), 2, 0)  # fmt: skip
    screen.grid.addWidget(big_button("cash-out", t.gettext("Cash out my credit (voucher)"),
                                     w.cash_out), 2, 1)  # fmt: skip
    w._bottom(screen, big_button("admin", t.data("⚙"), w.ask_pin,
                                 name=t.gettext("Administrator")))  # fmt: skip


def fill_age(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    w.race_page = 0  # a new bettor: the races from their first page
    screen.set_heading(t.gettext("Gambling is forbidden to minors. Are you 18 or over?"))
    screen.clear_grid()
    screen.grid.addWidget(big_button("adult", t.gettext("Yes, I am 18 or over"),
                                     lambda: w.go("races"), primary=True), 0, 0)  # fmt: skip
    screen.grid.addWidget(big_button("minor", t.gettext("No"), lambda: w.go("attract")), 0, 1)
    w._bottom(screen)


fill_races = race_list.fill_races
fill_done = sold.fill_done
fill_waiting = owed.fill_waiting


def fill_types(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    race = w.races[w.draft.race_id]
    screen.set_heading(t.gettext("{race}: choose a bet", race=t.race(race.race_id, race.name)))
    screen.clear_grid()
    columns = columns_for(w, 3, 2)
    for index, bet_type in enumerate(race.bet_types):
        name = t.bet_type(bet_type)
        screen.grid.addWidget(big_button(f"type-{bet_type.value}", name,
                                         tapped(w.pick_type, bet_type.value)),
                              index // columns, index % columns)  # fmt: skip
    w._bottom(screen, w._back("races"))


def fill_runners(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    race = w.races[w.draft.race_id]
    screen.set_heading(hints.runners_heading(w))
    screen.clear_grid()
    columns = columns_for(w, 4, 3)
    w.runner_buttons = {}
    for index, runner in enumerate(race.runners):
        number = runner["number"]
        button = lines_button(f"runner-{number}", runner_lines(w, race, runner),
                              tapped(w.toggle_runner, number), elide={1})  # fmt: skip
        button.setCheckable(True)
        button.setEnabled(number not in race.field.scratched)
        w.runner_buttons[number] = button
        screen.grid.addWidget(button, index // columns, index % columns)
    w.next_button = big_button("next", t.gettext("Next"), lambda: w.go("stake"), primary=True)
    w.cost_label = screen.note
    w.cost_label.setAccessibleName(t.gettext("Selection and cost"))
    w.cost_label.show()
    w._bottom(screen, w._back("types"), *_options(w), w.next_button)
    for switch in w.option_buttons.values():  # in the window now: the theme's font applies
        room_for_bold(switch)
    show_selection(w)


def _options(w: KioskWindow) -> list[QPushButton]:
    """The champ and formule complète switches where the bet type has them, between Back
    and Next (a row of their own would push a 16-runner field off a 768-pixel screen)."""
    t = w.words
    w.option_buttons = {}
    if selection.champ_offered(w.draft.bet_type):
        w.option_buttons["champ"] = big_button(
            "champ", t.gettext("Base runners (champ)"), w.toggle_base_mode,
            name=t.gettext("Tap the base runners of a champ"))  # fmt: skip
    if selection.complete_offered(w.draft.bet_type):
        w.option_buttons["complete"] = big_button(
            "complete", t.gettext("All orders"), w.toggle_complete
        )
    for button in w.option_buttons.values():
        button.setCheckable(True)
    return list(w.option_buttons.values())


def runner_lines(w: KioskWindow, race: CachedRace, runner: dict[str, Any]) -> list[str]:
    """Number (and "base" when it is one), name, and its odds or "Non-runner"."""
    t = w.words
    number = runner["number"]
    odds = w.odds.get(race.race_id, {}).get("odds", {})
    value = odds.get(str(number))
    shown = (t.gettext("Non-runner") if number in race.field.scratched
             else (t.odds(value) if value else t.data("—")))  # fmt: skip
    head = t.gettext("{number} · base", number=number) if number in w.base else t.data(str(number))
    return [head, t.data(runner["name"]), shown]


def show_selection(w: KioskWindow, number: int | None = None) -> None:
    """After a touch: the runners' marks (only ``number``'s, when given), the switches, the
    champ's step, the cost so far, and whether the bet can go on to the stake (if not, why)."""
    t = w.words
    race = w.races.get(w.draft.race_id)
    if race is None:
        return
    for runner in race.runners:
        button = w.runner_buttons.get(runner["number"])
        if button is None or (number is not None and runner["number"] != number):
            continue
        lines = runner_lines(w, race, runner)
        button.set_lines(lines)
        button.setChecked(runner["number"] in w.picked or runner["number"] in w.base)
        button.setEnabled(runner["number"] not in race.field.scratched)
        button.setAccessibleName(t.gettext("Runner {number}, {name}, {odds}", number=lines[0],
                                           name=lines[1], odds=lines[2]))  # fmt: skip
    if "champ" in w.option_buttons:
        w.option_buttons["champ"].setChecked(w.base_mode)
    if "complete" in w.option_buttons:
        w.option_buttons["complete"].setChecked(w.complete)
    w.screens["runners"].set_heading(hints.runners_heading(w))
    priced = selection.quietly_priced(w) is not None
    w.cost_label.setText(hints.step_hint(w) or (selection.cost_text(w) if priced
                                                else hints.runners_missing(w)))  # fmt: skip
    w.next_button.setEnabled(priced)


def fill_stake(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.set_heading(t.gettext("Stake"))
    screen.clear_grid()
    bet = w._priced()
    w.stake_label = title(stake_text(w, bet), t.gettext("Stake and cost"))
    screen.grid.addWidget(big_button("lower-stake", t.data("−"), lambda: w.change_stake(-1),
                                     name=t.gettext("Lower the stake")), 0, 0)  # fmt: skip
    screen.grid.addWidget(w.stake_label, 0, 1, 1, 2)
    screen.grid.addWidget(big_button("raise-stake", t.data("+"), lambda: w.change_stake(1),
                                     name=t.gettext("Raise the stake")), 0, 3)  # fmt: skip
    for column, multiplier in enumerate(selection.STAKE_PRESETS):
        cost = selection.preset_cost(w, multiplier)
        if cost is None:
            continue
        preset = big_button(f"stake-{multiplier}", t.amount(cost),
                            tapped(w.set_multiplier, multiplier),
                            name=t.gettext("Stake × {multiplier}: {cost}", multiplier=multiplier,
                                           cost=t.amount(cost)))  # fmt: skip
        preset.setCheckable(True)
        preset.setChecked(multiplier == w.draft.multiplier)
        screen.grid.addWidget(preset, 1, column)
    on = big_button("next", t.gettext("Next"), lambda: w.go("summary"), primary=True)
    on.setEnabled(bet is not None)
    _note(screen, "" if bet is not None else hints.runners_missing(w), t.gettext("Why not yet"))
    w._bottom(screen, w._back("runners"), on)


def fill_summary(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.set_heading(t.gettext("Summary"))
    screen.clear_grid()
    bet = w._priced()
    cost = 0 if bet is None else bet.cost
    race = w.races.get(w.draft.race_id)
    described = describe(w, bet)
    where = t.race(w.draft.race_id, race.name if race else "")
    screen.grid.addWidget(title(where, t.gettext("Race")), 0, 0, 1, 2)
    screen.grid.addWidget(title(described, t.gettext("Bet summary")), 1, 0, 1, 2)
    if w.balance >= cost:
        prompt = t.gettext("Your credit pays for this bet")
    else:
        prompt = t.gettext("Insert notes: {amount} still to pay", amount=t.amount(cost - w.balance))
    screen.grid.addWidget(title(prompt, t.gettext("Payment")), 2, 0, 1, 2)
    w.pay_button = big_button("pay", t.gettext("Bet {cost}", cost=t.amount(cost)), w.place_bet,
                              primary=True, name=t.gettext("Pay and print the ticket"))  # fmt: skip
    why = hints.pay_blocked(w, bet)
    w.pay_button.setEnabled(bet is not None and not why)
    _note(screen, why, t.gettext("Why not yet"))
    w._bottom(screen, w._back("stake"), w.pay_button)


def _note(screen: Screen, text: str, name: str) -> None:
    """The line above the bottom bar: why its button is off, shown only then."""
    screen.note.setText(text)
    screen.note.setAccessibleName(name)
    screen.note.setVisible(bool(text))


def fill_ticket(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.clear_grid()
    screen.set_heading(t.gettext("Scan your ticket under the reader"))
    w.ticket_code = QLineEdit()
    w.ticket_code.setObjectName("ticket-code")
    w.ticket_code.setAccessibleName(t.gettext("Ticket barcode"))
    w.ticket_code.setPlaceholderText(t.gettext("or type its number"))
    w.ticket_code.returnPressed.connect(lambda: w.scanned(w.ticket_code.text()))
    w.ticket_view = title("", t.gettext("Scanned ticket"))
    w.collect_button = big_button("collect", t.gettext("Collect as credit"), w.collect,
                                  primary=True)  # fmt: skip
    w.collect_button.setEnabled(False)
    screen.grid.addWidget(w.ticket_code, 0, 0)
    screen.grid.addWidget(w.ticket_view, 1, 0)
    w._bottom(screen, w._back("attract"), w.collect_button)


def fill_still_there(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.clear_grid()
    screen.set_heading(leaving.warning_text(w))
    w._bottom(screen, big_button("carry-on", t.gettext("Continue"),
                                 lambda: leaving.carry_on(w), primary=True))  # fmt: skip


def fill_voucher(w: KioskWindow, screen: Screen) -> None:
    t = w.words
    screen.clear_grid()
    if w.voucher_waiting:
        screen.set_heading(t.gettext(
            "Your voucher of {amount} prints in a moment: please wait, or ask the staff",
            amount=t.amount(w.voucher_amount)))  # fmt: skip
        w._bottom(screen)
        return
    screen.set_heading(t.gettext("Take your voucher of {amount}",
                                 amount=t.amount(w.voucher_amount)))  # fmt: skip
    screen.grid.addWidget(title(t.gettext("Bet with it at any kiosk, or have it paid at a "
                                          "counter"), t.gettext("Voucher")), 0, 0)  # fmt: skip
    w._bottom(screen, big_button("finish", t.gettext("Finish"), lambda: leaving.start_afresh(w),
                                 primary=True))  # fmt: skip


def stake_text(w: KioskWindow, bet: Bet | None) -> str:
    t = w.words
    if bet is None:
        return t.data("—")
    return t.gettext("Stake × {multiplier}: {cost}", multiplier=w.draft.multiplier,
                     cost=t.amount(bet.cost))  # fmt: skip


def describe(w: KioskWindow, bet: Bet | None) -> str:
    """The bet being made, in the bettor's words, with what it adds up to before they pay:
    ``Tiercé, combination, all orders: 4 - 7 - 2 — 6 combinations``."""
    t = w.words
    if bet is None:
        return t.data("—")
    return t.gettext("{bet_type}, {formula}: {selection} — {combinations}",
                     bet_type=t.bet_type(bet.bet_type),
                     formula=t.bet_formula(bet.bet_type, bet.formula.value, len(bet.runners),
                                           complete=bet.complete),
                     selection=slips.selection(t, w.draft.body()),
                     combinations=t.combinations(bet.bet_type, bet.combinations))  # fmt: skip
