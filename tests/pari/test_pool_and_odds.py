from __future__ import annotations

from decimal import Decimal

import pytest

from pari import BetType, Field, Formula, Pool, PoolRules, approximate_odds, make_bet
from pari.errors import PoolError

from .helpers import bet, pool_of


def test_a_pool_accounts_each_bet_once_whatever_its_size() -> None:
    field = Field.of(range(1, 17))
    rules = PoolRules.pmu(BetType.QUINTE_PLUS)
    champ = make_bet(BetType.QUINTE_PLUS, field, rules, formula=Formula.CHAMP_TOTAL, base=[1])
    pool = pool_of(rules, [champ, champ])
    assert pool.total == 2 * 1365 * 200
    assert pool.bet_count == 2
    assert len(pool.stakes()) == 1


def test_identical_bets_added_at_once_count_as_added_one_by_one() -> None:
    field = Field.of(range(1, 9))
    s = BetType.SIMPLE_GAGNANT
    rules = PoolRules.pmu(s)
    one = bet(s, field, [3, 5], "2", formula=Formula.COMBINEE)
    grouped = Pool(rules)
    grouped.add(one, times=4)
    assert grouped.total == pool_of(rules, [one] * 4).total == 4 * 2 * 200
    assert grouped.runner_stakes() == pool_of(rules, [one] * 4).runner_stakes()
    assert grouped.bet_count == 4
    with pytest.raises(PoolError, match="at least once"):
        grouped.add(one, times=0)


def test_removing_a_bet_the_pool_does_not_hold_is_refused() -> None:
    field = Field.of(range(1, 9))
    s = BetType.SIMPLE_GAGNANT
    pool = pool_of(PoolRules.pmu(s), [bet(s, field, [1], "2")])
    with pytest.raises(PoolError, match="holds no such bet"):
        pool.remove(bet(s, field, [1], "5"))
    with pytest.raises(PoolError, match="cannot go into"):
        pool.add(bet(BetType.TRIO, field, [1, 2, 3]))
    assert pool.total == 200


def test_odds_of_the_wikipedia_example() -> None:
    # DOMAIN.md's source: 8 runners, 14.25 % takeout; runner 4 pays 8.01.
    field = Field.of(range(1, 9))
    rules = PoolRules.pmu(BetType.SIMPLE_GAGNANT).with_overrides(
        takeout=Decimal("0.1425"), rounding_step=Decimal("0.01"), rounding_mode="half_up"
    )
    stakes = {1: "60", 2: "140", 3: "24", 4: "110", 5: "220", 6: "94", 7: "300", 8: "80"}
    pool = pool_of(rules, [bet(BetType.SIMPLE_GAGNANT, field, [r], s) for r, s in stakes.items()])
    odds = approximate_odds(pool, field)
    assert odds[4] == Decimal("8.01")
    assert odds[3] == Decimal("36.73")


def test_odds_leave_out_scratched_runners_and_show_none_without_stakes() -> None:
    entry = Field.of(range(1, 6))
    s = BetType.SIMPLE_GAGNANT
    rules = PoolRules.pmu(s).with_overrides(takeout=Decimal(0))
    pool = pool_of(rules, [bet(s, entry, [1], "10"), bet(s, entry, [2], "30")])
    odds = approximate_odds(pool, entry.scratch(2))
    assert odds == {1: Decimal("1.00"), 3: None, 4: None, 5: None}
    assert approximate_odds(pool, entry)[1] == Decimal("4.00")
    with pytest.raises(PoolError, match="SIMPLE_GAGNANT"):
        approximate_odds(Pool(PoolRules.pmu(BetType.TRIO)), entry)
