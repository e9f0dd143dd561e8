"""The kiosk's screens, each filled afresh when it is shown (language, odds and credit are
current every time). ``KioskWindow.go(name)`` calls ``fill_<name>``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from pari import BetType, format_amount, spec_of
from terminal.ui.kiosk.widgets import Screen, big_button, tapped, title
from terminal.ui.strings import EN, FR, tr

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow


def fill_attract(w: KioskWindow, screen: Screen) -> None:
    screen.heading.setText("GUICHET — PARI MUTUEL")
    screen.clear_grid()
    start = big_button(tr(w.lang, "touch"), "Start betting", lambda: w.go("age"),
                       primary=True)  # fmt: skip
    screen.grid.addWidget(start, 0, 0, 1, 2)
    screen.grid.addWidget(big_button("Français", "Français", lambda: w.set_lang(FR)), 1, 0)
    screen.grid.addWidget(big_button("English", "English", lambda: w.set_lang(EN)), 1, 1)
    screen.grid.addWidget(big_button(tr(w.lang, "scan_ticket"), "Scan a ticket",
                                     lambda: w.go("ticket")), 2, 0)  # fmt: skip
    screen.grid.addWidget(big_button(tr(w.lang, "cash_out"), "Cash out credit",
                                     w.cash_out), 2, 1)  # fmt: skip
    w._bottom(screen, big_button("⚙", "Administrator", w.ask_pin))


def fill_age(w: KioskWindow, screen: Screen) -> None:
    screen.heading.setText(tr(w.lang, "age"))
    screen.clear_grid()
    screen.grid.addWidget(big_button(tr(w.lang, "yes"), "I am 18 or over",
                                     lambda: w.go("races"), primary=True), 0, 0)  # fmt: skip
    screen.grid.addWidget(big_button(tr(w.lang, "no"), "I am under 18",
                                     lambda: w.go("attract")), 0, 1)  # fmt: skip
    w._bottom(screen)


def fill_races(w: KioskWindow, screen: Screen) -> None:
    screen.heading.setText(tr(w.lang, "choose_race"))
    screen.clear_grid()
    now = w.desk.clock()
    open_races = [r for r in w.races.values() if r.takes_bets(now)]
    for index, race in enumerate(open_races[:12]):
        code = race.race_id.split("/")[-1]
        text = f"{code}  {race.post_time:%H:%M}\n{race.name}"
        screen.grid.addWidget(big_button(text, f"Race {code} {race.name}",
                                         tapped(w.pick_race, race.race_id)),
                              index // 3, index % 3)  # fmt: skip
    w._bottom(screen, w._back("attract"))


def fill_types(w: KioskWindow, screen: Screen) -> None:
    race = w.races[w.draft.race_id]
    screen.heading.setText(f"{tr(w.lang, 'choose_type')} — {race.name}")
    screen.clear_grid()
    for index, bet_type in enumerate(race.bet_types):
        label = bet_type.value.replace("_", " ").title()
        screen.grid.addWidget(big_button(label, label,
                                         tapped(w.pick_type, bet_type.value)),
                              index // 3, index % 3)  # fmt: skip
    w._bottom(screen, w._back("races"))


def fill_runners(w: KioskWindow, screen: Screen) -> None:
    race = w.races[w.draft.race_id]
    picks = spec_of(BetType(w.draft.bet_type)).picks
    screen.heading.setText(tr(w.lang, "choose_runners", n=picks))
    screen.clear_grid()
    odds = w.odds.get(race.race_id, {}).get("odds", {})
    for index, runner in enumerate(race.runners):
        number = runner["number"]
        scratched = number in race.field.scratched
        shown = tr(w.lang, "scratched") if scratched else (odds.get(str(number)) or "—")
        button = big_button(f"{number}\n{runner['name']}\n{shown}",
                             f"Runner {number} {runner['name']}",
                             tapped(w.toggle_runner, number))  # fmt: skip
        button.setCheckable(True)
        button.setChecked(number in w.picked)
        button.setEnabled(not scratched)
        screen.grid.addWidget(button, index // 4, index % 4)
    w.next_button = big_button(tr(w.lang, "next"), "Next", lambda: w.go("stake"),
                                  primary=True)  # fmt: skip
    w.next_button.setEnabled(len(w.picked) >= picks)
    w._bottom(screen, w._back("types"), w.next_button)


def fill_stake(w: KioskWindow, screen: Screen) -> None:
    screen.heading.setText(tr(w.lang, "stake"))
    screen.clear_grid()
    bet = w._priced()
    w.stake_label = title(w._stake_text(bet), "Stake and cost")
    screen.grid.addWidget(big_button("−", "Lower stake", lambda: w.change_stake(-1)), 0, 0)
    screen.grid.addWidget(w.stake_label, 0, 1)
    screen.grid.addWidget(big_button("+", "Raise stake", lambda: w.change_stake(1)), 0, 2)
    w._bottom(screen, w._back("runners"),
                 big_button(tr(w.lang, "next"), "Next", lambda: w.go("summary"),
                            primary=True))  # fmt: skip


def fill_summary(w: KioskWindow, screen: Screen) -> None:
    screen.heading.setText(tr(w.lang, "summary"))
    screen.clear_grid()
    bet = w._priced()
    cost = 0 if bet is None else bet.cost
    describe = "" if bet is None else bet.describe()
    screen.grid.addWidget(title(f"{w.draft.race_id.split('/')[-1]}  {describe}",
                                "Bet summary"), 0, 0, 1, 2)  # fmt: skip
    screen.grid.addWidget(title(tr(w.lang, "insert"), "Insert notes"), 1, 0, 1, 2)
    label = tr(w.lang, "bet_now", cost=format_amount(cost))
    w.pay_button = big_button(label, "Pay and print the ticket", w.place_bet,
                                 primary=True)  # fmt: skip
    w.pay_button.setEnabled(bet is not None and w.balance >= cost and not w.blocked_because)
    w._bottom(screen, w._back("stake"), w.pay_button)


def fill_done(w: KioskWindow, screen: Screen) -> None:
    screen.clear_grid()
    screen.heading.setText(tr(w.lang, "take_ticket"))
    w._bottom(screen, big_button(tr(w.lang, "next"), "Bet again",
                                    lambda: w.go("races"), primary=True))  # fmt: skip


def fill_ticket(w: KioskWindow, screen: Screen) -> None:
    screen.clear_grid()
    screen.heading.setText(tr(w.lang, "scan_ticket"))
    w.ticket_code = QLineEdit()
    w.ticket_code.setAccessibleName("Ticket barcode")
    w.ticket_code.returnPressed.connect(lambda: w.scanned(w.ticket_code.text()))
    w.ticket_view = title("", "Scanned ticket")
    w.collect_button = big_button(tr(w.lang, "collect"), "Collect winnings as credit",
                                     w.collect, primary=True)  # fmt: skip
    w.collect_button.setEnabled(False)
    screen.grid.addWidget(w.ticket_code, 0, 0)
    screen.grid.addWidget(w.ticket_view, 1, 0)
    w._bottom(screen, w._back("attract"), w.collect_button)
