"""Titre II, chapitre 7 of the 2017 règlement, « Pari Quarté Plus » (1985 arrêté, art. 86-1
to 86-10).

What the chapter says and where Guichet stands:

- Ranks (art. 86-1): the first four in the order stipulated ("quarté dans l'ordre exact",
  ORDRE) or in another (DESORDRE); every combination holding the first three, in any order,
  and a horse beyond the fourth: the "bonus" (BONUS3).
- Shares (art. 86-5): 60 % of the masse for the quarté, 40 % for the bonus; of the quarté's,
  25/60 for the exact order, 35/60 for the others: the split ORDRE 25 %, DESORDRE 35 %,
  BONUS3 40 % (a ``PoolRules.split`` setting). The text read is the one before the
  amendments of 2011, which replaced art. 86-7 (read) and may have changed these figures.
- Least proportions: the exact order's dividend at least eight times the inexact orders'
  (art. 86-6, a), the bonus at most a quarter of the inexact orders' (art. 86-7 as replaced
  by the arrêté du 22 juin 2011), else the masses are pooled (``pari.reglement.ranks``).
  The dead-heat proportions (art. 86-6, b to d: two, three, four) and shares by combination
  (art. 86-5, I, 2, b) are not implemented: a dead heat is settled as DOMAIN.md says.
- Ranks nobody won (art. 86-9): an unbacked exact order passes its part to the inexact
  orders and the reverse; no stake on the quarté, the whole masse goes to the bonus; none on
  the bonus, to the quarté (a, c). Nothing on either, a finish with its first four places
  held by one horse each: bonus dividends for every combination holding 1-2-4, failing that
  1-3-4, then 2-3-4, then holding 1-2, then 1-3, then 2-3 (d); with three horses classified
  the combinations holding the three (the bonus itself), then 1-2, 1-3, 2-3; with two, those
  holding both (e); fewer than two horses classified: every Quarté+ is refunded (e).
- Non-partants (art. 86-4): two or more in a combination, refunded; one, and the other three
  the first three in any order, paid twice the bonus. Not implemented: every combination
  holding a non-partant is refunded as DOMAIN.md says, and the replacement horse too.
"""

from __future__ import annotations

from decimal import Decimal

from pari.bet_types import BetType, Condition, Rank, RankRule
from pari.reglement.chapter import Chapter, Fallback
from pari.reglement.finishes import in_order, singles
from pari.result import Finish


def _holding(*runners: int) -> Fallback:
    return Fallback(in_order(*runners), RankRule(Rank.BONUS3, Condition.CONTAINS, len(runners)))


def quarte_fallbacks(finish: Finish) -> tuple[Fallback, ...]:
    """Art. 86-9, d and e: bonus dividends on the combinations holding 1-2-4, 1-3-4, 2-3-4,
    then 1-2, 1-3 and 2-3 (three horses classified: the last three; two: 1-2)."""
    classified = sum(map(len, finish.places))
    four = singles(finish, 4)
    three = singles(finish, 3)
    if four is not None:
        first, second, third, fourth = four
        return (
            _holding(first, second, fourth),
            _holding(first, third, fourth),
            _holding(second, third, fourth),
            _holding(first, second),
            _holding(first, third),
            _holding(second, third),
        )
    if three is not None and classified == 3:
        first, second, third = three
        return (_holding(first, second), _holding(first, third), _holding(second, third))
    two = singles(finish, 2)
    if two is not None and classified == 2:
        return (_holding(*two),)
    return ()


QUARTE_PLUS = Chapter(
    BetType.QUARTE_PLUS,
    "arrêté du 13 septembre 1985, art. 86-1 to 86-9; règlement 2017, titre II, chap. 7",
    ranks=(
        RankRule(Rank.ORDRE, Condition.IN_ORDER, 4),
        RankRule(Rank.DESORDRE, Condition.SAME_SET, 4),
        RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
    ),
    split=(Decimal("0.25"), Decimal("0.35"), Decimal("0.40")),  # art. 86-5
    fallbacks=quarte_fallbacks,
    min_classified=2,  # art. 86-9, e
    rank_groups=((Rank.ORDRE, Rank.DESORDRE), (Rank.BONUS3,)),  # art. 86-9, a and c
    order_ratio=8,  # art. 86-6, a
    bonus_ratio=4,  # art. 86-7 (2011)
)
