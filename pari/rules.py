"""Per-pool settings, defaulting to the PMU's values (DOMAIN.md: "every rate and threshold
below is a per-pool setting with the PMU value as default").

A pool names its *rules set*: ``simple``, DOMAIN.md's summary, for operators other than the
PMU (and the shared scenarios), or ``pmu``, the PMU's règlement where Guichet implements its
chapter (``pari.reglement``). The set gives the defaults; a race's programme or a scenario
file overrides single keys. Validation happens here, once, so settlement can trust every
value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from pari.bet_types import BetType, Rank, RankRule, Settling, spec_of
from pari.errors import RulesError, StakeAboveMaximum
from pari.money import Cents, RoundingMode, format_amount, parse_amount, parse_decimal
from pari.reglement import chapter_of

_E = TypeVar("_E", bound=StrEnum)


class PlaceMethod(StrEnum):
    """How a place-type pool is shared (DOMAIN.md, Dividends 3)."""

    PROFIT_SPLIT = "profit_split"  # PMU: each paying combination gets an equal part of the profit
    POOL_SPLIT = "pool_split"  # Australian tote: each gets an equal part of the net pool


class RulesSet(StrEnum):
    """Whose rules a pool follows."""

    SIMPLE = "simple"  # DOMAIN.md's summary: other operators, the shared scenarios
    PMU = "pmu"  # the PMU's règlement, chapter by chapter (pari.reglement)


@dataclass(frozen=True, slots=True)
class PoolRules:
    bet_type: BetType
    takeout: Decimal
    min_stake: Cents
    min_starters: int = 1  # fewer starters and every stake is refunded
    rules: RulesSet = RulesSet.SIMPLE
    rounding_step: Decimal = Decimal("0.10")
    rounding_mode: RoundingMode = RoundingMode.DOWN
    min_dividend: Decimal = Decimal("1.10")
    place_method: PlaceMethod = PlaceMethod.PROFIT_SPLIT
    places_paid: int | None = None  # place types; None: by the number of starters
    split: tuple[tuple[Rank, Decimal], ...] = field(default=())
    jackpot: bool = False  # an unwon rank's share goes to a jackpot instead of the next rank
    odds_step: Decimal | None = None  # approximate odds rounding; None: as the dividends
    odds_mode: RoundingMode | None = None
    # the most one bet on this pool may cost, cents (an imported PMU pool's maximum stake,
    # issue 25); None: no maximum. Checked by ``check_cost`` wherever a sale is priced.
    max_stake: Cents | None = None

    @classmethod
    def of(cls, bet_type: BetType, rules: RulesSet = RulesSet.SIMPLE) -> PoolRules:
        """The defaults of a rules set for ``bet_type``: DOMAIN.md's table, then, for the
        ``pmu`` set, the figures of the type's chapter of the règlement."""
        spec = spec_of(bet_type)
        min_starters = spec.min_starters
        chapter = chapter_of(bet_type) if rules is RulesSet.PMU else None
        if chapter is not None and chapter.min_starters is not None:
            min_starters = chapter.min_starters
        return cls(
            bet_type=bet_type,
            takeout=spec.takeout,
            min_stake=spec.min_stake,
            min_starters=min_starters,
            rules=rules,
            split=tuple(
                zip(
                    (rule.rank for rule in rank_rules(bet_type, rules)),
                    chapter.split if chapter is not None and chapter.ranks else spec.split,
                    strict=True,
                )
            ),
        ).checked()

    @classmethod
    def pmu(cls, bet_type: BetType) -> PoolRules:
        """The PMU's rules for ``bet_type`` (its règlement where Guichet has its chapter)."""
        return cls.of(bet_type, RulesSet.PMU)

    @classmethod
    def simple(cls, bet_type: BetType) -> PoolRules:
        """DOMAIN.md's simple rules for ``bet_type``, with the PMU's default figures."""
        return cls.of(bet_type, RulesSet.SIMPLE)

    def with_overrides(self, **changes: Any) -> PoolRules:
        return replace(self, **changes).checked()

    def check_cost(self, cost: Cents) -> None:
        """Refuse a bet costing more than the pool's maximum stake, saying the maximum."""
        if self.max_stake is not None and cost > self.max_stake:
            raise StakeAboveMaximum(
                f"a bet of {format_amount(cost)} is above the maximum stake of "
                f"{format_amount(self.max_stake)} for {self.bet_type}",
                maximum=self.max_stake,
            )

    @property
    def rank_rules(self) -> tuple[RankRule, ...]:
        """The ranks this pool pays, best first: its rules set's (``rank_rules``)."""
        return rank_rules(self.bet_type, self.rules)

    def share_of(self, rank: Rank) -> Decimal:
        return dict(self.split)[rank]

    def places_for(self, starters: int, declared: int | None = None) -> int:
        """Places paid by a place-type pool with this many starters (and ``declared``
        runners on the programme, the count the ``pmu`` rules read where the règlement says
        so: ``Chapter.places_by_declared``, the Simple placé's art. 23)."""
        if self.places_paid is not None:
            return self.places_paid
        spec = spec_of(self.bet_type)
        if self.bet_type is BetType.SIMPLE_PLACE:
            chapter = chapter_of(self.bet_type) if self.rules is RulesSet.PMU else None
            if chapter is not None and chapter.places_by_declared and declared is not None:
                starters = declared
            return 3 if starters >= 8 else 2
        return spec.ranks[0].depth

    def checked(self) -> PoolRules:
        """Refuse settings that would make settlement meaningless; return self."""
        spec = spec_of(self.bet_type)
        if not Decimal(0) <= self.takeout < Decimal(1):
            raise RulesError(f"{self.bet_type}: takeout {self.takeout} must be in [0, 1)")
        if self.min_stake <= 0:
            raise RulesError(f"{self.bet_type}: minimum stake must be positive")
        if self.min_starters < 1:
            raise RulesError(f"{self.bet_type}: min_starters {self.min_starters} must be 1 or more")
        if self.max_stake is not None and self.max_stake < self.min_stake:
            raise RulesError(f"{self.bet_type}: the maximum stake is below the minimum stake")
        for what, step in (("rounding_step", self.rounding_step), ("odds_step", self.odds_step)):
            if step is not None and step <= 0:
                raise RulesError(f"{self.bet_type}: {what} {step} must be positive")
        if self.min_dividend < 0:
            raise RulesError(f"{self.bet_type}: min_dividend {self.min_dividend} is negative")
        if self.places_paid is not None:
            if spec.settling is not Settling.PLACE:
                raise RulesError(f"{self.bet_type}: places_paid applies to place-type pools only")
            if not spec.picks <= self.places_paid <= 10:
                raise RulesError(
                    f"{self.bet_type}: places_paid {self.places_paid} must be between "
                    f"{spec.picks} and 10"
                )
        ranks = tuple(rank for rank, _ in self.split)
        names = tuple(rule.rank for rule in self.rank_rules)
        if ranks != names:
            raise RulesError(
                f"{self.bet_type}: the split must name the ranks {', '.join(names)} in that order"
            )
        shares = [share for _, share in self.split]
        if any(share < 0 for share in shares) or sum(shares) != 1:
            raise RulesError(f"{self.bet_type}: the rank split must be non-negative and sum to 1")
        return self


