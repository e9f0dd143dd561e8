"""Properties of pools and settlement over random races, scratchings, dead heats and bets."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from math import comb

from hypothesis import given
from hypothesis import strategies as st

from pari import (
    Bet,
    BetType,
    Formula,
    Play,
    Pool,
    PoolRules,
    Rank,
    approximate_odds,
    make_bet,
    settle,
    spec_of,
)
from pari.bet_types import Order
from pari.field import mask_of
from pari.money import euros, round_fraction
from pari.paying import PayingTable

from .helpers import pool_of
from .strategies import Race, races, races_with_bets

Case = tuple[Race, BetType, list[Bet]]


@given(races_with_bets())
def test_conservation_to_the_cent(case: Case) -> None:
    race, bet_type, bets = case
    rules = PoolRules.pmu(bet_type)
    result = settle(pool_of(rules, bets), race.field, race.finish)
    assert result.balance() == 0
    assert sum(result.payout(b) for b in bets) == result.payouts
    spec = spec_of(bet_type)
    first = {spec.line_rank(spec.picks)} if spec.lines else set(spec.rank_names)
    assert all(d.dividend >= rules.min_dividend for d in result.dividends if d.rank in first)
    by_runners: dict[tuple[int, ...], dict[Rank, Decimal]] = {}
    for d in result.dividends:
        by_runners.setdefault(d.runners, {})[d.rank] = d.dividend
    for size, rank in spec.lines:  # a Multi en N pays the en 4 dividend ÷ C(N, 4), rounded
        for paid in by_runners.values():
            spread = Fraction(paid[spec.line_rank(spec.picks)]) / comb(size, spec.picks)
            assert paid[rank] == round_fraction(spread, rules.rounding_step, rules.rounding_mode)
    if result.refund_all is None:
        assert result.payouts + result.breakage + result.jackpot - result.top_ups <= (
            euros(sum(b.cost for b in bets))
        )


def _single(bet: Bet, combination: tuple[int, ...], race: Race) -> Bet:
    """The one-combination bet that plays ``combination`` as ``bet`` plays it."""
    rules = PoolRules.pmu(bet.bet_type).with_overrides(min_stake=1)
    ranked_set = spec_of(bet.bet_type).order is Order.RANKED and bet.play is Play.SET
    return make_bet(
        bet.bet_type,
        race.entry,
        rules,
        runners=combination,
        formula=Formula.COMBINEE if ranked_set else Formula.UNITAIRE,
        unit_stake=bet.unit_stake,
    )


@given(races_with_bets())
def test_a_champ_or_combinee_pays_exactly_what_its_unitaires_would(case: Case) -> None:
    """And a line (a Multi en N) what its four-runner unitaires would at its stake, each
    divided by C(N, 4) and rounded as the pool rounds; a line naming a non-partant is
    refunded whole."""
    race, bet_type, bets = case
    rules = PoolRules.pmu(bet_type)
    result = settle(pool_of(rules, bets), race.field, race.finish)
    for bet in bets:
        singles = [_single(bet, c, race) for c in bet.iter_combinations()]
        if result.refund_all is not None:
            assert result.payout(bet) == euros(bet.cost)
        elif not bet.is_line:
            assert result.payout(bet) == sum(result.payout(s) for s in singles)
        elif set(bet.runners) & race.field.scratched:
            assert result.payout(bet) == euros(bet.cost)
        else:
            stake = euros(bet.stake_per_unit)
            spread = Fraction(1, bet.combinations)
            assert result.payout(bet) == stake * sum(
                round_fraction(
                    Fraction(result.payout(s) / stake) * spread,
                    rules.rounding_step,
                    rules.rounding_mode,
                )
                for s in singles
            )


@given(races_with_bets())
def test_cost_is_combinations_times_unit_stake(case: Case) -> None:
    race, _, bets = case
    for bet in bets:
        expanded = list(bet.iter_combinations())
        assert len(expanded) == len(set(expanded)) == bet.combinations
        assert bet.cost == bet.units * bet.unit_stake
        assert bet.units == (1 if bet.is_line else bet.combinations)
        assert all(len(set(c)) == len(c) == bet.picks for c in expanded)
        assert all(set(c) <= race.entry.runners for c in expanded)


@given(races_with_bets())
def test_counting_a_shape_equals_classifying_each_combination(case: Case) -> None:
    """The bitmask count settlement uses, against one classification per expanded combination;
    combinations holding a scratched runner are the refunded ones."""
    race, bet_type, bets = case
    spec = spec_of(bet_type)
    table = PayingTable(spec, PoolRules.pmu(bet_type), race.field, race.finish)
    scratched = race.field.scratched
    for bet in bets:
        expected: Counter[int] = Counter()
        refunded = 0
        for combination in bet.iter_combinations():
            if bet.is_line and scratched & set(bet.runners):  # refunded whole: one line
                refunded, expected = 1, Counter()
                break
            if scratched & set(combination):
                refunded += 1
                continue
            ordered = combination if bet.play is not Play.SET else None
            group = table.classify(mask_of(combination), ordered)
            if group is not None:
                expected[group] += 1
        groups, refunds = table.coverage(bet.shape)
        assert refunds == refunded
        assert dict(groups) == dict(expected)


@given(races_with_bets(), st.data())
def test_cancelling_bets_leaves_the_pool_as_if_they_were_never_sold(
    case: Case, data: st.DataObject
) -> None:
    _, bet_type, bets = case
    cancelled = data.draw(st.lists(st.sampled_from(range(len(bets))), unique=True))
    kept = [b for i, b in enumerate(bets) if i not in cancelled]
    pool = pool_of(PoolRules.pmu(bet_type), bets)
    for i in cancelled:
        pool.remove(bets[i])
    fresh = pool_of(PoolRules.pmu(bet_type), kept)
    assert dict(pool.stakes()) == dict(fresh.stakes())
    assert (pool.total, pool.bet_count) == (fresh.total, fresh.bet_count)


@given(races(), st.data())
def test_approximate_odds_are_the_dividend_the_winner_would_pay(
    race: Race, data: st.DataObject
) -> None:
    rules = PoolRules.pmu(BetType.SIMPLE_GAGNANT)
    pool = Pool(rules)
    for runner in data.draw(st.lists(st.sampled_from(sorted(race.entry.runners)), min_size=1)):
        pool.add(
            make_bet(
                BetType.SIMPLE_GAGNANT,
                race.entry,
                rules,
                runners=[runner],
                multiplier=data.draw(st.integers(1, 50)),
            )
        )
    odds = approximate_odds(pool, race.field)
    winners = race.finish.places[0]
    result = settle(pool, race.field, race.finish)
    winner_odds = odds[winners[0]] if len(winners) == 1 else None
    if winner_odds is not None:
        (winner,) = winners
        paid = result.dividend_for((winner,))
        assert paid is not None
        assert paid[1] == max(winner_odds, rules.min_dividend)
    assert set(odds) == race.field.starters
