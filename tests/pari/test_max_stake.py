"""A pool's maximum stake (issue 25: the PMU's pools carry one): what a bet costs, whatever its
formula and multiplier, is refused above it, and the refusal says the maximum in the bettor's
words."""

from __future__ import annotations

import pytest

from catalogue.words import Words
from pari import BetType, Field, Formula, make_bet, rules_from_mapping
from pari.errors import RulesError, StakeAboveMaximum

FIELD = Field.of(range(1, 15))


def test_a_bet_costing_more_than_the_maximum_is_refused_saying_it() -> None:
    rules = rules_from_mapping(BetType.SIMPLE_GAGNANT, {"min_stake": "2.00", "max_stake": "1500"})
    assert (rules.min_stake, rules.max_stake) == (200, 150000)
    bet = make_bet(BetType.SIMPLE_GAGNANT, FIELD, rules, runners=[7], multiplier=750)
    assert bet.cost == 150000
    with pytest.raises(StakeAboveMaximum) as refused:
        make_bet(BetType.SIMPLE_GAGNANT, FIELD, rules, runners=[7], multiplier=751)
    assert refused.value.params == {"maximum": 150000}
    said = Words("fr").problem(refused.value)
    assert said == "La mise maximale de ce pari est de 1\u202f500,00\xa0€"
    assert Words("en").problem(refused.value) == "The maximum stake of this bet is €1,500.00"


def test_the_maximum_counts_every_combination_of_a_ticket() -> None:
    rules = rules_from_mapping(BetType.TRIO, {"min_stake": "2.00", "max_stake": "100"})
    # a combinée of 6 runners: C(6, 3) = 20 combinations at 2 €, 40 €; ×3 is 120 €
    assert (
        make_bet(
            BetType.TRIO,
            FIELD,
            rules,
            runners=[1, 2, 3, 4, 5, 6],
            formula=Formula.COMBINEE,
            multiplier=2,
        ).cost
        == 8000
    )
    with pytest.raises(StakeAboveMaximum):
        make_bet(
            BetType.TRIO,
            FIELD,
            rules,
            runners=[1, 2, 3, 4, 5, 6],
            formula=Formula.COMBINEE,
            multiplier=3,
        )


def test_no_maximum_unless_given_and_never_below_the_minimum() -> None:
    rules = rules_from_mapping(BetType.SIMPLE_PLACE, {})
    assert rules.max_stake is None
    assert make_bet(BetType.SIMPLE_PLACE, FIELD, rules, runners=[3], multiplier=10**6).cost > 0
    with pytest.raises(RulesError, match="maximum stake is below the minimum"):
        rules_from_mapping(BetType.SIMPLE_PLACE, {"min_stake": "2.00", "max_stake": "1.50"})
