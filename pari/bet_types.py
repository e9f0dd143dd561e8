"""The PMU bet types as data (DOMAIN.md, "Bet types"): one specification each.

A bet type is described, not programmed: how many runners it picks and whether their order
matters, which formulas sell it and the counter's code for it, which ranks it pays and by
which condition on the finish, what becomes of a combination naming a non-partant, its
default minimum stake, takeout and rank split. Selling (``pari.bet``, ``pari.sale``),
settlement and the terminals read these fields; nothing switches on a bet type's name, so a
new bet type is one specification here (and its tests). Every default can be overridden per
pool through ``PoolRules``; what the PMU's règlement changes is in ``pari.reglement``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from math import comb, lcm

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


class Formula(StrEnum):
    """How a ticket expands into combinations (DOMAIN.md, "Formulas")."""

    UNITAIRE = "unitaire"
    COMBINEE = "combinee"
    CHAMP_REDUIT = "champ_reduit"
    CHAMP_TOTAL = "champ_total"


class Rank(StrEnum):
    """A dividend rank. ``UNIQUE`` is the one rank of a type that has one (null in scenarios)."""

    UNIQUE = "UNIQUE"
    ORDRE = "ORDRE"
    DESORDRE = "DESORDRE"
    BONUS4 = "BONUS4"
    BONUS4SUR5 = "BONUS4SUR5"  # the PMU's Quinté+ "Bonus 4 sur 5" (pari.reglement.quinte)
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
    CONTAINS = "contains"  # its runners include all of L[:depth] (BONUS ranks)
    WITHIN = "within"  # its runners are all among L[:depth] (place types: one group each)
    # its runners include all but one of L[:depth]: one group per ``depth - 1`` runners of
    # L[:depth] held, named by them (the PMU's Quinté+ "Bonus 4 sur 5": any four of the first
    # five, five combinations; a combination holding all of them reaches a better rank first)
    ALL_BUT_ONE = "all_but_one"


class Settling(Enum):
    """Win-type ranks pool a rank's stakes; place-type ranks pay each combination apart."""

    WIN = "win"
    PLACE = "place"


class NonPartant(Enum):
    """What a combination naming a runner scratched after the sale becomes.

    Every type Guichet sells refunds it (DOMAIN.md, Dividends 8): its stake leaves the pool
    before the takeout. The règlement's other treatments (a special "NP" rank, a replacement
    horse) are members to add with the chapters that use them.
    """

    REFUND = "refund"


ALL_FORMULAS = frozenset(Formula)


@dataclass(frozen=True, slots=True)
class RankRule:
    rank: Rank
    condition: Condition
    depth: int
    # the rank's groups share one dividend, the rank's share divided by the stakes on all of
    # them, instead of a part of the profit each (the PMU's Bonus 4 sur 5: one dividend and
    # one count of winners published for its five combinations)
    pooled: bool = False


@dataclass(frozen=True, slots=True)
class BetTypeSpec:
    """One row of DOMAIN.md's table, plus what selling and settlement need to know of it.

    ``lines`` describes a type whose one base stake buys a *line* of N runners rather than one
    combination (the Multi: "pour 3 euros, désigner 7 chevaux"): the line covers every
    ``picks``-runner set of its N runners, C(N, picks) of them, its stake spread evenly over
    them, and it is paid at its own rank, the first rank's dividend divided by C(N, picks).
    """

    bet_type: BetType
    code: str  # the counter's quick-entry code (``terminal.entry``)
    picks: int  # runners in one combination
    order: Order
    settling: Settling
    ranks: tuple[RankRule, ...]  # best rank first
    min_stake: Cents
    takeout: Decimal
    split: tuple[Decimal, ...]  # share of the net pool per rank, aligned with ``ranks``
    formulas: frozenset[Formula] = ALL_FORMULAS
    non_partant: NonPartant = NonPartant.REFUND
    min_starters: int = 1  # fewer starters and the whole pool is refunded
    lines: tuple[tuple[int, Rank], ...] = ()  # line sizes sold, each with the rank it is paid at

    @property
    def rank_names(self) -> tuple[Rank, ...]:
        return tuple(rule.rank for rule in self.ranks)

    @property
    def depth(self) -> int:
        """How many places of the finish can matter to this type."""
        return max(rule.depth for rule in self.ranks)

    @property
    def max_picks(self) -> int:
        """The most runners a unitaire names: a line's largest size, else ``picks``."""
        return max((size for size, _ in self.lines), default=self.picks)

    @property
    def line_scale(self) -> int:
        """A whole number of parts into which every line's stake spreads evenly: the least
        common multiple of C(N, picks) over the line sizes (105 for the Multi), 1 if none."""
        return lcm(*(comb(size, self.picks) for size, _ in self.lines)) if self.lines else 1

    def line_rank(self, size: int) -> Rank:
        return dict(self.lines)[size]

    @property
    def complete_offered(self) -> bool:
        """The formule complète plays every order of a set: for the ranked types only."""
        return self.order is Order.RANKED


