"""The ``pmu`` rules set's 2sur4, Trio, Trio ordre, Tiercé and Quarté+ chapters, rule by rule,
worked by hand from the règlement's own wording (arrêté du 13 septembre 1985 as consolidated
before the 2017 règlement carried it over; the articles are named in each test).

The règlement gives no figures of its own for these chapters: every expected dividend is
derived in the test's comments. Pools have no takeout (``takeout=0``) so the arithmetic is the
règlement's alone.
"""

from __future__ import annotations

from decimal import Decimal

from pari import Bet, BetType, Field, Finish, PoolRules, Rank, settle
from pari.rules import RulesSet
from pari.settlement import Settlement

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
        ((1, 2), D("2.00")),
        ((1, 4), D("2.00")),
        ((3, 4), D("2.00")),
    ]
    assert pmu.dividend_for((2, 3)) is None  # payable, but nobody on it: no dividend to pay
    assert [(d.runners, d.dividend) for d in simple.dividends] == [
        ((1, 2), D("1.50")),
        ((1, 4), D("2.60")),
        ((3, 4), D("2.60")),
    ]


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
        ((1, 5), D("5.00")),
        ((2, 3), D("5.00")),
    ]
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


# --- Trio, art. 74, a, and Trio ordre, art. 74-8: the pool nobody won ----------------------

TR, TO = BetType.TRIO, BetType.TRIO_ORDRE
TI, QA = BetType.TIERCE, BetType.QUARTE_PLUS


def settled(
    bet_type: BetType,
    places: list[list[int]],
    stakes: list[tuple[list[int], str]],
    rules_set: RulesSet = RulesSet.PMU,
) -> tuple[Settlement, list[Bet]]:
    field = Field.of(range(1, 11))
    rules = no_takeout(bet_type, rules_set)
    bets = [bet(bet_type, field, runners, euros, rules=rules) for runners, euros in stakes]
    result = settle(pool_of(rules, bets), field, Finish.of(places, field))
    assert result.balance() == 0
    return result, bets


def paid(result: Settlement) -> list[tuple[Rank, tuple[int, ...], Decimal]]:
    return [(d.rank, d.runners, d.dividend) for d in result.dividends]


def test_a_trio_nobody_won_goes_to_first_second_and_fourth_then_on() -> None:
    # Finish 1-2-3-4, no takeout, 100 staked. Nobody on 1-2-3: 5 on 1-2-4 takes the masse,
    # 100 / 5 = 20.00; without it, 4 on 1-3-4: 25.00; with neither nor 2-3-4, the horses
    # first and second with any third: 4 on 1-2-9, 25.00; then the first with any two.
    finish = [[1], [2], [3], [4]]
    result, _ = settled(TR, finish, [([1, 2, 4], "5"), ([1, 3, 4], "1"), ([5, 6, 7], "94")])
    assert paid(result) == [(Rank.UNIQUE, (1, 2, 4), D("20.00"))]
    assert result.reported_to == ((1,), (2,), (4,))
    result, _ = settled(TR, finish, [([1, 3, 4], "4"), ([5, 6, 7], "96")])
    assert paid(result) == [(Rank.UNIQUE, (1, 3, 4), D("25.00"))]
    result, bets = settled(TR, finish, [([1, 2, 9], "4"), ([1, 8, 9], "1"), ([5, 6, 7], "95")])
    assert paid(result) == [(Rank.UNIQUE, (1, 2), D("25.00"))]
    assert result.reported_to == ((1,), (2,))
    assert [result.payout(b) for b in bets] == [D("100.00"), 0, 0]
    result, _ = settled(TR, finish, [([1, 8, 9], "5"), ([5, 6, 7], "95")])
    assert paid(result) == [(Rank.UNIQUE, (1,), D("20.00"))]
    # DOMAIN.md's simple rules refund the pool at once.
    simple, _ = settled(TR, finish, [([1, 2, 4], "5"), ([5, 6, 7], "95")], RulesSet.SIMPLE)
    assert simple.nobody_won