_KEYS = {
    "rules",
    "takeout",
    "min_stake",
    "min_starters",
    "max_stake",
    "rounding_step",
    "rounding_mode",
    "min_dividend",
    "place_method",
    "places_paid",
    "split",
    "jackpot",
    "odds_step",
    "odds_mode",
}


def rules_from_mapping(bet_type: BetType, data: dict[str, Any]) -> PoolRules:
    """Build rules from a JSON object of overrides (scenario files, the race programme).

    ``rules`` names the rules set the other keys override (``simple`` when absent). Amounts
    and rates are decimal strings, as everywhere in our JSON. An unknown key is an error: a
    rule silently ignored would settle a pool wrongly.
    """
    if not isinstance(data, dict):
        raise RulesError(f"{bet_type}: rules must be an object")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise RulesError(
            f"{bet_type}: unknown rule {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    changes: dict[str, Any] = {}
    for key in ("takeout", "rounding_step", "min_dividend", "odds_step"):
        if key in data:
            changes[key] = parse_decimal(data[key], f"{bet_type} {key}")
    if "min_stake" in data:
        changes["min_stake"] = parse_amount(data["min_stake"])
    if "max_stake" in data:
        changes["max_stake"] = parse_amount(data["max_stake"])
    for key in ("rounding_mode", "odds_mode"):
        if key in data:
            changes[key] = _enum(RoundingMode, data[key], f"{bet_type} {key}")
    if "place_method" in data:
        changes["place_method"] = _enum(
            PlaceMethod, data["place_method"], f"{bet_type} place_method"
        )
    for key in ("places_paid", "min_starters"):
        if key in data:
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool):
                raise RulesError(f"{bet_type}: {key} must be a whole number")
            changes[key] = value
    if "jackpot" in data:
        if not isinstance(data["jackpot"], bool):
            raise RulesError(f"{bet_type}: jackpot must be true or false")
        changes["jackpot"] = data["jackpot"]
    rules_set = _enum(RulesSet, data.get("rules", RulesSet.SIMPLE.value), f"{bet_type} rules")
    if "split" in data:
        changes["split"] = _split(bet_type, rules_set, data["split"])
    return PoolRules.of(bet_type, rules_set).with_overrides(**changes)


def _enum(kind: type[_E], value: Any, what: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise RulesError(f"{what} {value!r} is not one of {allowed}") from None


def rank_rules(bet_type: BetType, rules: RulesSet) -> tuple[RankRule, ...]:
    """The ranks a bet type pays under a rules set, best first: its specification's, or its
    chapter's where the règlement pays others (the Quinté+'s Bonus 4 sur 5, art. 95-5)."""
    chapter = chapter_of(bet_type) if rules is RulesSet.PMU else None
    if chapter is not None and chapter.ranks:
        return chapter.ranks
    return spec_of(bet_type).ranks


def _split(bet_type: BetType, rules: RulesSet, data: Any) -> tuple[tuple[Rank, Decimal], ...]:
    names = tuple(rule.rank for rule in rank_rules(bet_type, rules))
    if not isinstance(data, dict) or set(data) != {rank.value for rank in names}:
        raise RulesError(f"{bet_type}: split must be an object with the ranks {', '.join(names)}")
    return tuple(
        (rank, parse_decimal(data[rank.value], f"{bet_type} split {rank}")) for rank in names
    )
