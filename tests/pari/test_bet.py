from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations as combos
from itertools import permutations
from typing import TypedDict

import pytest

from pari import BetType, Field, Formula, Play, PoolRules, formula_for, make_bet
from pari.errors import (
    DuplicateRunner,
    FormulaNotAllowed,
    ScratchedRunner,
    StakeBelowMinimum,
    UnknownRunner,
    WrongRunnerCount,
)

Rules = Callable[[BetType], PoolRules]


class Selection(TypedDict, total=False):
    """make_bet's keyword arguments, as a case gives some of them."""

    runners: Sequence[int]
    formula: Formula
    base: Sequence[int]
    multiplier: int
    unit_stake: int
    complete: bool


def test_domain_md_quinte_combinee_on_seven(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(
        BetType.QUINTE_PLUS,
        sixteen_runners,
        pmu_rules(BetType.QUINTE_PLUS),
        formula=Formula.COMBINEE,
        runners=[1, 3, 5, 7, 9, 11, 13],
    )
    assert bet.combinations == 21
    assert bet.cost == 4200  # 42 €


def test_domain_md_quarte_combinee_on_seven(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(
        BetType.QUARTE_PLUS,
        sixteen_runners,
        pmu_rules(BetType.QUARTE_PLUS),
        formula=Formula.COMBINEE,
        runners=[2, 4, 6, 8, 10, 12, 14],
    )
    assert bet.combinations == 35
    assert bet.cost == 4550  # 45.50 €


def test_unitaire_keeps_the_entered_order(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(BetType.TIERCE, sixteen_runners, pmu_rules(BetType.TIERCE), runners=[7, 2, 12])
    assert bet.play is Play.ENTERED
    assert list(bet.iter_combinations()) == [(7, 2, 12)]
    assert bet.cost == 100


def test_formule_complete_plays_every_order(sixteen_runners: Field, pmu_rules: Rules) -> None:
    simple = make_bet(
        BetType.TIERCE,
        sixteen_runners,
        pmu_rules(BetType.TIERCE),
        formula=Formula.COMBINEE,
        runners=[1, 2, 3, 4],
    )
    complete = make_bet(
        BetType.TIERCE,
        sixteen_runners,
        pmu_rules(BetType.TIERCE),
        formula=Formula.COMBINEE,
        runners=[1, 2, 3, 4],
        complete=True,
    )
    assert (simple.combinations, complete.combinations) == (4, 24)
    assert complete.cost == 6 * simple.cost
    assert set(complete.iter_combinations()) == set(permutations([1, 2, 3, 4], 3))


def test_ordered_type_combinee_plays_every_order(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(
        BetType.COUPLE_ORDRE,
        sixteen_runners,
        pmu_rules(BetType.COUPLE_ORDRE),
        formula=Formula.COMBINEE,
        runners=[4, 9],
    )
    assert sorted(bet.iter_combinations()) == [(4, 9), (9, 4)]
    assert bet.cost == 300


def test_champ_reduit_and_champ_total(sixteen_runners: Field, pmu_rules: Rules) -> None:
    rules = pmu_rules(BetType.QUINTE_PLUS)
    reduit = make_bet(
        BetType.QUINTE_PLUS,
        sixteen_runners,
        rules,
        formula=Formula.CHAMP_REDUIT,
        base=[3, 8],
        runners=[1, 2, 4, 5, 6],
    )
    assert reduit.combinations == 10  # C(5, 3)
    assert all({3, 8} <= set(c) for c in reduit.iter_combinations())
    total = make_bet(
        BetType.QUINTE_PLUS, sixteen_runners, rules, formula=Formula.CHAMP_TOTAL, base=[3]
    )
    assert total.combinations == 1365  # C(15, 4), counted without expanding
    assert total.cost == 1365 * 200


def test_champ_total_leaves_out_scratched_runners(pmu_rules: Rules) -> None:
    field = Field.of(range(1, 11), scratched=[4, 7])
    bet = make_bet(
        BetType.COUPLE_GAGNANT,
        field,
        pmu_rules(BetType.COUPLE_GAGNANT),
        formula=Formula.CHAMP_TOTAL,
        base=[1],
    )
    assert bet.others == (2, 3, 5, 6, 8, 9, 10)
    assert bet.combinations == 7


def test_multiplier_scales_the_unit_stake(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(
        BetType.QUINTE_PLUS,
        sixteen_runners,
        pmu_rules(BetType.QUINTE_PLUS),
        runners=[1, 9, 4, 7, 12],
        multiplier=2,
    )
    assert bet.unit_stake == 400
    assert bet.cost == 400


@pytest.mark.parametrize(("n", "combinations"), [(4, 1), (5, 5), (6, 15), (7, 35)])
def test_a_multi_costs_one_base_stake_whatever_its_number_of_runners(
    n: int, combinations: int, sixteen_runners: Field, pmu_rules: Rules
) -> None:
    # DOMAIN.md: "pour 3 euros, désigner 7 chevaux": a Multi en N is one line of N runners
    # covering its C(N, 4) four-runner combinations, for one base stake.
    bet = make_bet(
        BetType.MULTI, sixteen_runners, pmu_rules(BetType.MULTI), runners=list(range(1, n + 1))
    )
    assert (bet.units, bet.combinations, bet.cost) == (1, combinations, 300)
    assert bet.is_line is (n > 4)
    assert sorted(bet.iter_combinations()) == sorted(combos(range(1, n + 1), 4))
    doubled = make_bet(
        BetType.MULTI,
        sixteen_runners,
        pmu_rules(BetType.MULTI),
        runners=[9, 3, 7, 1, 5, 2, 8],
        multiplier=2,
    )
    assert (doubled.cost, doubled.describe()) == (600, "MULTI unitaire 9-3-7-1-5-2-8 1 x 6.00")


def test_huge_expansion_is_priced_without_materialising(pmu_rules: Rules) -> None:
    field = Field.of(range(1, 21))
    bet = make_bet(
        BetType.QUINTE_PLUS,
        field,
        pmu_rules(BetType.QUINTE_PLUS),
        formula=Formula.COMBINEE,
        runners=list(range(1, 21)),
        complete=True,
    )
    assert bet.combinations == 15504 * 120
    first = next(bet.iter_combinations())
    assert len(first) == 5


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"runners": [1, 2, 3, 4, 99]}, UnknownRunner, "runner 99 is not in this race"),
        ({"runners": [1, 2, 3, 4, 5]}, ScratchedRunner, "runner 5 is scratched"),
        ({"runners": [1, 2, 3, 3, 6]}, DuplicateRunner, "runner 3 is named twice"),
        ({"runners": [1, 2, 3, 4]}, WrongRunnerCount, "too few runners.*5 needed, got 4"),
        ({"runners": [1, 2, 3, 4, 6, 7]}, WrongRunnerCount, "too many runners"),
        (
            {"formula": Formula.COMBINEE, "runners": [1, 2, 3, 4]},
            WrongRunnerCount,
            "at least 5",
        ),
        (
            {"formula": Formula.CHAMP_REDUIT, "base": [1, 2, 3, 4, 6], "runners": [7]},
            WrongRunnerCount,
            "1 to 4 base runners",
        ),
        (
            {"formula": Formula.CHAMP_REDUIT, "base": [1, 2], "runners": [7, 8]},
            WrongRunnerCount,
            "at least 3 associates",
        ),
        (
            {"formula": Formula.CHAMP_TOTAL, "base": [1], "runners": [2]},
            FormulaNotAllowed,
            "base runners only",
        ),
        ({"runners": [1, 2, 3, 4, 6], "complete": True}, FormulaNotAllowed, "complète"),
        ({"runners": [1, 2, 3, 4, 6], "unit_stake": 150}, StakeBelowMinimum, "below the minimum"),
        ({"runners": [1, 2, 3, 4, 6], "multiplier": 0}, StakeBelowMinimum, "multiplier"),
        (
            {"formula": Formula.CHAMP_REDUIT, "base": [1], "runners": [1, 2, 3, 4]},
            DuplicateRunner,
            "named twice",
        ),
    ],
)
def test_bad_selections_are_refused_naming_the_problem(
    kwargs: Selection, error: type[Exception], message: str, pmu_rules: Rules
) -> None:
    field = Field.of(range(1, 15), scratched=[5])
    with pytest.raises(error, match=message):
        make_bet(BetType.QUINTE_PLUS, field, pmu_rules(BetType.QUINTE_PLUS), **kwargs)


def test_multi_is_sold_as_unitaire_only(sixteen_runners: Field, pmu_rules: Rules) -> None:
    with pytest.raises(FormulaNotAllowed, match="MULTI is not sold as a combinee") as caught:
        make_bet(
            BetType.MULTI,
            sixteen_runners,
            pmu_rules(BetType.MULTI),
            formula=Formula.COMBINEE,
            runners=[1, 2, 3, 4, 5, 6, 7, 8],
        )
    assert caught.value.params == {
        "case": "unitaire_only",
        "bet_type": "MULTI",
        "formula": "combinee",
        "low": 4,
        "high": 7,
    }
    with pytest.raises(WrongRunnerCount, match="4 to 7 needed, got 8") as counted:
        make_bet(
            BetType.MULTI, sixteen_runners, pmu_rules(BetType.MULTI), runners=list(range(1, 9))
        )
    assert counted.value.params == {"case": "unitaire_range", "low": 4, "high": 7, "got": 8}


def test_single_runner_types_have_no_champ(sixteen_runners: Field, pmu_rules: Rules) -> None:
    with pytest.raises(FormulaNotAllowed, match="not sold as a champ_total"):
        make_bet(
            BetType.SIMPLE_GAGNANT,
            sixteen_runners,
            pmu_rules(BetType.SIMPLE_GAGNANT),
            formula=Formula.CHAMP_TOTAL,
            base=[1],
        )


def test_describe_is_one_readable_line(sixteen_runners: Field, pmu_rules: Rules) -> None:
    bet = make_bet(
        BetType.QUINTE_PLUS,
        sixteen_runners,
        pmu_rules(BetType.QUINTE_PLUS),
        formula=Formula.CHAMP_REDUIT,
        base=[3, 8],
        runners=[1, 2, 4, 5, 6],
    )
    assert bet.describe() == "QUINTE_PLUS champ_reduit 3-8/1-2-4-5-6 10 x 2.00"


@pytest.mark.parametrize(
    ("bet_type", "runners", "base", "total", "complete", "formula"),
    [
        (BetType.TIERCE, 3, 0, False, False, Formula.UNITAIRE),
        (BetType.TIERCE, 3, 0, False, True, Formula.COMBINEE),  # every order of the three
        (BetType.TIERCE, 5, 0, False, True, Formula.COMBINEE),
        (BetType.QUINTE_PLUS, 5, 0, False, True, Formula.COMBINEE),
        (BetType.COUPLE_GAGNANT, 2, 0, False, True, Formula.UNITAIRE),  # no order: refused later
        (BetType.MULTI, 6, 0, False, False, Formula.UNITAIRE),
        (BetType.TIERCE, 2, 1, False, True, Formula.CHAMP_REDUIT),
        (BetType.TIERCE, 0, 1, True, False, Formula.CHAMP_TOTAL),
    ],
)
def test_a_selection_reads_as_one_formula_at_every_point_of_sale(
    bet_type: BetType, runners: int, base: int, total: bool, complete: bool, formula: Formula
) -> None:
    read = formula_for(bet_type, runners, base=base, champ_total=total, complete=complete)
    assert read is formula


def test_all_orders_on_exactly_a_unitaires_runners_is_every_order(
    sixteen_runners: Field, pmu_rules: Rules
) -> None:
    """A Tiercé on 3 "formule complète": 3! = 6 combinations, ORDRE among them."""
    formula = formula_for(BetType.TIERCE, 3, complete=True)
    bet = make_bet(
        BetType.TIERCE,
        sixteen_runners,
        pmu_rules(BetType.TIERCE),
        formula=formula,
        runners=[7, 2, 12],
        complete=True,
    )
    assert (bet.combinations, bet.cost, bet.play) == (6, 600, Play.ALL)
    assert set(bet.iter_combinations()) == set(permutations([7, 2, 12]))
