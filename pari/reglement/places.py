"""How the règlement shares a place pool's profit when runners tie: by places, not by runner.

The 1985 arrêté's tables (Simple placé, art. 27; Couplé placé, art. 44) all say one thing: the
profit ("bénéfice à répartir") is cut into one equal part per place paid (Simple placé: 2 or
3 places) or per pair of places (Couplé placé: the pairs 1-2, 1-3 and 2-3), and runners tied
on a place share the parts of the places they fill. Two horses first in a three-place Simple
placé take a third each and the horses third share the last third; one first and several
second in a Couplé placé give two thirds to the pairs of the first with a second and one third
to the pairs of seconds (art. 44, 2, b, 3). That is the average, over every strict finishing
order the dead heat stands for, of the places each combination fills, which is how it is
computed here: one table of the règlement's cases is one loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations


def slot_shares(orders: Sequence[tuple[int, ...]], places: int, picks: int) -> dict[int, Fraction]:
    """Each paying combination's share of the profit, keyed by its runners' bit mask.

    ``orders`` are the strict finishing orders a finish stands for, truncated to ``places``
    (``Finish.linear_orders``: each equally often); a combination of ``picks`` runners fills
    the ``picks`` places of one slot in one order. A slot left empty (fewer runners classified
    than places paid) gives nothing, so the shares then sum to less than 1 and settlement's
    normalising gives the classified runners the whole profit (art. 29, 4°).
    """
    slots = list(combinations(range(places), picks))
    if not orders or not slots:
        return {}
    unit = Fraction(1, len(slots) * len(orders))
    shares: dict[int, Fraction] = {}
    for order in orders:
        for slot in slots:
            if slot[-1] >= len(order):
                continue
            mask = 0
            for place in slot:
                mask |= 1 << order[place]
            shares[mask] = shares.get(mask, Fraction(0)) + unit
    return shares
