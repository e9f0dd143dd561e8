"""Titre II, chapitre 6 of the 2017 règlement, « Pari 2sur4 » (1985 arrêté, art. 49 to 57,
the chapter that replaced the « super-couplé »).

What the chapter says and where Guichet stands:

- Payable: two horses among the first four, in any order (art. 49).
- Dead heats (art. 51, a to h): every pair of horses that can both stand among the first
  four, never two horses tied for fourth. That is every pair that fills two of the first four
  places in some finishing order the dead heat stands for, which the place condition
  (``Condition.WITHIN``) already pays: no table of its own.
- One dividend (art. 53, 1): the masse à partager "est divisée par le total des mises sur les
  différentes combinaisons payables pour obtenir le rapport brut 2 sur 4": one dividend for
  every payable pair, the masse over the stakes on all of them (``RankRule.pooled``), not a
  part of the profit per pair as DOMAIN.md's place pools. The PMU's file shows it: Nantes
  R1C1 of 5 November 2025 and Vincennes R1C1 of 4 November 2025 publish one dividend and one
  count of winners for their six pairs.
- Every 2sur4 is refunded when fewer than two horses are classified (art. 55, 1: no payable
  pair, so nobody can have won) or nobody staked on a payable pair (art. 55, 2).
- Not implemented: the « rapport spécial placé » of a pair holding a non-partant and one of
  the first four, paid from the « masse d'enjeux transformés » (art. 52, b and 53, 2, c: the
  2sur4 text of art. 52 could not be read, only the super-couplé's), and the replacement
  horse (art. 13, II): such pairs are refunded as DOMAIN.md says. The refund below five
  starters is the specification's (the PMU's online rules), kept.
"""

from __future__ import annotations

from decimal import Decimal

from pari.bet_types import BetType, Condition, Rank, RankRule
from pari.reglement.chapter import Chapter

DEUX_SUR_QUATRE = Chapter(
    BetType.DEUX_SUR_QUATRE,
    "arrêté du 13 septembre 1985, art. 49, 51, 53 and 55; règlement 2017, titre II, chap. 6",
    ranks=(RankRule(Rank.UNIQUE, Condition.WITHIN, 4, pooled=True),),  # art. 53, 1
    split=(Decimal(1),),
)
