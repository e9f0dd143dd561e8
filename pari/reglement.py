"""The ``pmu`` rules set: what the PMU's own règlement changes from DOMAIN.md's summary.

The authority is the "Règlement du pari mutuel urbain et sur les hippodromes" (annex to the
arrêté of 22 November 2017, as amended), which carried over the arrêté of 13 September 1985
"portant règlement du pari mutuel"; articles are cited by the text they were read in. A pool
whose rules name ``pmu`` takes, for its bet type, the figures of that type's chapter below;
where a chapter is not listed, or sets no figure, the simple rules of DOMAIN.md apply (the
``simple`` rules set, the one other operators use). A chapter read into Guichet is one
``Chapter`` here, and a rule it brings is one field, read by ``PoolRules.of``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pari.bet_types import BetType


@dataclass(frozen=True, slots=True)
class Chapter:
    """One bet type's chapter of the règlement, as far as Guichet implements it."""

    bet_type: BetType
    source: str  # the articles the figures below come from
    min_starters: int | None = None  # fewer horses ran: every bet of the type is refunded


CHAPTERS: dict[BetType, Chapter] = {
    chapter.bet_type: chapter
    for chapter in (
        Chapter(
            BetType.MULTI,
            # Arrêté du 13 septembre 1985, art. 87 (titre II, chapitre 8 « Pari Multi » of the
            # 2017 règlement): a Multi names 4, 5, 6 or 7 horses and is payable when the four
            # first are among them, in any order; "lorsque le nombre de chevaux ayant
            # effectivement participé à la course est inférieur à huit, tous les paris MULTI
            # engagés sur cette épreuve sont remboursés"; each horse counts apart, écuries
            # included. Art. 93-1: a Multi en 4 … en 7 is one "combinaison unitaire" (one base
            # stake, DOMAIN.md), its dividend the en 4 dividend ÷ C(N, 4) (pari.settlement).
            # Art. 18 (as amended by the arrêté du 28 août 2001): dividends are rounded down
            # to the décime and paid at least 1.10, "sauf dispositions particulières
            # applicables au pari MULTI": the en 4 dividend is held to the minimum, the en 5, 6
            # and 7 ones follow from it with no minimum of their own (the text of those
            # dispositions was not read: DOMAIN.md's relation en N = en 4 ÷ C(N, 4) decides).
            "arrêté du 13 septembre 1985, art. 87 and 93-1; règlement 2017, titre II, chap. 8",
            min_starters=8,
        ),
    )
}


def chapter_of(bet_type: BetType) -> Chapter | None:
    return CHAPTERS.get(bet_type)
