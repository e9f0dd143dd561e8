"""Titre II, chapitre 10 of the 2017 règlement, « Pari Quinté Plus » (1985 arrêté, art. 95-1
to 95-9).

What the chapter says and where Guichet stands:

- Ranks. The Quinté+ pays the first five in order ("Ordre"), in another order ("Désordre"),
  "Bonus 4 sur 5" and "Bonus 3" (art. 95-5 as amended in 2011; the Bonus 4 sur 5 came in
  2005 and was dropped by the PMU in January 2019, but the PMU's feed still publishes it:
  Vincennes R1C1 of 4 November 2025 paid "Bonus 4sur5" on the five combinations of any four
  of the first five, 16-15-7-14, 16-15-7-1, 16-15-14-1, 16-7-14-1 and 15-7-14-1, and no
  "Bonus 4"). A combination holding four of the first five but not all five is paid the
  Bonus 4 sur 5 (``Condition.ALL_BUT_ONE``), one holding the first three and no better the
  Bonus 3, as DOMAIN.md's BONUS3.
- One Bonus 4 sur 5 dividend. The published file gives the five combinations one dividend
  (87.20 per 2 € base stake) and one count of winners (3,032.05 base stakes) each: the rank
  is paid as one pool, its share divided by the stakes on all five (``RankRule.pooled``),
  not a part of the profit per combination as art. 95-5, II, 2 (1996 text) said of the
  older Bonus 4. The 2011 text itself was not read: the rule is the published file's.
- Shares of the net pool. The text read of art. 95-5 (as in force before 2011) gives 45 %
  "Quinté Plus", 20 % "Bonus 4" and 35 % "Bonus 3", after a 1.5 % tirelire; the 2011 shares
  with the Bonus 4 sur 5 could not be read. The default is therefore DOMAIN.md's Quinté+
  split, the Bonus 4 sur 5 taking the Bonus 4's part: ORDRE 28 %, DESORDRE 29 %, BONUS4SUR5
  17 %, BONUS3 26 % (a ``PoolRules.split`` setting: a pool or scenario can set the
  règlement's figures). The Vincennes file's published dividends times their winners come to
  about 37 / 14 / 20 / 28 % of what the four ranks paid (the ordre with its tirelire).
- Not implemented: the tirelire (art. 95-9), the Bonus proportions of art. 95-5, II, 2, b,
  the "numéro plus", dead-heat tables beyond what the ranks' conditions give for every
  finishing order a dead heat stands for.
"""

from __future__ import annotations

from decimal import Decimal

from pari.bet_types import BetType, Condition, Rank, RankRule
from pari.reglement.chapter import Chapter

QUINTE_PLUS = Chapter(
    BetType.QUINTE_PLUS,
    "arrêté du 13 septembre 1985, art. 95-5 as amended in 2011; règlement 2017, titre II, chap. 10",
    ranks=(
        RankRule(Rank.ORDRE, Condition.IN_ORDER, 5),
        RankRule(Rank.DESORDRE, Condition.SAME_SET, 5),
        RankRule(Rank.BONUS4SUR5, Condition.ALL_BUT_ONE, 5, pooled=True),
        RankRule(Rank.BONUS3, Condition.CONTAINS, 3),
    ),
    split=(Decimal("0.28"), Decimal("0.29"), Decimal("0.17"), Decimal("0.26")),
)
