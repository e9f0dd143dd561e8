"""Settlement cases worked by hand; each expected number is derived in the comments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pari import BetType, Field, Finish, Formula, PoolRules, Rank, settle
from pari.errors import ResultError

from .helpers import bet, pool_of

D = Decimal


def test_pmu_dead_heat_for_first_pays_by_profit_split() -> None:
    # DOMAIN.md: two winners at final odds 4.80 and 6.70 paid 2.50 and 3.10.
    # With no takeout: pool 3216, 670 on runner 3 (3216/670 = 4.80), 480 on runner 5 (6.70).
    # Profit 3216 − 1150 = 2066, two parts of 1033: 1 + 1033/670 = 2.54 → 2.50,
    # 1 + 1033/480 = 3.15 → 3.10.
    field = Field.of(range(1, 9))
    rules = PoolRules.pmu(BetType.SIMPLE_GAGNANT).with_overrides(takeout=D(0))
    bets = [
        bet(BetType.SIMPLE_GAGNANT, field, [3], "670"),
        bet(BetType.SIMPLE_GAGNANT, field, [5], "480"),
        bet(BetType.SIMPLE_GAGNANT, field, [1], "2066"),
    ]
    result = settle(pool_of(rules, bets), field, Finish.of([[3, 5], [1]], field))
    assert result.dividend_for((3,)) == (Rank.UNIQUE, D("2.50"))
    assert result.dividend_for((5,)) == (Rank.UNIQUE, D("3.10"))
    assert result.dividend_for((1,)) is None
    assert result.balance() == 0


def test_quinte_plus_every_rank() -> None:
    # Finish 1-2-3-4-5; 20 € staked, net 20 × 0.715 = 14.30.
    # ORDRE: 2 € on 1-2-3-4-5, share 0.28 × 14.30 = 4.004 → 2.002 → 2.00.
    # DESORDRE: 2 € on 2-1-3-4-5 + the combinée's set {1..5} 2 €; 0.29 × 14.30 / 4 = 1.036 →
    #   1.00, topped up to 1.10.
    # BONUS4: the combinée's {1,2,3,4,6} 2 €; 0.17 × 14.30 / 2 = 1.2155 → 1.20.
    # BONUS3: the combinée's {1,2,3,5,6} 2 € + 1-2-3-9-10 2 €; 0.26 × 14.30 / 4 = 0.93 → 1.10.
    field = Field.of(range(1, 17))
    q = BetType.QUINTE_PLUS
    ordre = bet(q, field, [1, 2, 3, 4, 5])
    desordre = bet(q, field, [2, 1, 3, 4, 5])
    combinee = bet(q, field, [1, 2, 3, 4, 5, 6], formula=Formula.COMBINEE)
    bonus3 = bet(q, field, [1, 2, 3, 9, 10])
    loser = bet(q, field, [9, 10, 11, 12, 13])
    # DOMAIN.md's ranks (the simple set; the pmu set's Bonus 4 sur 5: test_reglement)
    pool = pool_of(PoolRules.simple(q), [ordre, desordre, combinee, bonus3, loser])
    assert pool.total == 2000
    result = settle(pool, field, Finish.of([[1], [2], [3], [4], [5]], field))

    by_rank = {d.rank: d.dividend for d in result.dividends}
    assert by_rank == {
        Rank.ORDRE: D("2.00"),
        Rank.DESORDRE: D("1.10"),
        Rank.BONUS4: D("1.20"),
        Rank.BONUS3: D("1.10"),
    }
    assert result.payout(ordre) == D("4.00")
    assert result.payout(desordre) == D("2.20")
    assert result.payout(combinee) == D("6.80")  # 2 × (1.10 + 1.20 + 1.10)
    assert result.payout(bonus3) == D("2.20")
    assert result.payout(loser) == 0
    assert result.takeout == D("5.70")
    assert result.top_ups == D("1.20")  # (1.10 − 1.00) × 4 + (1.10 − 0.90) × 4
    assert result.breakage == D("0.300")  # 0.004 + 0.147 + 0.031 + 0.118
    assert result.payouts == D("15.20")
    assert result.balance() == 0
    assert result.dividend_for((1, 2, 3), Rank.BONUS3) == (Rank.BONUS3, D("1.10"))


def test_unwon_ranks_pass_their_share_down_then_back_to_the_lowest_won() -> None:
    # Only DESORDRE is won: it receives ORDRE's share from above and the unwon BONUS shares
    # from below: the whole net pool, 4 × 0.715 = 2.86, on 2 € → 1.43 → 1.40.
    field = Field.of(range(1, 17))
    q = BetType.QUINTE_PLUS
    desordre = bet(q, field, [2, 1, 3, 4, 5])
    pool = pool_of(PoolRules.pmu(q), [desordre, bet(q, field, [9, 10, 11, 12, 13])])
    result = settle(pool, field, Finish.of([[1], [2], [3], [4], [5]], field))
    assert [(d.rank, d.dividend) for d in result.dividends] == [(Rank.DESORDRE, D("1.40"))]
    assert result.payout(desordre) == D("2.80")
    assert result.balance() == 0


def test_jackpot_rules_carry_unwon_shares_instead() -> None:
    field = Field.of(range(1, 17))
    q = BetType.QUINTE_PLUS
    desordre = bet(q, field, [2, 1, 3, 4, 5])
    rules = PoolRules.simple(q).with_overrides(jackpot=True)
    pool = pool_of(rules, [desordre, bet(q, field, [9, 10, 11, 12, 13])])
    result = settle(pool, field, Finish.of([[1], [2], [3], [4], [5]], field))
    assert result.jackpot == D("2.0306")  # (0.28 + 0.17 + 0.26) × 2.86
    assert result.carried == (Rank.ORDRE, Rank.BONUS4, Rank.BONUS3)  # what the console shows
    assert not result.nobody_won
    assert result.payout(desordre) == D("2.20")  # 0.8294 / 2 → 0.40, topped up to 1.10
    assert result.balance() == 0


def test_tierce_unitaire_and_combinee() -> None:
    # Net 6 × 0.799 = 4.794; ORDRE half 2.397 on 1 € → 2.30; DESORDRE half on 2 € → 1.10 (min).
    field = Field.of(range(1, 11))
    t = BetType.TIERCE
    in_order = bet(t, field, [4, 1, 7])
    other_order = bet(t, field, [1, 4, 7])
    combinee = bet(t, field, [1, 4, 7, 9], formula=Formula.COMBINEE)  # 4 sets, one paying
    pool = pool_of(PoolRules.pmu(t), [in_order, other_order, combinee])
    result = settle(pool, field, Finish.of([[4], [1], [7]], field))
    assert result.dividend_for((4, 1, 7)) == (Rank.ORDRE, D("2.30"))
    assert result.dividend_for((7, 4, 1)) == (Rank.DESORDRE, D("1.10"))
    assert result.payout(combinee) == D("1.10")  # a combinée never wins ORDRE
    # A scenario may name the DESORDRE set in finishing order; ORDRE is not paid on other orders.
    assert result.dividend_for((4, 1, 7), Rank.DESORDRE) == (Rank.DESORDRE, D("1.10"))
    assert result.dividend_for((1, 4, 7), Rank.ORDRE) == (Rank.DESORDRE, D("1.10"))
    assert result.balance() == 0


def test_scratched_runner_combinations_are_refunded_before_the_takeout() -> None:
    # Runner 7 scratched after the sale: 5 € on it is refunded; net (30 − 5) × 0.844 = 21.10
    # on 10 € for runner 2 → 2.11 → 2.10. A couplé champ total sold before the scratching has
    # 1 combination of 7 holding runner 7: refunded at 1.00; alone in its pool, the other six
    # leave net 9 × 0.746 = 6.714 on the paying 1.50 € → 4.476 → 4.40.
    entry = Field.of(range(1, 9))
    race = entry.scratch(7)
    s = BetType.SIMPLE_GAGNANT
    on_seven = bet(s, entry, [7], "5")
    pool = pool_of(PoolRules.pmu(s), [on_seven, bet(s, entry, [2], "10"), bet(s, entry, [3], "15")])
    result = settle(pool, race, Finish.of([[2], [3], [1]], race))
    assert result.refunded == 500
    assert result.payout(on_seven) == D("5.00")
    assert result.dividend_for((2,)) == (Rank.UNIQUE, D("2.10"))
    assert result.dividend_for((7,)) == (Rank.REFUND, D("1.00"))
    assert result.balance() == 0

    c = BetType.COUPLE_GAGNANT
    champ = bet(c, entry, [], formula=Formula.CHAMP_TOTAL, base=[2])
    assert champ.combinations == 7
    result = settle(pool_of(PoolRules.pmu(c), [champ]), race, Finish.of([[2], [3]], race))
    _, refunded = result.coverage(champ.shape)
    assert refunded == 1
    assert result.payout(champ) == D("1.50") * D("4.40") + D("1.50")


def test_nobody_on_a_paying_combination_refunds_the_pool() -> None:
    field = Field.of(range(1, 9))
    s = BetType.SIMPLE_GAGNANT
    b = bet(s, field, [5], "10")
    result = settle(pool_of(PoolRules.pmu(s), [b]), field, Finish.of([[1], [2], [3]], field))
    assert result.refund_all == "nobody staked on a paying combination"
    assert (result.nobody_won, result.carried) == (True, ())
    assert result.payout(b) == D("10.00")
    assert result.balance() == 0


def test_abandoned_race_refunds_every_bet() -> None:
    field = Field.of(range(1, 9))
    q = BetType.TRIO
    b = bet(q, field, [1, 2, 3])
    result = settle(pool_of(PoolRules.pmu(q), [b]), field, None)
    assert result.refund_all == "the race was abandoned"
    assert not result.nobody_won  # refunded, but not for want of a winner
    assert result.payout(b) == D("1.50")


def test_simple_place_pays_two_places_with_seven_starters_and_none_below_four() -> None:
    field = Field.of(range(1, 8))
    p = BetType.SIMPLE_PLACE
    bets = [bet(p, field, [r], "10") for r in range(1, 8)]
    result = settle(pool_of(PoolRules.pmu(p), bets), field, Finish.of([[1], [2], [3]], field))
    assert {d.runners for d in result.dividends} == {(1,), (2,)}
    # profit split: net 70 × 0.844 = 59.08, profit 39.08, parts 19.54 → 1 + 1.954 → 2.90
    assert {d.dividend for d in result.dividends} == {D("2.90")}

    small = Field.of(range(1, 4))
    few = [bet(p, small, [r], "10") for r in range(1, 4)]
    result = settle(pool_of(PoolRules.pmu(p), few), small, Finish.of([[1], [2]], small))
    assert result.refund_all is not None
    assert "fewer than 4 starters" in result.refund_all


def test_deux_sur_quatre_dead_heat_never_pays_two_fourth_placed_runners() -> None:
    # PMU e-2sur4 art. 2 b: three tied first, two tied fourth.
    field = Field.of(range(1, 11))
    d = BetType.DEUX_SUR_QUATRE
    winners = [bet(d, field, [1, 2], "3"), bet(d, field, [3, 5], "3")]
    fourth_pair = bet(d, field, [4, 5], "3")
    pool = pool_of(PoolRules.pmu(d), [*winners, fourth_pair, bet(d, field, [8, 9], "30")])
    result = settle(pool, field, Finish.of([[1, 2, 3], [4, 5]], field))
    assert {r.runners for r in result.dividends} == {(1, 2), (3, 5)}
    assert result.payout(fourth_pair) == 0
    assert all(result.payout(w) > D(3) for w in winners)
    assert result.balance() == 0


def test_couple_ordre_dead_heat_for_second_pays_both_orders_with_the_winner() -> None:
    field = Field.of(range(1, 9))
    o = BetType.COUPLE_ORDRE
    one_three = bet(o, field, [1, 3], "10")
    one_five = bet(o, field, [1, 5], "20")
    three_one = bet(o, field, [3, 1], "10")
    pool = pool_of(PoolRules.pmu(o), [one_three, one_five, three_one])
    result = settle(pool, field, Finish.of([[1], [3, 5]], field))
    # net 40 × 0.746 = 29.84; profit 29.84 − 30 = −0.16; parts −0.08:
    # 1 − 0.008 → 0.90 and 1 − 0.004 → 0.90, both topped up to 1.10.
    assert result.dividend_for((1, 3)) == (Rank.UNIQUE, D("1.10"))
    assert result.dividend_for((1, 5)) == (Rank.UNIQUE, D("1.10"))
    assert result.payout(three_one) == 0
    assert result.top_ups == D("6.00")
    assert result.balance() == 0


def test_multi_en_n_pays_the_en_4_dividend_over_c_n_4_as_the_pmu_did_at_nantes() -> None:
    # PMU, Nantes R1C1, 5 November 2025 (finish 7-3-9-13): Multi en 4 / 5 / 6 / 7 paid
    # 462.00 / 92.40 / 30.80 / 13.20 per euro. One 3 € line of each size holds the first four:
    # on the four-runner combination 3-7-9-13 they stake 3 + 3/5 + 3/15 + 3/35 = 408/105 €.
    # 2,578.50 € more on losing lines: net 2,590.50 × 0.693 = 1,795.2165; ÷ 408/105 = 462.004
    # → 462.00; ÷ 5, 15, 35: 92.40, 30.80, 13.20, exactly.
    field = Field.of(range(1, 15))
    m = BetType.MULTI
    lines = [
        bet(m, field, [3, 7, 9, 13], "3"),
        bet(m, field, [3, 7, 9, 13, 5], "3"),
        bet(m, field, [14, 3, 7, 9, 13, 5], "3"),
        bet(m, field, [3, 7, 9, 13, 1, 2, 4], "3"),
    ]
    assert [line.cost for line in lines] == [300, 300, 300, 300]
    losers = bet(m, field, [1, 2, 4, 6], "2578.50")
    result = settle(
        pool_of(PoolRules.pmu(m), [*lines, losers]),
        field,
        Finish.of([[7], [3], [9], [13], [5]], field),
    )
    paid = {d.rank: d.dividend for d in result.dividends if d.runners == (3, 7, 9, 13)}
    assert paid == {
        Rank.EN_4: D("462.00"),
        Rank.EN_5: D("92.40"),
        Rank.EN_6: D("30.80"),
        Rank.EN_7: D("13.20"),
    }
    assert [result.payout(line) for line in lines] == [
        D("1386.00"),
        D("277.20"),
        D("92.40"),
        D("39.60"),
    ]
    assert result.dividend_for((3, 7, 9, 13), Rank.EN_6) == (Rank.EN_6, D("30.80"))
    assert result.dividend_for((3, 7, 9, 13, 5)) == (Rank.EN_5, D("92.40"))
    assert result.payout(losers) == 0
    assert result.balance() == 0


def test_a_line_size_is_paid_the_en_4_dividend_over_c_n_4_rounded_down() -> None:
    # No takeout. 1 € en 4 and a 3.50 € en 7 hold 1-2-3-4: 1 + 3.50/35 = 1.10 € on it; the
    # pool is 110 €: en 4 = 100.00, en 7 = 100/35 = 2.857 → 2.80 (never more than its share),
    # en 6 = 6.666 → 6.60, en 5 = 20.00. The en 7 line is paid 3.50 × 2.80 = 9.80; the 0.20
    # left of the 10 € its share was is breakage.
    field = Field.of(range(1, 13))
    m = BetType.MULTI
    en4 = bet(m, field, [1, 2, 3, 4], "1")
    en7 = bet(m, field, [1, 2, 3, 4, 5, 6, 7], "3.50")
    rules = PoolRules.simple(m).with_overrides(takeout=D(0))
    result = settle(
        pool_of(rules, [en4, en7, bet(m, field, [8, 9, 10, 11], "105.50")]),
        field,
        Finish.of([[4], [3], [2], [1]], field),
    )
    paid = {d.rank: d.dividend for d in result.dividends}
    assert paid == {
        Rank.EN_4: D("100.00"),
        Rank.EN_5: D("20.00"),
        Rank.EN_6: D("6.60"),
        Rank.EN_7: D("2.80"),
    }
    assert (result.payout(en4), result.payout(en7)) == (D("100.00"), D("9.80"))
    assert result.breakage == D("0.20")
    assert result.balance() == 0


def test_a_multi_line_holding_both_combinations_of_a_dead_heat_is_paid_on_each() -> None:
    # 13 and 5 dead-heat for fourth: 3-7-9-13 and 3-5-7-9 both pay. No takeout, a 3 € en 4
    # on each and a 5 € en 5 on 3-5-7-9-13 (1 € on each), 40 € in all: profit 40 − 8 = 32,
    # 16 a combination: 1 + 16/4 = 5.00 on each; the en 5 is paid 5.00/5 = 1.00 twice, 10 €.
    field = Field.of(range(1, 15))
    m = BetType.MULTI
    rules = PoolRules.simple(m).with_overrides(takeout=D(0))
    a, b = bet(m, field, [3, 7, 9, 13], "3"), bet(m, field, [3, 5, 7, 9], "3")
    both = bet(m, field, [3, 5, 7, 9, 13], "5")
    pool = pool_of(rules, [a, b, both, bet(m, field, [1, 2, 4, 6], "29")])
    result = settle(pool, field, Finish.of([[7], [3], [9], [13, 5]], field))
    assert result.dividend_for((3, 7, 9, 13)) == (Rank.EN_4, D("5.00"))
    assert result.dividend_for((3, 5, 7, 9), Rank.EN_5) == (Rank.EN_5, D("1.00"))
    assert (result.payout(a), result.payout(b), result.payout(both)) == (
        D("15.00"),
        D("15.00"),
        D("10.00"),
    )
    assert result.balance() == 0


def test_a_multi_line_naming_a_non_partant_is_refunded_whole() -> None:
    # One base stake bought the line: it is refunded whole, its stake out of the pool before
    # the takeout (a share of it would be 3 € × 10/35, no whole number of cents).
    field = Field.of(range(1, 15), scratched=[14])
    m = BetType.MULTI
    scratched = bet(m, Field.of(range(1, 15)), [1, 2, 3, 4, 5, 6, 14], "3")
    winner = bet(m, field, [1, 2, 3, 4], "3")
    pool = pool_of(PoolRules.pmu(m), [scratched, winner, bet(m, field, [5, 6, 7, 8], "3")])
    result = settle(pool, field, Finish.of([[1], [2], [3], [4]], field))
    assert (result.payout(scratched), result.refunded) == (D("3.00"), 300)
    # net (9 − 3) × 0.693 = 4.158 on 3 €: 1.386 → 1.30 (the pmu rules round down to 0.10)
    assert result.payout(winner) == D("3.90")
    assert result.balance() == 0


def test_the_pmu_refunds_every_multi_below_eight_starters_the_simple_rules_do_not() -> None:
    # Arrêté du 13 septembre 1985, art. 87: "inférieur à huit … tous les paris MULTI … sont
    # remboursés". Eight declared, one scratched: seven starters.
    field = Field.of(range(1, 9), scratched=[8])
    m = BetType.MULTI
    bets = [bet(m, field, [1, 2, 3, 4], "3"), bet(m, field, [1, 2, 3, 5, 6], "3")]
    finish = Finish.of([[1], [2], [3], [4]], field)
    pmu = settle(pool_of(PoolRules.pmu(m), bets), field, finish)
    assert pmu.refund_all == "fewer than 8 starters: MULTI is refunded"
    assert [pmu.payout(b) for b in bets] == [D("3.00"), D("3.00")]
    simple = settle(pool_of(PoolRules.simple(m), bets), field, finish)
    assert simple.refund_all is None
    assert simple.dividend_for((1, 2, 3, 4)) == (Rank.EN_4, D("1.30"))  # 4.158/3 → 1.30


def test_half_up_rounding_can_pay_more_than_the_pool_and_breakage_says_so() -> None:
    field = Field.of(range(1, 5))
    rules = PoolRules.pmu(BetType.SIMPLE_GAGNANT).with_overrides(
        takeout=D("0.1"), rounding_step=D("0.01"), rounding_mode="half_up", min_dividend=D(1)
    )
    bets = [
        bet(BetType.SIMPLE_GAGNANT, field, [1], "3"),
        bet(BetType.SIMPLE_GAGNANT, field, [2], "4"),
    ]
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2]], field))
    assert result.dividend_for((1,)) == (Rank.UNIQUE, D("2.10"))  # 6.30 / 3 exactly
    assert result.balance() == 0


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ([[1], [1]], "placed twice"),
        ([[1], [99]], "not in the race"),
        ([[7]], "scratched"),
        ([[]], "non-empty"),
        ([], "no winner"),
    ],
)
def test_impossible_results_are_refused(places: list[list[int]], message: str) -> None:
    field = Field.of(range(1, 9), scratched=[7])
    with pytest.raises(ResultError, match=message):
        Finish.of(places, field)


def test_linear_orders_of_a_dead_heat() -> None:
    field = Field.of(range(1, 9))
    finish = Finish.of([[3, 5], [1], [2, 4, 6]], field)
    assert finish.linear_orders(2) == [(3, 5), (5, 3)]
    orders = finish.linear_orders(4)
    assert len(orders) == 6  # 2 orders of the tie × 3 runners possible in fourth place
    assert all(order[2] == 1 for order in orders)


def test_couple_place_pays_each_pair_of_the_first_three() -> None:
    # Net 50 × 0.746 = 37.30; paying stakes 20; profit 17.30 in three parts of 5.7667:
    # {1,2}: 1 + 5.7667/10 = 1.58 → 1.50; {1,3} and {2,3}: 1 + 5.7667/5 = 2.15 → 2.10.
    field = Field.of(range(1, 11))
    c = BetType.COUPLE_PLACE
    bets = [
        bet(c, field, [1, 2], "10"),
        bet(c, field, [3, 1], "5"),
        bet(c, field, [2, 3], "5"),
        bet(c, field, [4, 5], "30"),
    ]
    result = settle(pool_of(PoolRules.pmu(c), bets), field, Finish.of([[1], [2], [3]], field))
    assert {(d.runners, d.dividend) for d in result.dividends} == {
        ((1, 2), D("1.50")),
        ((1, 3), D("2.10")),
        ((2, 3), D("2.10")),
    }
    assert result.breakage == D("1.30")
    assert result.balance() == 0


def test_trio_ordre_pays_the_exact_order_only() -> None:
    # 4 € on 3-1-2, 6 € on 1-3-2, a combinée of 1-2-3 in every order (6 × 1.50 €).
    # Net 19 × 0.77 = 14.63 on 4 + 1.50 → 2.66 → 2.60.
    field = Field.of(range(1, 9))
    t = BetType.TRIO_ORDRE
    combinee = bet(t, field, [1, 2, 3], formula=Formula.COMBINEE)
    assert combinee.combinations == 6
    bets = [bet(t, field, [3, 1, 2], "4"), bet(t, field, [1, 3, 2], "6"), combinee]
    result = settle(pool_of(PoolRules.pmu(t), bets), field, Finish.of([[3], [1], [2]], field))
    assert [(d.runners, d.dividend) for d in result.dividends] == [((3, 1, 2), D("2.60"))]
    assert result.payout(combinee) == D("3.90")
    assert result.payout(bets[1]) == 0


def test_quarte_plus_ordre_desordre_and_bonus3() -> None:
    # Net 103.90 × 0.769 = 79.8991. ORDRE and DESORDRE: 0.35 × 79.8991 / 1.30 = 21.51 → 21.50.
    # BONUS3: 0.30 × 79.8991 / 1.30 = 18.44 → 18.40.
    field = Field.of(range(1, 13))
    q = BetType.QUARTE_PLUS
    ordre, desordre, bonus3 = (
        bet(q, field, [1, 2, 3, 4]),
        bet(q, field, [4, 3, 2, 1]),
        bet(q, field, [1, 2, 3, 9]),
    )
    # DOMAIN.md's simple rules: the pmu rules' own figures (art. 86-5 to 86-7) are
    # pari.reglement.quarte's, tested in test_reglement_paris.py
    rules = PoolRules.simple(q)
    pool = pool_of(
        rules, [ordre, desordre, bonus3, bet(q, field, [5, 6, 7, 8], "100", rules=rules)]
    )
    result = settle(pool, field, Finish.of([[1], [2], [3], [4]], field))
    assert [(d.rank, d.dividend) for d in result.dividends] == [
        (Rank.ORDRE, D("21.50")),
        (Rank.DESORDRE, D("21.50")),
        (Rank.BONUS3, D("18.40")),
    ]
    assert result.payout(bonus3) == D("23.92")  # 1.30 × 18.40
    assert result.balance() == 0