def test_a_trio_or_tierce_is_refunded_below_three_horses_classified() -> None:
    # Art. 68, d (applied to the Trio by art. 70); art. 74-8, 1 for the Trio ordre.
    for bet_type in (TR, TO, TI):
        result, bets = settled(bet_type, [[1], [2]], [([1, 2, 3], "5")])
        assert result.refund_all is not None, bet_type
        assert result.payout(bets[0]) == D("5.00")


def test_a_trio_ordre_nobody_won_goes_to_first_third_second_then_on() -> None:
    # Art. 74-8, 2: nobody on 1-2-3 in that order: 1-3-2, failing that 3-2-1, then 2-1-3.
    finish = [[1], [2], [3]]
    result, _ = settled(TO, finish, [([3, 2, 1], "5"), ([2, 1, 3], "1"), ([5, 6, 7], "94")])
    assert paid(result) == [(Rank.UNIQUE, (3, 2, 1), D("20.00"))]
    assert result.reported_to == ((3,), (2,), (1,))
    result, _ = settled(TO, finish, [([2, 3, 1], "5"), ([5, 6, 7], "95")])
    assert result.nobody_won  # the later steps of art. 74-8, 2 are not implemented


# --- Tiercé, art. 63, 64 and 68 --------------------------------------------------------------


def test_the_tierce_exact_order_pays_at_least_five_times_the_inexact() -> None:
    # Finish 1-2-3, no takeout, 100 staked: 10 on 1-2-3, 20 on 3-2-1, 70 lost. Art. 63, 1:
    # half the masse each, 50 / 10 = 5.00 and 50 / 20 = 2.50; art. 64, a: 5.00 is below five
    # times 2.50, so the masse is shared with the exact order's stakes counted five times:
    # 100 / (5 × 10 + 20) = 1.428 → 1.40, and the exact order is paid 5 × 1.40 = 7.00.
    # Paid 70 + 28 = 98, breakage 2. DOMAIN.md's simple rules keep 5.00 and 2.50.
    stakes = [([1, 2, 3], "10"), ([3, 2, 1], "20"), ([5, 6, 7], "70")]
    result, _ = settled(TI, [[1], [2], [3]], stakes)
    assert paid(result) == [
        (Rank.ORDRE, (1, 2, 3), D("7.00")),
        (Rank.DESORDRE, (1, 2, 3), D("1.40")),
    ]
    assert (result.payouts, result.breakage) == (D("98.00"), D("2.00"))
    simple, _ = settled(TI, [[1], [2], [3]], stakes, RulesSet.SIMPLE)
    assert [d.dividend for d in simple.dividends] == [D("5.00"), D("2.50")]
    # 2 on the exact order instead: 50 / 2 = 25.00 is more than 5 × 2.50: the halves stand.
    stakes = [([1, 2, 3], "2"), ([3, 2, 1], "20"), ([5, 6, 7], "78")]
    result, _ = settled(TI, [[1], [2], [3]], stakes)
    assert [d.dividend for d in result.dividends] == [D("25.00"), D("2.50")]


def test_the_tierce_nobody_won_follows_article_68() -> None:
    # Art. 68, a: nobody on the exact order, its half goes to the inexact orders: 100 / 20.
    result, _ = settled(TI, [[1], [2], [3], [4]], [([3, 2, 1], "20"), ([5, 6, 7], "80")])
    assert paid(result) == [(Rank.DESORDRE, (1, 2, 3), D("5.00"))]
    # Nobody on 1-2-3 in any order: the combination 1-2-4, one dividend in any order.
    result, bets = settled(TI, [[1], [2], [3], [4]], [([4, 2, 1], "10"), ([5, 6, 7], "90")])
    assert paid(result) == [(Rank.DESORDRE, (1, 2, 4), D("10.00"))]
    assert result.reported_to == ((1,), (2,), (4,))
    assert result.payout(bets[0]) == D("100.00")
    # Three horses classified: every combination holding the first two.
    result, _ = settled(TI, [[1], [2], [3]], [([2, 9, 1], "10"), ([5, 6, 7], "90")])
    assert paid(result) == [(Rank.DESORDRE, (1, 2), D("10.00"))]


