"""What one bet type's chapter of the règlement can change, as fields (``pari.reglement``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pari.bet_types import BetType, RankRule
from pari.result import Finish

Fallbacks = Callable[[Finish], tuple[Finish, ...]]
"""The finishes a pool is settled on, in turn, when nobody staked on its paying combination."""


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
