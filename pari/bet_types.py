"""The PMU bet types as data (DOMAIN.md, "Bet types").

A bet type is described, not programmed: how many runners it picks, whether order matters,
which ranks it pays and by which condition on the finish, its default minimum stake, takeout
and rank split. Settlement reads these conditions; nothing else in ``pari`` switches on a bet
type's name. Every default here can be overridden per pool through ``PoolRules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum

from pari.money import Cents


class BetType(StrEnum):
    """Identifiers as in the PMU's own data feeds."""

    SIMPLE_GAGNANT = "SIMPLE_GAGNANT"
    SIMPLE_PLACE = "SIMPLE_PLACE"
    COUPLE_GAGNANT = "COUPLE_GAGNANT"
    COUPLE_PLACE = "COUPLE_PLACE"
    COUPLE_ORDRE = "COUPLE_ORDRE"
    TRIO = "TRIO"
    TRIO_ORDRE = "TRIO_ORDRE"
    DEUX_SUR_QUATRE = "DEUX_SUR_QUATRE"
    TIERCE = "TIERCE"
    QUARTE_PLUS = "QUARTE_PLUS"
    QUINTE_PLUS = "QUINTE_PLUS"
    MULTI = "MULTI"


class Rank(StrEnum):
    """A dividend rank. ``UNIQUE`` is the one rank of a type that has one (null in scenarios)."""

    UNIQUE = "UNIQUE"
    ORDRE = "ORDRE"
    DESORDRE = "DESORDRE"
    BONUS4 = "BONUS4"
    BONUS3 = "BONUS3"
    EN_4 = "EN_4"
    EN_5 = "EN_5"
    EN_6 = "EN_6"
    EN_7 = "EN_7"
    REFUND = "REFUND"


class Order(Enum):
    """What the order of the runners in a combination means for a bet type."""

    NONE = "none"  # a set: COUPLE_GAGNANT, TRIO, place types, MULTI
    EXACT = "exact"  # only the exact order pays: COUPLE_ORDRE, TRIO_ORDRE
    RANKED = "ranked"  # in order pays ORDRE, otherwise a lower rank: TIERCE, QUARTE+, QUINTE+


class Condition(Enum):
    """How a combination reaches a rank against one linear finishing order ``L``.

    ``depth`` below is the rank's number of places: ``L[:depth]``.
    """

    IN_ORDER = "in_order"  # the combination, as entered, is L[:depth]
    SAME_SET = "same_set"  # its runners are exactly those of L[:depth]
    CONTAINS = "contains"  # its runners include all of L[:depth] (BONUS ranks, MULTI)
    WITHIN = "within"  # its runners are all among L[:depth] (place types: one group each)


class Settling(Enum):
    """Win-type ranks pool a rank's stakes; place-type ranks pay each combination apart."""

    WIN = "win"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class RankRule:
    rank: Rank
    condition: Condition
    depth: int
    size: int = 0  # only combinations of this many runners reach the rank (MULTI); 0: any


@dataclass(frozen=True, slots=True)
class BetTypeSpec:
    """One row of DOMAIN.md's table, plus what settlement needs to know about it."""

    bet_type: BetType
    picks: int  # runners in one combination (MULTI: the fewest it accepts)
    max_picks: int  # MULTI accepts 4 to 7; every other type exactly ``picks``
    order: Order
    settling: Settling
    ranks: tuple[RankRule, ...]  # best rank first
    min_stake: Cents
    takeout: Decimal
    split: tuple[Decimal, ...]  # share of the net pool per rank, aligned with ``ranks``
    min_starters: int = 1  # fewer starters and the whole pool is refunded

    @property
    def rank_names(self) -> tuple[Rank, ...]:
        return tuple(rule.rank for rule in self.ranks)

    @property
    def depth(self) -> int:
        """How many places of the finish can matter to this type."""
        return max(rule.depth for rule in self.ranks)


