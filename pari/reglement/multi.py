"""Titre II, chapitre 8 of the 2017 règlement, « Pari Multi » (1985 arrêté, art. 87 to 93)."""

from __future__ import annotations

from pari.bet_types import BetType
from pari.reglement.chapter import Chapter

MULTI = Chapter(
    BetType.MULTI,
    # Arrêté du 13 septembre 1985, art. 87 (titre II, chapitre 8 « Pari Multi » of the 2017
    # règlement): a Multi names 4, 5, 6 or 7 horses and is payable when the four first are
    # among them, in any order; "lorsque le nombre de chevaux ayant effectivement participé à
    # la course est inférieur à huit, tous les paris MULTI engagés sur cette épreuve sont
    # remboursés"; each horse counts apart, écuries included. Art. 93-1: a Multi en 4 … en 7
    # is one "combinaison unitaire" (one base stake, DOMAIN.md), its dividend the en 4
    # dividend ÷ C(N, 4) (pari.settlement). Art. 18 (as amended by the arrêté du 28 août
    # 2001): dividends are rounded down to the décime and paid at least 1.10, "sauf
    # dispositions particulières applicables au pari MULTI": the en 4 dividend is held to the
    # minimum, the en 5, 6 and 7 ones follow from it with no minimum of their own (the text of
    # those dispositions was not read: DOMAIN.md's relation en N = en 4 ÷ C(N, 4) decides).
    "arrêté du 13 septembre 1985, art. 87 and 93-1; règlement 2017, titre II, chap. 8",
    min_starters=8,
)
