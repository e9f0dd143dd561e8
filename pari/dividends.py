"""A rank's exact dividends from its share of the net pool (DOMAIN.md, Dividends 2, 3 and 6).

One winning group takes the share over its stakes; several (a place pool, a dead heat) cut
the profit — the share less the stakes on them — into equal parts, or into the parts the
``pmu`` rules' place tables give (``pari.reglement.places``), each paid 1 + part / stakes;
the Australian tote's ``pool_split`` cuts the share itself. Exact fractions: rounding and the
minimum are settlement's.
"""

from __future__ import annotations

from fractions import Fraction

from pari.bet_types import Settling
from pari.paying import Group
from pari.rules import PlaceMethod


def exact_dividends(
    settling: Settling,
    method: PlaceMethod,
    winners: list[Group],
    stakes: list[int],
    share: Fraction,
    per_unit: Fraction,
    weights: dict[int, Fraction] | None = None,
    pooled: bool = False,
) -> list[tuple[Group, Fraction]]:
    """Each winning group's exact dividend; ``stakes`` are in 1/``per_unit`` currency units.

    ``weights`` (the ``pmu`` rules' place pools: ``pari.reglement.places``) are each group's
    share of the profit; the backed groups' shares are scaled to the whole profit, so an
    unbacked group's share goes to the others in proportion (the règlement's "dans les mêmes
    proportions", Simple placé art. 29, Couplé placé art. 46). A ``pooled`` rank's groups
    are paid one dividend, the share divided by the stakes on all of them.
    """
    on = {g.index: Fraction(stakes[g.index]) / per_unit for g in winners}
    if pooled:  # one dividend for the rank's groups (``RankRule.pooled``: Bonus 4 sur 5)
        dividend = share / sum(on.values())
        return [(g, dividend) for g in winners]
    if settling is Settling.WIN and len(winners) == 1:
        (group,) = winners
        return [(group, share / on[group.index])]
    if settling is Settling.PLACE and method is PlaceMethod.POOL_SPLIT:
        part = share / len(winners)
        return [(g, part / on[g.index]) for g in winners]
    # A place pool (PMU) or a dead heat: the profit is cut into equal (or weighted) parts.
    profit = share - sum(on.values())
    total = sum(weights[g.index] for g in winners) if weights else Fraction(0)
    if weights and total > 0:
        return [(g, 1 + profit * weights[g.index] / total / on[g.index]) for g in winners]
    part = profit / len(winners)
    return [(g, 1 + part / on[g.index]) for g in winners]
