from __future__ import annotations

from decimal import Decimal

import pytest

from pari import SPECS, BetType, PoolRules, Rank, rules_from_mapping
from pari.bet_types import Order
from pari.errors import RulesError

# DOMAIN.md: published return-to-player rates; takeout = 1 − rate.
RETURN_TO_PLAYER = {
    BetType.SIMPLE_GAGNANT: "0.844",
    BetType.SIMPLE_PLACE: "0.844",
    BetType.COUPLE_GAGNANT: "0.746",
    BetType.COUPLE_PLACE: "0.746",
    BetType.COUPLE_ORDRE: "0.746",
    BetType.TRIO: "0.77",
    BetType.TRIO_ORDRE: "0.77",
    BetType.DEUX_SUR_QUATRE: "0.75",
    BetType.TIERCE: "0.799",
    BetType.QUARTE_PLUS: "0.769",
    BetType.QUINTE_PLUS: "0.715",
    BetType.MULTI: "0.693",
}
MIN_STAKE_CENTS = {
    BetType.DEUX_SUR_QUATRE: 300,
    BetType.TIERCE: 100,
    BetType.QUARTE_PLUS: 130,
    BetType.QUINTE_PLUS: 200,
    BetType.MULTI: 300,
}


def test_every_bet_type_of_domain_md_is_described() -> None:
    assert set(SPECS) == set(BetType)
    assert len(SPECS) == 12


@pytest.mark.parametrize("bet_type", list(BetType))
def test_defaults_are_the_pmu_values(bet_type: BetType) -> None:
    rules = PoolRules.pmu(bet_type)
    assert rules.takeout == 1 - Decimal(RETURN_TO_PLAYER[bet_type])
    assert rules.min_stake == MIN_STAKE_CENTS.get(bet_type, 150)
    assert rules.rounding_step == Decimal("0.10")
    assert rules.min_dividend == Decimal("1.10")
    assert sum(share for _, share in rules.split) == 1


def test_quinte_plus_ranks_and_split_follow_domain_md() -> None:
    rules = PoolRules.simple(BetType.QUINTE_PLUS)  # the pmu set's: test_reglement
    assert [(rank, str(share)) for rank, share in rules.split] == [
        (Rank.ORDRE, "0.28"),
        (Rank.DESORDRE, "0.29"),
        (Rank.BONUS4, "0.17"),
        (Rank.BONUS3, "0.26"),
    ]
    assert SPECS[BetType.QUINTE_PLUS].order is Order.RANKED


def test_picks_and_order() -> None:
    picks = {t: (s.picks, s.max_picks) for t, s in SPECS.items()}
    assert picks[BetType.MULTI] == (4, 7)
    assert picks[BetType.DEUX_SUR_QUATRE] == (2, 2)
    assert SPECS[BetType.COUPLE_ORDRE].order is Order.EXACT
    assert SPECS[BetType.TRIO].order is Order.NONE


def test_every_value_is_overridable_per_pool() -> None:
    rules = rules_from_mapping(
        BetType.QUINTE_PLUS,
        {
            "takeout": "0.25",
            "min_stake": "1.00",
            "rounding_step": "0.01",
            "rounding_mode": "half_up",
            "min_dividend": "1.00",
            "split": {"ORDRE": "0.4", "DESORDRE": "0.3", "BONUS4": "0.2", "BONUS3": "0.1"},
            "jackpot": True,
        },
    )
    assert rules.takeout == Decimal("0.25")
    assert rules.min_stake == 100
    assert rules.share_of(Rank.BONUS3) == Decimal("0.1")
    assert rules.jackpot is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"takeout": "1.2"}, "takeout"),
        ({"takeout": 0.15}, "decimal string"),
        ({"rounding_step": "0"}, "rounding_step"),
        ({"rounding_mode": "sideways"}, "sideways"),
        ({"split": {"ORDRE": "0.5", "DESORDRE": "0.5", "BONUS4": "0.5", "BONUS3": "0"}}, "sum"),
        ({"split": {"ORDRE": "1"}}, "ranks"),
        ({"places_paid": 3}, "place-type"),
        ({"takeaway": "0.1"}, "unknown rule takeaway"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(data: dict[str, object], message: str) -> None:
    with pytest.raises(RulesError, match=message):
        rules_from_mapping(BetType.QUINTE_PLUS, data)