def _d(text: str) -> Decimal:
    return Decimal(text)


_ONE = (_d("1"),)

# Takeouts are 1 − the PMU's published return-to-player rates (DOMAIN.md). Rank splits for
# Quinté+ are the PMU's (DOMAIN.md); those of Tiercé, Quarté+ and Multi are not published in
# DOMAIN.md and are our defaults, to be set per pool by the operator.
SPECS: dict[BetType, BetTypeSpec] = {
    spec.bet_type: spec
    for spec in (
        BetTypeSpec(
            BetType.SIMPLE_GAGNANT, 1, 1, Order.NONE, Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 1),), 150, _d("0.156"), _ONE,
        ),
        BetTypeSpec(
            # places paid: 3 with 8+ starters, 2 with 4–7; refunded below 4 (PoolRules).
            BetType.SIMPLE_PLACE, 1, 1, Order.NONE, Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 3),), 150, _d("0.156"), _ONE,
            min_starters=4,
        ),
        BetTypeSpec(
            BetType.COUPLE_GAGNANT, 2, 2, Order.NONE, Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 2),), 150, _d("0.254"), _ONE,
        ),
        BetTypeSpec(
            BetType.COUPLE_PLACE, 2, 2, Order.NONE, Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 3),), 150, _d("0.254"), _ONE,
            min_starters=4,
        ),
        BetTypeSpec(
            BetType.COUPLE_ORDRE, 2, 2, Order.EXACT, Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.IN_ORDER, 2),), 150, _d("0.254"), _ONE,
        ),
        BetTypeSpec(
            BetType.TRIO, 3, 3, Order.NONE, Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 3),), 150, _d("0.23"), _ONE,
        ),
        BetTypeSpec(
            BetType.TRIO_ORDRE, 3, 3, Order.EXACT, Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.IN_ORDER, 3),), 150, _d("0.23"), _ONE,
        ),
        BetTypeSpec(
            # the PMU refunds 2sur4 when fewer than five horses ran (e-2sur4 rules, art. 1).
            BetType.DEUX_SUR_QUATRE, 2, 2, Order.NONE, Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 4),), 300, _d("0.25"), _ONE,
            min_starters=5,
        ),
        BetTypeSpec(
            BetType.TIERCE, 3, 3, Order.RANKED, Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 3),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 3),
            ),
            100, _d("0.201"), (_d("0.50"), _d("0.50")),
        ),
        BetTypeSpec(
            BetType.QUARTE_PLUS, 4, 4, Order.RANKED, Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 4),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 4),
                RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
            ),
            130, _d("0.231"), (_d("0.35"), _d("0.35"), _d("0.30")),
        ),
        BetTypeSpec(
            BetType.QUINTE_PLUS, 5, 5, Order.RANKED, Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 5),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 5),
                RankRule(Rank.BONUS4, Condition.CONTAINS, 4),
                RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
            ),
            200, _d("0.285"), (_d("0.28"), _d("0.29"), _d("0.17"), _d("0.26")),
        ),
        BetTypeSpec(
            # "Multi en N": N chosen runners holding the first four; one rank per N.
            BetType.MULTI, 4, 7, Order.NONE, Settling.WIN,
            (
                RankRule(Rank.EN_4, Condition.CONTAINS, 4, size=4),
                RankRule(Rank.EN_5, Condition.CONTAINS, 4, size=5),
                RankRule(Rank.EN_6, Condition.CONTAINS, 4, size=6),
                RankRule(Rank.EN_7, Condition.CONTAINS, 4, size=7),
            ),
            300, _d("0.307"), (_d("0.40"), _d("0.25"), _d("0.20"), _d("0.15")),
        ),
    )
}  # fmt: skip

MULTI_RANKS: dict[int, Rank] = {4: Rank.EN_4, 5: Rank.EN_5, 6: Rank.EN_6, 7: Rank.EN_7}


def spec_of(bet_type: BetType) -> BetTypeSpec:
    return SPECS[bet_type]
