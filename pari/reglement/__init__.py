"""The ``pmu`` rules set: what the PMU's own règlement changes from DOMAIN.md's summary.

The authority is the "Règlement du pari mutuel urbain et sur les hippodromes" (annex to the
arrêté of 22 November 2017, as amended), which carried over the arrêté of 13 September 1985
"portant règlement du pari mutuel". Articles are cited by the text they were read in: the
1985 arrêté as consolidated before 2017 (Légifrance's text, as published by Etalab and
Tricoteuses); of the 2017 annex only the table of contents could be read, whose chapters
match the 1985 ones. A pool whose rules name ``pmu`` takes, for its bet type, the rules of
that type's chapter; where a bet type has no chapter here, or its chapter sets no rule, the
simple rules of DOMAIN.md apply (the ``simple`` rules set, the one other operators use). One
module per chapter; a rule a chapter brings is one field of ``Chapter``, read by
``PoolRules`` and by settlement.
"""

from __future__ import annotations

from pari.bet_types import BetType
from pari.reglement.chapter import Chapter, Fallback, Fallbacks
from pari.reglement.couple import COUPLE_CHAPTERS
from pari.reglement.deux_sur_quatre import DEUX_SUR_QUATRE
from pari.reglement.multi import MULTI
from pari.reglement.places import slot_shares
from pari.reglement.quarte import QUARTE_PLUS
from pari.reglement.quinte import QUINTE_PLUS
from pari.reglement.simple import SIMPLE_CHAPTERS
from pari.reglement.tierce import TIERCE
from pari.reglement.trio import TRIO_CHAPTERS

__all__ = ["CHAPTERS", "Chapter", "Fallback", "Fallbacks", "chapter_of", "slot_shares"]

_ALL = (
    *SIMPLE_CHAPTERS,
    *COUPLE_CHAPTERS,
    TIERCE,
    DEUX_SUR_QUATRE,
    QUARTE_PLUS,
    MULTI,
    QUINTE_PLUS,
    *TRIO_CHAPTERS,
)
CHAPTERS: dict[BetType, Chapter] = {chapter.bet_type: chapter for chapter in _ALL}


def chapter_of(bet_type: BetType) -> Chapter | None:
    return CHAPTERS.get(bet_type)
