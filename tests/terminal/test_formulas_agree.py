"""The kiosk's taps and the counter's keys read a selection alike: for every bet type and
formula the kiosk offers, complete or not, both build the same bet at the same price, and the
server charges it as the terminal priced it (issue 24: a Tiercé on exactly 3 runners "in
every order" was 1 combination at the kiosk and refused at the counter; it is 6)."""

from __future__ import annotations

import json
from datetime import date
from math import factorial

import pytest

from pari import BetType, Formula, spec_of
from terminal.app import Terminal
from terminal.entry import CODES, parse_entry
from terminal.errors import SaleProblem
from terminal.journey.selection import champ_offered, complete_offered, draft_of
from terminal.operations.sell import Draft, price_in, sell
from terminal.store import programme
from tests.servers import LiveServer

DAY = date(2026, 11, 21)
QUINTE_RACE = "2026-11-21/R1C4"
Selection = tuple[str, list[int], list[int]]  # what it is, runners tapped, base runners


def selections(bet_type: BetType, starters: list[int]) -> list[Selection]:
    """What a bettor can tap for ``bet_type``: a unitaire (in a tapped order, not sorted), a
    combinée or, for a type sold by lines, its longest line (a Multi en 7), a champ réduit
    and a champ total where offered."""
    spec = spec_of(bet_type)
    k = spec.picks
    tapped = sorted(starters, key=lambda n: (n * 7) % 11)  # 7 3 10 6 2 9 5 1 8 4 …
    found: list[Selection] = [("unitaire", tapped[:k], [])]
    if spec.lines:
        found.append((f"line of {spec.max_picks}", tapped[: spec.max_picks], []))
    else:
        found.append(("combinée", tapped[: k + 2], []))
    if champ_offered(bet_type.value):
        found.append(("champ réduit", tapped[1 : k + 2], tapped[:1]))
        found.append(("champ total", [], tapped[:1]))
    return found


def keyed(
    race_id: str, bet_type: BetType, picked: list[int], base: list[int], complete: bool
) -> str:
    """The counter's line for the same selection, stake × 2."""
    meeting, number = race_id.rsplit("/", 1)[-1].removeprefix("R").split("C")
    code = {t: c for c, t in CODES.items()}[bet_type]
    words = [meeting, number, code, *map(str, base)]
    if base:
        words.append("-" if picked else "*")
    words += [*map(str, picked), *(["FC"] if complete else []), "X2"]
    return " ".join(words)


def test_the_kiosk_and_the_counter_price_every_formula_alike(
    counter: Terminal, open_race: str, live_server: LiveServer
) -> None:
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{QUINTE_RACE}/open").raise_for_status()
    counter.feed.resync()
    now = counter.desk.clock()
    seen: set[tuple[str, str, bool]] = set()
    for race_id in (open_race, QUINTE_RACE):
        race = programme.race(counter.desk.store, race_id)
        starters = sorted(race.field.starters)
        for bet_type in race.bet_types:
            for what, picked, base in selections(bet_type, starters):
                alone: tuple[int, int] | None = None
                for complete in (False, True) if complete_offered(bet_type.value) else (False,):
                    line = keyed(race_id, bet_type, picked, base, complete)
                    at_kiosk = draft_of(
                        race_id, bet_type.value, picked, base, complete=complete, multiplier=2
                    )
                    at_counter = parse_entry(line, DAY)
                    assert at_kiosk == at_counter, line
                    kiosk_bet, counter_bet = (
                        price_in(race, at_kiosk, now),
                        price_in(race, at_counter, now),
                    )
                    assert (kiosk_bet.combinations, kiosk_bet.cost, kiosk_bet.complete) == (
                        counter_bet.combinations,
                        counter_bet.cost,
                        counter_bet.complete,
                    ), line
                    assert kiosk_bet.complete is complete, f"{line}: all orders dropped"
                    if complete:  # every order of every set, never fewer
                        assert alone is not None
                        k = spec_of(bet_type).picks
                        assert (kiosk_bet.combinations, kiosk_bet.cost) == (
                            alone[0] * factorial(k),
                            alone[1] * factorial(k),
                        ), line
                    alone = (kiosk_bet.combinations, kiosk_bet.cost)
                    seen.add((bet_type.value, what, complete))
    assert len({t for t, _, _ in seen}) == len(BetType)  # every type was tried
    assert {("QUINTE_PLUS", "unitaire", True), ("TIERCE", "champ total", True)} <= seen