def _d(text: str) -> Decimal:
    return Decimal(text)


_ONE = (_d("1"),)
_SINGLE = frozenset({Formula.UNITAIRE, Formula.COMBINEE})  # a champ needs two picks or more

# Takeouts are 1 − the PMU's published return-to-player rates (DOMAIN.md). Rank splits for
# Quinté+ are the PMU's (DOMAIN.md); those of Tiercé and Quarté+ are not published in
# DOMAIN.md and are our defaults, to be set per pool by the operator. The Multi has no split:
# its lines share one pool of four-runner combinations (DOMAIN.md).
SPECS: dict[BetType, BetTypeSpec] = {
    spec.bet_type: spec
    for spec in (
        BetTypeSpec(
            BetType.SIMPLE_GAGNANT,
            "SG",
            1,
            Order.NONE,
            Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 1),),
            150,
            _d("0.156"),
            _ONE,
            formulas=_SINGLE,
        ),
        BetTypeSpec(
            # places paid: 3 with 8+ starters, 2 with 4–7; refunded below 4 (PoolRules).
            BetType.SIMPLE_PLACE,
            "SP",
            1,
            Order.NONE,
            Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 3),),
            150,
            _d("0.156"),
            _ONE,
            formulas=_SINGLE,
            min_starters=4,
        ),
        BetTypeSpec(
            BetType.COUPLE_GAGNANT,
            "CG",
            2,
            Order.NONE,
            Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 2),),
            150,
            _d("0.254"),
            _ONE,
        ),
        BetTypeSpec(
            BetType.COUPLE_PLACE,
            "CP",
            2,
            Order.NONE,
            Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 3),),
            150,
            _d("0.254"),
            _ONE,
            min_starters=4,
        ),
        BetTypeSpec(
            BetType.COUPLE_ORDRE,
            "CO",
            2,
            Order.EXACT,
            Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.IN_ORDER, 2),),
            150,
            _d("0.254"),
            _ONE,
        ),
        BetTypeSpec(
            BetType.TRIO,
            "TR",
            3,
            Order.NONE,
            Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.SAME_SET, 3),),
            150,
            _d("0.23"),
            _ONE,
        ),
        BetTypeSpec(
            BetType.TRIO_ORDRE,
            "TO",
            3,
            Order.EXACT,
            Settling.WIN,
            (RankRule(Rank.UNIQUE, Condition.IN_ORDER, 3),),
            150,
            _d("0.23"),
            _ONE,
        ),
        BetTypeSpec(
            # the PMU refunds 2sur4 when fewer than five horses ran (e-2sur4 rules, art. 1).
            BetType.DEUX_SUR_QUATRE,
            "2S",
            2,
            Order.NONE,
            Settling.PLACE,
            (RankRule(Rank.UNIQUE, Condition.WITHIN, 4),),
            300,
            _d("0.25"),
            _ONE,
            min_starters=5,
        ),
        BetTypeSpec(
            BetType.TIERCE,
            "TI",
            3,
            Order.RANKED,
            Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 3),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 3),
            ),
            100,
            _d("0.201"),
            (_d("0.50"), _d("0.50")),
        ),
        BetTypeSpec(
            BetType.QUARTE_PLUS,
            "QA",
            4,
            Order.RANKED,
            Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 4),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 4),
                RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
            ),
            130,
            _d("0.231"),
            (_d("0.35"), _d("0.35"), _d("0.30")),
        ),
        BetTypeSpec(
            BetType.QUINTE_PLUS,
            "QP",
            5,
            Order.RANKED,
            Settling.WIN,
            (
                RankRule(Rank.ORDRE, Condition.IN_ORDER, 5),
                RankRule(Rank.DESORDRE, Condition.SAME_SET, 5),
                RankRule(Rank.BONUS4, Condition.CONTAINS, 4),
                RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
            ),
            200,
            _d("0.285"),
            (_d("0.28"), _d("0.29"), _d("0.17"), _d("0.26")),
        ),
        BetTypeSpec(
            # "Multi en N": one base stake names 4 to 7 runners and wins when the first four
            # are among them; one pool of four-runner combinations (DOMAIN.md). Sold here as
            # a unitaire only (the règlement's champs en 4 … en 7 are not offered yet).
            BetType.MULTI,
            "MU",
            4,
            Order.NONE,
            Settling.WIN,
            (RankRule(Rank.EN_4, Condition.SAME_SET, 4),),
            300,
            _d("0.307"),
            _ONE,
            formulas=frozenset({Formula.UNITAIRE}),
            lines=((4, Rank.EN_4), (5, Rank.EN_5), (6, Rank.EN_6), (7, Rank.EN_7)),
        ),
    )
}


def spec_of(bet_type: BetType) -> BetTypeSpec:
    return SPECS[bet_type]


def spec_by_code(code: str) -> BetTypeSpec | None:
    """The bet type a counter code names (``QP``: Quinté+), or None."""
    return next((spec for spec in SPECS.values() if spec.code == code), None)
