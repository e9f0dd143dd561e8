"""Hypothesis strategies: races with scratchings and dead heats, and valid bets of every kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

from pari import Bet, BetType, Field, Finish, Formula, PoolRules, make_bet, spec_of
from pari.bet_types import Order


@dataclass(frozen=True)
class Race:
    entry: Field  # the field when the bets were sold
    field: Field  # the field at the result, scratchings included
    finish: Finish


@st.composite
def races(draw: st.DrawFn, min_runners: int = 4) -> Race:
    count = draw(st.integers(max(4, min_runners), 12))
    runners = list(range(1, count + 1))
    scratched = draw(st.lists(st.sampled_from(runners), max_size=2, unique=True))
    entry = Field.of(runners)
    field = Field.of(runners, scratched)
    order = draw(st.permutations(sorted(field.starters)))
    finishers = draw(st.integers(1, min(len(order), 7)))
    places: list[list[int]] = []
    for runner in order[:finishers]:
        if places and draw(st.integers(0, 7)) == 0:  # about one place in eight is a dead heat
            places[-1].append(runner)
        else:
            places.append([runner])
    return Race(entry, field, Finish.of(places, field))


def formulas_of(bet_type: BetType) -> list[Formula]:
    """The formulas the bet type's specification sells."""
    return sorted(spec_of(bet_type).formulas)


@st.composite
def bets(draw: st.DrawFn, bet_type: BetType, entry: Field) -> Bet:
    spec = spec_of(bet_type)
    rules = PoolRules.pmu(bet_type)
    runners = draw(st.permutations(sorted(entry.runners)))
    n = len(runners)
    formula = draw(st.sampled_from(formulas_of(bet_type)))
    k = spec.picks
    chosen: Sequence[int] = ()  # make_bet's defaults, where the formula takes none
    base: Sequence[int] = ()
    complete = False
    if formula is Formula.UNITAIRE:
        size = draw(st.integers(k, min(spec.max_picks, n)))
        chosen = runners[:size]
    elif formula is Formula.COMBINEE:
        chosen = runners[: draw(st.integers(k, min(n, k + 3)))]
    else:
        b = draw(st.integers(1, k - 1))
        base = runners[:b]
        if formula is Formula.CHAMP_REDUIT:
            chosen = runners[b : b + draw(st.integers(k - b, min(n - b, k - b + 3)))]
    if spec.order is Order.RANKED and formula is not Formula.UNITAIRE:
        complete = draw(st.booleans()) and n <= 8
    unit = draw(st.sampled_from([rules.min_stake, rules.min_stake + 50, 1000, 1234]))
    multiplier = draw(st.integers(1, 3))
    return make_bet(
        bet_type,
        entry,
        rules,
        runners=chosen,
        formula=formula,
        base=base,
        multiplier=multiplier,
        unit_stake=unit,
        complete=complete,
    )


@st.composite
def races_with_bets(draw: st.DrawFn) -> tuple[Race, BetType, list[Bet]]:
    bet_type = draw(st.sampled_from(list(BetType)))
    race = draw(races(min_runners=spec_of(bet_type).max_picks))
    chosen = draw(st.lists(bets(bet_type, race.entry), min_size=1, max_size=12))
    return race, bet_type, chosen
