"""What one bet type's chapter of the règlement can change, as fields (``pari.reglement``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pari.bet_types import BetType, Rank, RankRule
from pari.result import Finish


@dataclass(frozen=True, slots=True)
class Fallback:
    """A finish a pool nobody won is settled on, paid at ``rule`` rather than at the type's
    ranks: every combination holding the finish's runners (``Condition.CONTAINS``), as the
    Trio's "chevaux classés aux deux premières places avec l'un quelconque des chevaux" (art.
    74, a), or one rapport for every order of a combination (the Tiercé's 1-2-4, art. 68, a)."""

    finish: Finish
    rule: RankRule


Fallbacks = Callable[[Finish], tuple[Finish | Fallback, ...]]
"""The finishes a pool is settled on, in turn, when nobody staked on its paying combination
(a bare finish is paid at the type's own ranks)."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One bet type's chapter of the règlement, as far as Guichet implements it."""

    bet_type: BetType
    source: str  # the articles the rules below come from
    min_starters: int | None = None  # fewer horses ran: every bet of the type is refunded
    # places paid by a place pool are counted on the runners declared on the official
    # programme, non-partants included, not on the starters (Simple placé, art. 23)
    places_by_declared: bool = False
    # a place pool's profit is shared by places, not by paying combination: tied runners
    # share the places they fill (``pari.reglement.places``: Simple placé art. 27, Couplé
    # placé art. 44), and an unbacked combination's share goes to the others in proportion
    slot_split: bool = False
    # a win pool nobody won is settled on another combination of the finish before it is
    # refunded (Couplé gagnant and ordre, art. 46)
    fallbacks: Fallbacks | None = None
    # the ranks the chapter pays, best first, when they are not the specification's (the
    # Quinté+'s Bonus 4 sur 5, art. 95-5), and their default shares of the net pool
    ranks: tuple[RankRule, ...] = ()
    split: tuple[Decimal, ...] = ()
    # fewer horses classified and every bet of the type is refunded (Tiercé art. 68, d;
    # Trio ordre art. 74-8, 1; Quarté+ art. 86-9, e)
    min_classified: int | None = None
    # an unwon rank's share goes to the won ranks of its group, in proportion, before any
    # other (Tiercé art. 68, a; Quarté+ art. 86-9, a and c: ``pari.reglement.ranks``)
    rank_groups: tuple[tuple[Rank, ...], ...] = ()
    # the exact order's dividend at least this many times the inexact orders' (Tiercé art.
    # 64: 5; Quarté+ art. 86-6: 8), the inexact orders' at least this many times the bonus
    # (Quarté+ art. 86-7: 4), else the masses are pooled (``pari.reglement.ranks``)
    order_ratio: int | None = None
    bonus_ratio: int | None = None
