"""Titre III, chapitres 1 and 2 of the 2017 règlement, « Pari Trio » and « Pari Trio Ordre »
(1985 arrêté, art. 70 to 74 and 74-1 to 74-8).

What the chapters say and where Guichet stands:

- Trio: the first three in any order (art. 70); dead heats pay every combination of three
  horses that can fill the first three places (art. 71), each its part of the profit (art.
  72, 2), as DOMAIN.md's dead heat does; an unbacked one passes its part "selon les mêmes
  proportions" to the others (art. 74, a).
- Every Trio is refunded below three horses classified (art. 68, d, applied by art. 70).
- Trio nobody won (art. 74, a), a finish with its first four places held by one horse each:
  the masse goes to the combination 1-2-4, failing that 1-3-4, then 2-3-4; then to every
  combination holding the first two with any third horse, then to every one holding the
  first with any two; failing all, every Trio is refunded. With three horses classified the
  chain starts at the first two with any third.
- Trio ordre: the first three in the exact order (art. 74-1); every Trio ordre is refunded
  below three horses classified (art. 74-8, 1); nobody on the exact order of a finish without
  dead heat (art. 74-8, 2): the masse goes to 1-3-2, failing that 3-2-1, then 2-1-3. The
  later steps (2-3-1 and 3-1-2 together, the first two in order with any third, the first
  with any two) and the dead-heat chain of art. 74-8, 3 are not implemented: refunded.
- Non-partants (art. 62 through art. 70, and art. 74-4): a combination of three non-partants
  is refunded; one of two non-partants and the winner is paid the winner's Simple gagnant
  dividend, one of a non-partant and the first two their Couplé gagnant (Trio ordre: Couplé
  ordre) dividend, at most the Trio's and at least 1.10 (art. 65; art. 74-6), or, when the
  Couplé did not run, half the smallest Trio dividend holding the same two horses (art. 74,
  c; art. 74-8, 6). Those need the other pools' dividends, which one pool's settlement does
  not have: not implemented, such combinations are refunded as DOMAIN.md says. The
  replacement horse (art. 62, II) does not apply to the Trio (art. 70-1).
"""

from __future__ import annotations

from pari.bet_types import BetType, Condition, Rank, RankRule
from pari.reglement.chapter import Chapter, Fallback
from pari.reglement.finishes import in_order, singles
from pari.result import Finish


def holding(*runners: int) -> Fallback:
    """Every combination holding these horses, whatever the others (art. 74, a)."""
    return Fallback(in_order(*runners), RankRule(Rank.UNIQUE, Condition.CONTAINS, len(runners)))


def trio_fallbacks(finish: Finish) -> tuple[Finish | Fallback, ...]:
    """Art. 74, a: 1-2-4, 1-3-4, 2-3-4, then the first two with any, then the first."""
    four = singles(finish, 4)
    if four is not None:
        first, second, third, fourth = four
        chain = ((first, second, fourth), (first, third, fourth), (second, third, fourth))
        return (*(in_order(*three) for three in chain), holding(first, second), holding(first))
    two = singles(finish, 2)
    if two is None:
        return ()
    return (holding(*two), holding(two[0]))


def trio_ordre_fallbacks(finish: Finish) -> tuple[Finish, ...]:
    """Art. 74-8, 2: 1-3-2, then 3-2-1, then 2-1-3, each in that exact order."""
    three = singles(finish, 3)
    if three is None:
        return ()
    first, second, third = three
    return (
        in_order(first, third, second),
        in_order(third, second, first),
        in_order(second, first, third),
    )


TRIO_CHAPTERS = (
    Chapter(
        BetType.TRIO,
        "arrêté du 13 septembre 1985, art. 70 to 74; règlement 2017, titre III, chap. 1er",
        fallbacks=trio_fallbacks,
        min_classified=3,  # art. 68, d, which art. 70 applies to the Trio
    ),
    Chapter(
        BetType.TRIO_ORDRE,
        "arrêté du 13 septembre 1985, art. 74-1 to 74-8; règlement 2017, titre III, chap. 2",
        fallbacks=trio_ordre_fallbacks,
        min_classified=3,  # art. 74-8, 1
    ),
)
