"""The ``pmu`` rules set's 2sur4, Trio, Trio ordre, Tiercé and Quarté+ chapters, rule by rule,
worked by hand from the règlement's own wording (arrêté du 13 septembre 1985 as consolidated
before the 2017 règlement carried it over; the articles are named in each test).

The règlement gives no figures of its own for these chapters: every expected dividend is
derived in the test's comments. Pools have no takeout (``takeout=0``) so the arithmetic is the
règlement's alone.
"""

from __future__ import annotations

from decimal import Decimal

from pari import BetType, Field, Finish, PoolRules, Rank, settle
from pari.rules import RulesSet

from .helpers import bet, pool_of

D = Decimal
DS = BetType.DEUX_SUR_QUATRE


def no_takeout(bet_type: BetType, rules: RulesSet = RulesSet.PMU) -> PoolRules:
    return PoolRules.of(bet_type, rules).with_overrides(takeout=D(0))


# --- 2sur4, art. 53, 1: one dividend, the masse over the stakes on every payable pair -----


def test_the_2sur4_pays_one_dividend_for_every_payable_pair() -> None:
    # Ten runners, finish 1-2-3-4, no takeout. Stakes: 1-2 30, 3-4 10, 1-4 10, 5-6 50 (a
    # losing pair): 100 in all. Payable: the six pairs of the first four, three backed with
    # 50. pmu: 100 / 50 = 2.00 for every payable pair, whoever backed it.
    # simple (DOMAIN.md's profit split): profit 50 in three parts of 16.67: 1-2 1 + 16.67 /
    # 30 = 1.55 → 1.50, 3-4 and 1-4 1 + 16.67 / 10 = 2.66 → 2.60.
    field = Field.of(range(1, 11))
    finish = Finish.of([[1], [2], [3], [4]], field)
    stakes = [([1, 2], "30"), ([3, 4], "10"), ([1, 4], "10"), ([5, 6], "50")]
    settled = {}
    for rules_set in (RulesSet.PMU, RulesSet.SIMPLE):
        rules = no_takeout(DS, rules_set)
        bets = [bet(DS, field, runners, euros, rules=rules) for runners, euros in stakes]
        result = settle(pool_of(rules, bets), field, finish)
        assert result.balance() == 0
        settled[rules_set] = result
    pmu, simple = settled[RulesSet.PMU], settled[RulesSet.SIMPLE]
    assert [(d.runners, d.dividend) for d in pmu.dividends] == [
        ((1, 2), D("2.00")), ((1, 4), D("2.00")), ((3, 4), D("2.00"))
    ]  # fmt: skip
    assert pmu.dividend_for((2, 3)) is None  # payable, but nobody on it: no dividend to pay
    assert [(d.runners, d.dividend) for d in simple.dividends] == [
        ((1, 2), D("1.50")), ((1, 4), D("2.60")), ((3, 4), D("2.60"))
    ]  # fmt: skip


def test_a_2sur4_dead_heat_never_pays_two_horses_tied_for_fourth() -> None:
    # Art. 51, h: 1, 2, 3 and 4 and 5 dead heat for fourth: payable 1-2, 1-3, 2-3 and each of
    # 1, 2, 3 with 4 or 5; never 4-5. Stakes 10 on 4-5 (not payable), 10 on 1-5, 10 on 2-3,
    # 70 on 6-7: 100 / 20 = 5.00 for both payable pairs backed.
    field = Field.of(range(1, 11))
    rules = no_takeout(DS)
    bets = [bet(DS, field, r, "10", rules=rules) for r in ([4, 5], [1, 5], [2, 3])]
    bets.append(bet(DS, field, [6, 7], "70", rules=rules))
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2], [3], [4, 5]], field))
    assert sorted((d.runners, d.dividend) for d in result.dividends) == [
        ((1, 5), D("5.00")), ((2, 3), D("5.00"))
    ]  # fmt: skip
    assert result.payout(bets[0]) == 0
    assert result.balance() == 0


def test_the_2sur4_is_refunded_when_nobody_backed_a_payable_pair() -> None:
    # Art. 55, 2.
    field = Field.of(range(1, 11))
    rules = PoolRules.pmu(DS)
    bets = [bet(DS, field, [5, 6], "9")]
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2], [3], [4]], field))
    assert result.refund_all is not None
    assert result.payout(bets[0]) == D("9.00")
    assert PoolRules.pmu(DS).rank_rules[0].pooled
    assert Rank.UNIQUE in dict(PoolRules.pmu(DS).split)