# --- Quarté+, art. 86-5 to 86-9 --------------------------------------------------------------


def test_the_quarte_shares_and_the_bonus_at_most_a_quarter_of_the_inexact_orders() -> None:
    # Finish 1-2-3-4, no takeout, 100 staked: 0.50 on 1-2-3-4, 10 on 4-3-2-1, 20 on 1-2-3-9
    # (bonus), 69.50 lost. Art. 86-5: ordre 25 / 0.50 = 50.00, désordre 35 / 10 = 3.50,
    # bonus 40 / 20 = 2.00. Art. 86-6: 50.00 is at least 8 × 3.50. Art. 86-7: the bonus is
    # more than 3.50 / 4: bonus and désordre pooled, the désordre's stakes counted four times:
    # 75 / (4 × 10 + 20) = 1.25 → 1.20, the désordre 4 × 1.20 = 4.80. Paid 25 + 48 + 24.
    stakes = [
        ([1, 2, 3, 4], "0.50"),
        ([4, 3, 2, 1], "10"),
        ([1, 2, 3, 9], "20"),
        ([5, 6, 7, 8], "69.50"),
    ]
    result, _ = settled(QA, [[1], [2], [3], [4]], stakes)
    assert paid(result) == [
        (Rank.ORDRE, (1, 2, 3, 4), D("50.00")),
        (Rank.DESORDRE, (1, 2, 3, 4), D("4.80")),
        (Rank.BONUS3, (1, 2, 3), D("1.20")),
    ]
    assert result.payouts == D("97.00")


def test_the_quarte_exact_order_pays_at_least_eight_times_the_inexact() -> None:
    # 2 on 1-2-3-4, 10 on 4-3-2-1, 88 on the bonus 1-2-3-9. Art. 86-5: 25 / 2 = 12.50,
    # 35 / 10 = 3.50, bonus 40 / 88 = 0.45. Art. 86-6: 12.50 is below 8 × 3.50: the quarté's
    # 60 shared with the exact order's stakes counted eight times: 60 / (8 × 2 + 10) = 2.307
    # → 2.30, the exact order 8 × 2.30 = 18.40. The bonus, below the minimum, is topped up to
    # 1.10 and art. 86-7 does not apply to it.
    stakes = [([1, 2, 3, 4], "2"), ([4, 3, 2, 1], "10"), ([1, 2, 3, 9], "88")]
    result, _ = settled(QA, [[1], [2], [3], [4]], stakes)
    assert [d.dividend for d in result.dividends] == [D("18.40"), D("2.30"), D("1.10")]


def test_the_quarte_ranks_nobody_won_follow_article_86_9() -> None:
    # c: nobody on the bonus, its 40 goes to the quarté, 25 : 35: the exact order 25 + 16.67
    # over 0.50 = 83.33 → 83.30, the inexact 35 + 23.33 over 10 = 5.83 → 5.80.
    stakes = [([1, 2, 3, 4], "0.50"), ([4, 3, 2, 1], "10"), ([5, 6, 7, 8], "89.50")]
    result, _ = settled(QA, [[1], [2], [3], [4]], stakes)
    assert [d.dividend for d in result.dividends] == [D("83.30"), D("5.80")]
    # a: nobody on the quarté, the whole masse to the bonus: 100 / 20.
    result, _ = settled(QA, [[1], [2], [3], [4]], [([1, 2, 3, 9], "20"), ([5, 6, 7, 8], "80")])
    assert paid(result) == [(Rank.BONUS3, (1, 2, 3), D("5.00"))]
    # d: nobody on either: bonus dividends for the combinations holding 1-2-4.
    result, _ = settled(QA, [[1], [2], [3], [4]], [([9, 4, 2, 1], "10"), ([5, 6, 7, 8], "90")])
    assert paid(result) == [(Rank.BONUS3, (1, 2, 4), D("10.00"))]
    assert result.reported_to == ((1,), (2,), (4,))
    # e: fewer than two horses classified, every Quarté+ is refunded.
    result, _ = settled(QA, [[1]], [([1, 2, 3, 4], "10")])
    assert result.refund_all is not None
