"""The ``pmu`` rules set's chapters of the règlement, rule by rule, worked by hand.

Each test names the article it checks (arrêté du 13 septembre 1985, as consolidated before
the 2017 règlement carried it over) and derives every expected figure in its comments. Most
pools here have no takeout (``takeout=0``) so the arithmetic is the règlement's alone; one
test per pool type keeps the PMU's takeout to show it changes nothing in the rule.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pari import BetType, Field, Finish, PoolRules, Rank, settle
from pari.errors import RulesError
from pari.field import mask_of
from pari.reglement import chapter_of, slot_shares
from pari.rules import RulesSet, rules_from_mapping

from .helpers import bet, pool_of

D = Decimal
F = Fraction
SP, CP = BetType.SIMPLE_PLACE, BetType.COUPLE_PLACE
CG, CO = BetType.COUPLE_GAGNANT, BetType.COUPLE_ORDRE


def shares(places: list[list[int]], paid: int, picks: int) -> dict[tuple[int, ...], Fraction]:
    runners = {r for block in places for r in block}
    finish = Finish.of(places, Field.of(runners | {99}))
    got = slot_shares(finish.linear_orders(paid), paid, picks)
    by_runners = {
        tuple(r for r in sorted(runners) if mask & (1 << r)): s for mask, s in got.items()
    }
    return dict(sorted(by_runners.items()))


def no_takeout(bet_type: BetType, rules: RulesSet = RulesSet.PMU) -> PoolRules:
    return PoolRules.of(bet_type, rules).with_overrides(takeout=D(0))


# --- Simple placé, art. 27, 2, b and c: the profit is shared by places -------------------


def test_simple_place_shares_follow_the_reglements_dead_heat_table() -> None:
    # Art. 27, 1, b: a normal finish, one equal part per payable horse.
    assert shares([[1], [2], [3]], 3, 1) == {(1,): F(1, 3), (2,): F(1, 3), (3,): F(1, 3)}
    # 2, c: one first, one second, several third: a third each to the first and the second,
    # the last third shared by the horses third.
    assert shares([[1], [2], [3, 4]], 3, 1) == {
        (1,): F(1, 3),
        (2,): F(1, 3),
        (3,): F(1, 6),
        (4,): F(1, 6),
    }
    # 2, c: one first and several second: a third to the first, two thirds to the seconds.
    assert shares([[1], [2, 3, 4]], 3, 1) == {
        (1,): F(1, 3),
        (2,): F(2, 9),
        (3,): F(2, 9),
        (4,): F(2, 9),
    }
    # 2, c: two first: a third each, the last third to the horses third.
    assert shares([[1, 2], [3, 4]], 3, 1) == {
        (1,): F(1, 3),
        (2,): F(1, 3),
        (3,): F(1, 6),
        (4,): F(1, 6),
    }
    # 2, c: more than two first: one equal part per horse first, nobody else.
    assert shares([[1, 2, 3, 4], [5]], 3, 1) == {(r,): F(1, 4) for r in (1, 2, 3, 4)}
    # 2, b (4 to 7 horses, two places): several first share the profit equally; several
    # second share the half the first does not take.
    assert shares([[1, 2], [3]], 2, 1) == {(1,): F(1, 2), (2,): F(1, 2)}
    assert shares([[1], [2, 3]], 2, 1) == {(1,): F(1, 2), (2,): F(1, 4), (3,): F(1, 4)}


def test_a_dead_heat_for_third_pays_by_places_not_by_horse() -> None:
    # Ten runners, finish 1, 2, 3 and 4 dead heat for third: four payable horses. No takeout:
    # 100 on 1, 50 on 2, 20 on 3, 10 on 4, 820 on losers: profit 1000 − 180 = 820.
    # pmu (art. 27, 2, c): 1 and 2 take a third (273.33), 3 and 4 a sixth (136.67):
    #   1: 1 + 273.33/100 = 3.733 → 3.70    2: 1 + 273.33/50 = 6.467 → 6.40
    #   3: 1 + 136.67/20 = 7.833 → 7.80     4: 1 + 136.67/10 = 14.667 → 14.60
    # simple (DOMAIN.md): four equal parts of 205:
    #   1: 3.05 → 3.00   2: 5.10   3: 11.25 → 11.20   4: 21.50
    field = Field.of(range(1, 11))
    finish = Finish.of([[1], [2], [3, 4]], field)
    stakes = {1: "100", 2: "50", 3: "20", 4: "10", 5: "820"}
    expected = {
        RulesSet.PMU: {1: "3.70", 2: "6.40", 3: "7.80", 4: "14.60"},
        RulesSet.SIMPLE: {1: "3.00", 2: "5.10", 3: "11.20", 4: "21.50"},
    }
    for rules_set, want in expected.items():
        rules = no_takeout(SP, rules_set)
        bets = [bet(SP, field, [r], euros, rules=rules) for r, euros in stakes.items()]
        result = settle(pool_of(rules, bets), field, finish)
        assert {r: result.dividend_for((r,)) for r in want} == {
            r: (Rank.UNIQUE, D(v)) for r, v in want.items()
        }, rules_set
        assert result.balance() == 0


def test_an_unbacked_placed_horse_passes_its_part_in_proportion() -> None:
    # Art. 29, 1°: "le bénéfice à répartir affecté à ce cheval est partagé dans les mêmes
    # proportions entre les autres chevaux payables". Finish 1, 2, 3-4 dead heat, nobody on 4:
    # the parts 1/3, 1/3, 1/6 become 2/5, 2/5, 1/5 of the profit 1000 − 170 = 830.
    #   1: 1 + 332/100 = 4.32 → 4.30   2: 1 + 332/50 = 7.64 → 7.60   3: 1 + 166/20 = 9.30
    field = Field.of(range(1, 11))
    rules = no_takeout(SP)
    stakes = {1: "100", 2: "50", 3: "20", 5: "830"}
    bets = [bet(SP, field, [r], euros, rules=rules) for r, euros in stakes.items()]
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2], [3, 4]], field))
    assert [(d.runners, d.dividend) for d in result.dividends] == [
        ((1,), D("4.30")),
        ((2,), D("7.60")),
        ((3,), D("9.30")),
    ]
    assert result.dividend_for((4,)) is None
    assert result.balance() == 0


def test_simple_place_counts_places_on_the_declared_runners() -> None:
    # Art. 23 (arrêté du 6 juin 2008: "inscrits au programme officiel"): eight declared, one
    # non-partant, seven ran: the PMU still pays three places; DOMAIN.md's simple rules count
    # the starters and pay two. 10 on each of 1, 2, 3, 70 on 4, no takeout, finish 1-2-3.
    #   pmu: profit 100 − 30 = 70, three parts: 1 + 23.33/10 = 3.333 → 3.30 each
    #   simple: profit 100 − 20 = 80, two parts: 1 + 40/10 = 5.00 for 1 and 2, 3 unpaid
    field = Field.of(range(1, 9), scratched=[8])
    finish = Finish.of([[1], [2], [3]], field)
    paid = {}
    for rules_set in RulesSet:
        rules = no_takeout(SP, rules_set)
        bets = [
            bet(SP, Field.of(range(1, 9)), [r], e, rules=rules)
            for r, e in ((1, "10"), (2, "10"), (3, "10"), (4, "70"))
        ]
        result = settle(pool_of(rules, bets), field, finish)
        paid[rules_set] = [(d.runners, d.dividend) for d in result.dividends]
    assert paid[RulesSet.PMU] == [((1,), D("3.30")), ((2,), D("3.30")), ((3,), D("3.30"))]
    assert paid[RulesSet.SIMPLE] == [((1,), D("5.00")), ((2,), D("5.00"))]
    assert PoolRules.pmu(SP).places_for(7, declared=8) == 3
    assert PoolRules.pmu(SP).places_for(7, declared=7) == 2
    assert PoolRules.simple(SP).places_for(7, declared=8) == 2


def test_simple_place_is_refunded_below_four_starters() -> None:
    # Art. 29, 3°: fewer than four horses ran: every Simple placé is refunded.
    field = Field.of(range(1, 6), scratched=[4, 5])
    rules = PoolRules.pmu(SP)
    one = bet(SP, Field.of(range(1, 6)), [1], "10")
    result = settle(pool_of(rules, [one]), field, Finish.of([[1], [2], [3]], field))
    assert result.refund_all is not None
    assert result.payout(one) == D("10.00")


def test_simple_gagnant_keeps_the_simple_rules_which_are_the_reglements() -> None:
    # Art. 27, 2, a and 29, 1°: a dead heat for first cuts the profit into one part per horse
    # first, an unbacked one passing its part to the others: what DOMAIN.md's rules do. With
    # the PMU's takeout (15.6 %): 100 on 3, 50 on 5, 850 on 1: net 844, profit 694, two
    # parts of 347: 3: 1 + 3.47 = 4.47 → 4.40, 5: 1 + 6.94 = 7.94 → 7.90.
    field = Field.of(range(1, 9))
    bets = [
        bet(BetType.SIMPLE_GAGNANT, field, [r], e) for r, e in ((3, "100"), (5, "50"), (1, "850"))
    ]
    finish = Finish.of([[3, 5], [1]], field)
    for rules in (PoolRules.pmu(BetType.SIMPLE_GAGNANT), PoolRules.simple(BetType.SIMPLE_GAGNANT)):
        result = settle(pool_of(rules, bets), field, finish)
        assert [(d.runners, d.dividend) for d in result.dividends] == [
            ((3,), D("4.40")),
            ((5,), D("7.90")),
        ]


# --- Couplé placé, art. 44, 2: three parts, one per pair of places ------------------------


def test_couple_place_shares_follow_the_reglements_dead_heat_table() -> None:
    # 2, a: a normal finish: three equal parts, one per paying pair.
    assert shares([[1], [2], [3]], 3, 2) == {(1, 2): F(1, 3), (1, 3): F(1, 3), (2, 3): F(1, 3)}
    # 2, b, 1: three or more first: one equal part per pair of them.
    assert shares([[1, 2, 3, 4]], 3, 2) == {
        pair: F(1, 6) for pair in ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
    }
    # 2, b, 2: two first and several third: a third to the pair of firsts, a third to each
    # first's pairs with the thirds, shared equally among them.
    assert shares([[1, 2], [3, 4]], 3, 2) == {
        (1, 2): F(1, 3),
        (1, 3): F(1, 6),
        (1, 4): F(1, 6),
        (2, 3): F(1, 6),
        (2, 4): F(1, 6),
    }
    # 2, b, 3: several second: two thirds to the first's pairs with them, a third to the
    # pairs of seconds.
    assert shares([[1], [2, 3, 4]], 3, 2) == {
        (1, 2): F(2, 9),
        (1, 3): F(2, 9),
        (1, 4): F(2, 9),
        (2, 3): F(1, 9),
        (2, 4): F(1, 9),
        (3, 4): F(1, 9),
    }
    # 2, b, 4: several third: a third to 1-2, a third to 1 with the thirds, a third to 2 with
    # the thirds.
    assert shares([[1], [2], [3, 4]], 3, 2) == {
        (1, 2): F(1, 3),
        (1, 3): F(1, 6),
        (1, 4): F(1, 6),
        (2, 3): F(1, 6),
        (2, 4): F(1, 6),
    }


def test_couple_place_dead_heat_for_third_pays_by_pairs_of_places() -> None:
    # Finish 1, 2, 3-4 dead heat: five paying pairs. No takeout; 100 on 1-2, 50 on 1-3 and on
    # 1-4, 25 on 2-3 and on 2-4, 750 on 5-6: profit 1000 − 250 = 750.
    # pmu (art. 44, 2, b, 4): 1-2 a third (250), the four others a sixth each (125):
    #   1-2: 1 + 250/100 = 3.50   1-3, 1-4: 1 + 125/50 = 3.50   2-3, 2-4: 1 + 125/25 = 6.00
    # simple: five equal parts of 150: 1-2: 2.50, 1-3, 1-4: 4.00, 2-3, 2-4: 7.00
    field = Field.of(range(1, 11))
    finish = Finish.of([[1], [2], [3, 4]], field)
    stakes = {(1, 2): "100", (1, 3): "50", (1, 4): "50", (2, 3): "25", (2, 4): "25", (5, 6): "750"}
    want = {
        RulesSet.PMU: ["3.50", "3.50", "3.50", "6.00", "6.00"],
        RulesSet.SIMPLE: ["2.50", "4.00", "4.00", "7.00", "7.00"],
    }
    for rules_set, dividends in want.items():
        rules = no_takeout(CP, rules_set)
        bets = [bet(CP, field, list(pair), e, rules=rules) for pair, e in stakes.items()]
        result = settle(pool_of(rules, bets), field, finish)
        paid = {d.runners: str(d.dividend) for d in result.dividends}
        assert paid == dict(zip([(1, 2), (1, 3), (1, 4), (2, 3), (2, 4)], dividends, strict=True))
        assert result.balance() == 0


def test_couple_place_normal_finish_is_the_equal_three_way_split() -> None:
    # Art. 44, 2, a: "Le bénéfice à répartir est divisé en trois parties égales": both rules
    # sets agree. PMU takeout 25.4 %: 1000 staked, net 746; 100 on 1-2, 40 on 1-3, 10 on 2-3:
    # profit 746 − 150 = 596, thirds of 198.67:
    #   1-2: 1 + 1.9867 = 2.98 → 2.90   1-3: 1 + 4.967 = 5.96 → 5.90   2-3: 1 + 19.867 → 20.80
    field = Field.of(range(1, 11))
    finish = Finish.of([[1], [2], [3]], field)
    stakes = {(1, 2): "100", (1, 3): "40", (2, 3): "10", (5, 6): "850"}
    for rules in (PoolRules.pmu(CP), PoolRules.simple(CP)):
        bets = [bet(CP, field, list(pair), e, rules=rules) for pair, e in stakes.items()]
        result = settle(pool_of(rules, bets), field, finish)
        assert [str(d.dividend) for d in result.dividends] == ["2.90", "5.90", "20.80"]


def test_an_unbacked_couple_place_pair_passes_its_part_in_proportion() -> None:
    # Art. 46, 3: nobody on 2-4 in the finish 1, 2, 3-4: the parts 1/3, 1/6, 1/6, 1/6 of the
    # others become 2/5, 1/5, 1/5, 1/5 of the profit. No takeout: 100 on 1-2, 50 on 1-3 and
    # on 1-4, 25 on 2-3, 775 on 5-6: profit 1000 − 225 = 775.
    #   1-2: 1 + 310/100 = 4.10   1-3, 1-4: 1 + 155/50 = 4.10   2-3: 1 + 155/25 = 7.20
    field = Field.of(range(1, 11))
    rules = no_takeout(CP)
    stakes = {(1, 2): "100", (1, 3): "50", (1, 4): "50", (2, 3): "25", (5, 6): "775"}
    bets = [bet(CP, field, list(pair), e, rules=rules) for pair, e in stakes.items()]
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2], [3, 4]], field))
    paid = {d.runners: str(d.dividend) for d in result.dividends}
    assert paid == {(1, 2): "4.10", (1, 3): "4.10", (1, 4): "4.10", (2, 3): "7.20"}
    assert result.balance() == 0


# --- Couplé gagnant and ordre, art. 46, 2, A: a combination nobody won -----------------


def test_couple_gagnant_nobody_on_the_first_two_goes_to_first_and_third() -> None:
    # Art. 46, 2, A, a: no stake on 1-2: the masse is shared by the stakes on 1-3; none on
    # 1-3 either: on 2-3; none: every bet refunded. PMU takeout 25.4 %, 100 staked, net 74.60:
    # 10 on 1-3: 7.46 → 7.40; without it, 20 on 2-3: 74.60 / 20 = 3.73 → 3.70.
    field = Field.of(range(1, 11))
    finish = Finish.of([[1], [2], [3]], field)
    on_13, on_23 = bet(CG, field, [1, 3], "10"), bet(CG, field, [2, 3], "20")
    loser = bet(CG, field, [4, 5], "70")
    result = settle(pool_of(PoolRules.pmu(CG), [on_13, on_23, loser]), field, finish)
    assert [(d.runners, d.dividend) for d in result.dividends] == [((1, 3), D("7.40"))]
    assert result.reported_to == ((1,), (3,))
    assert [result.payout(b) for b in (on_13, on_23, loser)] == [D("74.00"), 0, 0]
    assert result.balance() == 0

    loser = bet(CG, field, [4, 5], "80")
    result = settle(pool_of(PoolRules.pmu(CG), [on_23, loser]), field, finish)
    assert [(d.runners, d.dividend) for d in result.dividends] == [((2, 3), D("3.70"))]
    assert result.reported_to == ((2,), (3,))

    result = settle(pool_of(PoolRules.pmu(CG), [loser]), field, finish)
    assert result.nobody_won
    assert result.refund_all is not None
    assert result.reported_to is None
    # DOMAIN.md's simple rules refund at once.
    simple = settle(pool_of(PoolRules.simple(CG), [on_13, on_23, loser]), field, finish)
    assert simple.nobody_won
    assert simple.payout(on_13) == D("10.00")


CHAIN = [(2, 1), (1, 3), (3, 1), (2, 3), (3, 2)]


@pytest.mark.parametrize("backed", CHAIN)
def test_couple_ordre_nobody_on_the_exact_order_follows_the_chain(backed: tuple[int, int]) -> None:
    # Art. 46, 2, A, b: nobody on 1-2 in that order: the masse goes to 2-1, failing that to
    # 1-3, 3-1, 2-3, then 3-2. Here the orders before ``backed`` are unbacked and those after
    # it hold 1 each, so ``backed`` is the one paid: no takeout, 5 on it of 100 staked: 20.00.
    field = Field.of(range(1, 11))
    rules = no_takeout(CO)
    later = CHAIN[CHAIN.index(backed) + 1 :]
    bets = [bet(CO, field, list(order), "1", rules=rules) for order in later]
    bets += [
        bet(CO, field, list(backed), "5", rules=rules),
        bet(CO, field, [5, 6], str(95 - len(later)), rules=rules),
    ]
    result = settle(pool_of(rules, bets), field, Finish.of([[1], [2], [3]], field))
    assert [(d.runners, d.dividend) for d in result.dividends] == [(backed, D("20.00"))]
    assert result.reported_to == ((backed[0],), (backed[1],))


def test_couple_gagnant_dead_heat_nobody_won_is_still_refunded() -> None:
    # Art. 46, 2, B, c (a dead heat for first, nobody on the pair of firsts) is not
    # implemented: the pool is refunded, as DOMAIN.md says.
    field = Field.of(range(1, 11))
    rules = PoolRules.pmu(CG)
    bets = [bet(CG, field, [1, 3], "10"), bet(CG, field, [4, 5], "90")]
    result = settle(pool_of(rules, bets), field, Finish.of([[1, 2], [3]], field))
    assert result.nobody_won
    assert result.refund_all is not None


def test_every_chapter_cites_its_articles() -> None:
    for bet_type in BetType:  # every bet type Guichet sells has its chapter
        chapter = chapter_of(bet_type)
        assert chapter is not None, bet_type
        assert "art." in chapter.source, bet_type


def test_slot_shares_ignore_places_nobody_filled() -> None:
    # Art. 29, 4°: fewer horses classified than places: the shares left sum to less than 1
    # and settlement gives the classified horses the whole profit.
    assert shares([[1], [2]], 3, 1) == {(1,): F(1, 3), (2,): F(1, 3)}
    assert slot_shares([], 3, 1) == {}
    assert mask_of([1, 2]) in slot_shares([(1, 2, 3)], 3, 2)


# --- Quinté+, art. 95-5 (as amended in 2011): Bonus 4 sur 5, not Bonus 4 ------------------


def test_the_quinte_pays_bonus_4_sur_5_one_dividend_for_its_five_combinations() -> None:
    # Eight runners, finish 1-2-3-4-5, no takeout, default split 28 / 29 / 17 / 26 %.
    # Stakes (euros): 1-2-3-4-5 2 (ordre), 2-1-3-4-5 2 (désordre), 1-2-3-4-6 2, 1-2-3-5-7 2
    # and 2-3-4-5-8 4 (four of the first five: Bonus 4 sur 5, the last without the first),
    # 1-2-3-6-7 8 (Bonus 3), 6-7-8-1-2 80 (nothing): 100 in all, net 100.
    # pmu: ORDRE 28 / 2 = 14.00; DESORDRE 29 / 2 = 14.50; BONUS4SUR5 one dividend on the
    #   three backed combinations, 17 / (2 + 2 + 4) = 2.125 → 2.10 for each (a part of the
    #   profit each would give 1 + 3 / 2 = 2.50, 2.50 and 1 + 3 / 4 = 1.70); BONUS3 26 / 8 =
    #   3.25 → 3.20. Paid 28 + 29 + 16.80 + 25.60 = 99.40, breakage 0.60.
    # simple (DOMAIN.md, unchanged): BONUS4 holds the first four: only 1-2-3-4-6, 17 / 2 =
    #   8.50; 1-2-3-5-7 falls to BONUS3 with 1-2-3-6-7, 26 / 10 = 2.60; 2-3-4-5-8 loses.
    qp = BetType.QUINTE_PLUS
    field = Field.of(range(1, 9))
    finish = Finish.of([[1], [2], [3], [4], [5]], field)
    stakes = [
        ((1, 2, 3, 4, 5), "2"),
        ((2, 1, 3, 4, 5), "2"),
        ((1, 2, 3, 4, 6), "2"),
        ((1, 2, 3, 5, 7), "2"),
        ((2, 3, 4, 5, 8), "4"),
        ((1, 2, 3, 6, 7), "8"),
        ((6, 7, 8, 1, 2), "80"),
    ]
    settled = {}
    for rules_set in (RulesSet.PMU, RulesSet.SIMPLE):
        rules = no_takeout(qp, rules_set)
        bets = [bet(qp, field, runners, euros, rules=rules) for runners, euros in stakes]
        result = settle(pool_of(rules, bets), field, finish)
        assert result.balance() == 0
        settled[rules_set] = result
    pmu, simple = settled[RulesSet.PMU], settled[RulesSet.SIMPLE]
    assert [(d.rank, d.runners, d.dividend, d.stakes) for d in pmu.dividends] == [
        (Rank.ORDRE, (1, 2, 3, 4, 5), D("14.00"), 200),
        (Rank.DESORDRE, (1, 2, 3, 4, 5), D("14.50"), 200),
        (Rank.BONUS4SUR5, (1, 2, 3, 4), D("2.10"), 200),
        (Rank.BONUS4SUR5, (1, 2, 3, 5), D("2.10"), 200),
        (Rank.BONUS4SUR5, (2, 3, 4, 5), D("2.10"), 400),
        (Rank.BONUS3, (1, 2, 3), D("3.20"), 800),
    ]
    assert (pmu.payouts, pmu.breakage) == (D("99.40"), D("0.60"))
    assert pmu.dividend_for((2, 3, 4, 5, 8)) == (Rank.BONUS4SUR5, D("2.10"))
    assert pmu.dividend_for((1, 2, 3, 5, 7)) == (Rank.BONUS4SUR5, D("2.10"))
    assert [(d.rank, d.runners, d.dividend) for d in simple.dividends] == [
        (Rank.ORDRE, (1, 2, 3, 4, 5), D("14.00")),
        (Rank.DESORDRE, (1, 2, 3, 4, 5), D("14.50")),
        (Rank.BONUS4, (1, 2, 3, 4), D("8.50")),
        (Rank.BONUS3, (1, 2, 3), D("2.60")),
    ]
    assert simple.dividend_for((2, 3, 4, 5, 8)) is None


def test_the_quinte_ranks_and_split_follow_the_rules_set() -> None:
    # The règlement's ranks in the pmu set (art. 95-5), DOMAIN.md's in the simple set; the
    # split is a setting naming the set's ranks.
    pmu, simple = PoolRules.pmu(BetType.QUINTE_PLUS), PoolRules.simple(BetType.QUINTE_PLUS)
    assert [rank for rank, _ in pmu.split] == [
        Rank.ORDRE,
        Rank.DESORDRE,
        Rank.BONUS4SUR5,
        Rank.BONUS3,
    ]
    assert [rank for rank, _ in simple.split] == [
        Rank.ORDRE,
        Rank.DESORDRE,
        Rank.BONUS4,
        Rank.BONUS3,
    ]
    assert [share for _, share in pmu.split] == [D("0.28"), D("0.29"), D("0.17"), D("0.26")]
    chapter = chapter_of(BetType.QUINTE_PLUS)
    assert chapter is not None
    assert "95-5" in chapter.source
    split = {"ORDRE": "0.45", "DESORDRE": "0.10", "BONUS4SUR5": "0.20", "BONUS3": "0.25"}
    rules = rules_from_mapping(BetType.QUINTE_PLUS, {"rules": "pmu", "split": split})
    assert rules.share_of(Rank.BONUS4SUR5) == D("0.20")
    with pytest.raises(RulesError, match="BONUS4, BONUS3"):
        rules_from_mapping(BetType.QUINTE_PLUS, {"split": split})
