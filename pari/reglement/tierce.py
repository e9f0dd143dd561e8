"""Titre II, chapitre 5 of the 2017 règlement, « Pari Tiercé » (1985 arrêté, art. 59 to 68).

What the chapter says and where Guichet stands:

- Ranks (art. 59): the first three in the order stipulated ("dans l'ordre exact", ORDRE) or
  in another ("dans l'ordre inexact" or "de base", DESORDRE).
- Shares (art. 63, 1): the masse is cut into two equal parts, one over the stakes on the
  exact order, one over the stakes on the other orders: the split ORDRE 50 %, DESORDRE 50 %
  (a ``PoolRules.split`` setting).
- Least proportion (art. 64, a): the exact order's dividend at least five times the inexact
  orders'; else the whole masse is shared with the exact order's stakes counted five times,
  and the exact order paid five times the inexact orders' dividend
  (``pari.reglement.ranks``). The dead-heat proportions (art. 64, b and c: five, two) and
  the dead-heat shares by combination (art. 63, 2: each combination's part of the profit cut
  in two, one for its exact orders together, one for the others) are not implemented: a dead
  heat is settled as DOMAIN.md says, one ORDRE group per finishing order it stands for.
- An unbacked exact order passes its part to the inexact orders, and the reverse (art. 68,
  a). Nobody on the first three in any order, a finish with its first four places held by
  one horse each: the masse goes to the combination 1-2-4, one dividend whatever the order
  stipulated, failing that 1-3-4, then 2-3-4; with three horses classified, to every
  combination holding the first two; failing that, every Tiercé is refunded. Every Tiercé is
  refunded below three horses classified (art. 68, d).
- The minimum (art. 63, 3): an inexact orders' dividend below 1.10 is topped up from the
  exact order's part in the règlement; Guichet tops it up from the takeout, as DOMAIN.md.
- Non-partants (art. 62 and 65): a combination of three non-partants is refunded; two and
  the winner is paid the winner's Simple gagnant dividend, one and the first two their
  Couplé gagnant dividend, at most the Tiercé's base dividend (or, the Couplé not run, equal
  to it) and at least 1.10. Those need the other pools' dividends: not implemented, such
  combinations are refunded as DOMAIN.md says; so is the replacement horse (art. 62, II).
- The stake limit (art. 60: twenty base stakes on one combination) is a pool's maximum stake
  where the programme gives one.
"""

from __future__ import annotations

from pari.bet_types import BetType, Condition, Rank, RankRule
from pari.reglement.chapter import Chapter, Fallback
from pari.reglement.finishes import in_order, singles
from pari.result import Finish


def tierce_fallbacks(finish: Finish) -> tuple[Fallback, ...]:
    """Art. 68, a: 1-2-4, 1-3-4 and 2-3-4, one dividend each whatever the order, or, three
    horses classified, every combination holding the first two."""
    four = singles(finish, 4)
    if four is not None:
        first, second, third, fourth = four
        every_order = RankRule(Rank.DESORDRE, Condition.SAME_SET, 3)
        return tuple(
            Fallback(in_order(*three), every_order)
            for three in ((first, second, fourth), (first, third, fourth), (second, third, fourth))
        )
    two = singles(finish, 2)
    if two is None or sum(map(len, finish.places)) != 3:
        return ()
    return (Fallback(in_order(*two), RankRule(Rank.DESORDRE, Condition.CONTAINS, 2)),)


TIERCE = Chapter(
    BetType.TIERCE,
    "arrêté du 13 septembre 1985, art. 59 to 68; règlement 2017, titre II, chap. 5",
    fallbacks=tierce_fallbacks,
    min_classified=3,  # art. 68, d
    rank_groups=((Rank.ORDRE, Rank.DESORDRE),),  # art. 68, a
    order_ratio=5,  # art. 64, a
)