def test_a_tierce_on_three_in_every_order_is_six_combinations_here_and_at_the_server(
    counter: Terminal, open_race: str, printed: list[str]
) -> None:
    desk = counter.desk
    draft = parse_entry("1 1 TI 7 3 10 FC", DAY)
    assert draft == draft_of(open_race, "TIERCE", [7, 3, 10], [], complete=True, multiplier=1)
    assert (draft.formula, draft.complete) == (Formula.COMBINEE.value, True)
    priced = price_in(programme.race(desk.store, open_race), draft, desk.clock())
    assert (priced.combinations, priced.cost) == (6, 600)  # 3! orders × 1 €

    sale = sell(desk, draft)

    assert (sale.status, sale.cost) == ("ACCEPTED", 600)
    row = desk.store.one("SELECT receipt FROM bet WHERE transaction_id = ?", (sale.transaction_id,))
    assert row is not None
    receipt = json.loads(row[0])
    assert (receipt["combinations"], receipt["cost"]) == (6, 600)  # the server's own pricing
    ticket = printed[-1]
    assert "combinée, formule complète" in ticket
    assert "7 - 3 - 10" in ticket


def test_a_multi_en_7_costs_one_base_stake_here_and_at_the_server(
    counter: Terminal, open_race: str, printed: list[str]
) -> None:
    """DOMAIN.md: "pour 3 euros, désigner 7 chevaux": 35 combinations of 4, one base stake
    (issue 25: it was charged 105 €)."""
    desk = counter.desk
    draft = parse_entry("1 1 MU 7 3 10 6 2 9 5", DAY)
    assert draft == draft_of(
        open_race, "MULTI", [7, 3, 10, 6, 2, 9, 5], [], complete=False, multiplier=1
    )
    priced = price_in(programme.race(desk.store, open_race), draft, desk.clock())
    assert (priced.combinations, priced.cost) == (35, 300)

    sale = sell(desk, draft)

    assert (sale.status, sale.cost) == ("ACCEPTED", 300)
    row = desk.store.one("SELECT receipt FROM bet WHERE transaction_id = ?", (sale.transaction_id,))
    assert row is not None
    receipt = json.loads(row[0])
    assert (receipt["combinations"], receipt["cost"]) == (35, 300)  # the server's own pricing
    ticket = printed[-1]
    assert "Formule : en 7" in ticket
    assert "7 - 3 - 10 - 6 - 2 - 9 - 5" in ticket


def test_all_orders_on_a_type_without_order_is_refused_at_the_counter_and_not_offered_at_the_kiosk(
    counter: Terminal, open_race: str
) -> None:
    """A Couplé gagnant has no order to play: the kiosk shows no switch and drops a stale
    one; the clerk's ``FC`` is refused, saying so, rather than priced as something else."""
    assert not complete_offered("COUPLE_GAGNANT")
    assert draft_of(open_race, "COUPLE_GAGNANT", [4, 7], [], complete=True, multiplier=1) == (
        Draft(open_race, "COUPLE_GAGNANT", (4, 7), "unitaire", (), 1, False)
    )
    race = programme.race(counter.desk.store, open_race)
    with pytest.raises(SaleProblem, match="formule complète applies to") as caught:
        price_in(race, parse_entry("1 1 CG 4 7 FC", DAY), counter.desk.clock())
    assert caught.value.code == "formula_not_allowed"
