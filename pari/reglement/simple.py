"""Titre II, chapitre 1er of the 2017 règlement, « Pari Simple » (1985 arrêté, art. 22 to 29).

What the chapter says and where Guichet stands:

- Simple gagnant (art. 23, 25, 27, 29): the winner pays; a dead heat pays every horse first,
  the profit cut into equal parts, one per horse first (art. 27, 2, a); a horse first nobody
  backed passes its part to the others in equal parts (art. 29, 1°); nobody on any horse
  first: every Simple gagnant is refunded (art. 29, 2°). DOMAIN.md's simple rules already
  say the same, so the chapter adds no rule for it.
- Simple placé: payable on the first two places when 4 to 7 horses are on the official
  programme, the first three with 8 or more (art. 23, as amended by the arrêté du 6 juin 2008:
  "inscrits au programme officiel de la course", so a non-partant still counts); every
  Simple placé is refunded when fewer than four horses ran (art. 29, 3°); the profit is cut
  into equal parts, one per payable horse (art. 27, 1, b) and, in a dead heat, one per place,
  tied horses sharing their places' parts (art. 27, 2, b and c: ``pari.reglement.places``);
  a payable horse nobody backed passes its part to the others "dans les mêmes proportions"
  (art. 29, 1°); nobody on any: refunded (art. 29, 2°).
- Non-partants (art. 26): every stake on them is refunded and leaves the pool (NonPartant.
  REFUND, both rules sets). Écuries (art. 27) are not modelled: the PMU's feed sells none.
- Rounding down to the décime and the 1.10 minimum are art. 18's, the defaults of both sets.
"""

from __future__ import annotations

from pari.bet_types import BetType
from pari.reglement.chapter import Chapter

_SOURCE = "arrêté du 13 septembre 1985, art. 22 to 29; règlement 2017, titre II, chap. 1er"

SIMPLE_CHAPTERS = (
    Chapter(BetType.SIMPLE_GAGNANT, _SOURCE),
    Chapter(
        BetType.SIMPLE_PLACE,
        _SOURCE,
        min_starters=4,  # art. 29, 3°
        places_by_declared=True,  # art. 23 (arrêté du 6 juin 2008)
        slot_split=True,  # art. 27, 2, b and c; art. 29, 1°
    ),
)
