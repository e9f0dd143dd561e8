"""How a ranked chapter (Tiercé, Quarté+) shares its masse between its ranks.

Two rules of the règlement that DOMAIN.md's split does not have:

- An unwon rank's share goes to the won ranks of its own group, in proportion to their
  shares, and only when none of its group won, to every won rank in proportion (Tiercé, art.
  68, a: no stake on the exact order, its part goes to the inexact orders, and the reverse;
  Quarté+, art. 86-9, a and c: no stake on any quarté combination, the whole masse goes to
  the bonus, none on the bonus, it goes to the quarté's two ranks).
- Least proportions between ranks, in a finish with one combination per rank (the dead-heat
  cases of those articles are not implemented): the exact order's dividend at least
  ``order_ratio`` times the inexact orders' (Tiercé, art. 64, a: 5; Quarté+, art. 86-6, a: 8),
  failing which the two parts are pooled and shared with the exact order's stakes counted
  ``order_ratio`` times, the exact order then paid ``order_ratio`` times the inexact orders'
  dividend as rounded; the bonus at most the inexact orders' dividend over ``bonus_ratio``
  (Quarté+, art. 86-7 as replaced in 2011: 4), failing which the bonus and the inexact
  orders' masses are pooled the same way. Neither applies when the inexact orders' dividend is
  below the minimum (art. 63, 3, b; art. 86-5, I, 3, b).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from pari.bet_types import Rank
from pari.money import round_fraction
from pari.paying import Group
from pari.reglement.chapter import Chapter
from pari.rules import PoolRules

Found = dict[Rank, list[tuple[Group, Fraction]]]
"""Each won rank's paying groups with their exact dividends, per 1 unit staked."""


def carried_shares(
    split: Sequence[tuple[Rank, Decimal]],
    won: set[Rank],
    groups: Sequence[Sequence[Rank]],
    net: Fraction,
) -> dict[Rank, Fraction]:
    """Each won rank's share of ``net`` once the unwon ranks' shares are passed on."""
    base = {rank: net * Fraction(part) for rank, part in split}
    shares = {rank: base[rank] for rank in base if rank in won}
    for rank, unwon in base.items():
        if rank in won or not unwon:
            continue
        group = next((g for g in groups if rank in g), (rank,))
        takers = [r for r in group if r in won] or list(shares)
        weight = sum(base[r] for r in takers)
        for taker in takers:
            part = base[taker] / weight if weight else Fraction(1, len(takers))
            shares[taker] += unwon * part
    return shares


def hold_ratios(
    chapter: Chapter,
    found: Found,
    stakes: Sequence[int],
    shares: dict[Rank, Fraction],
    rules: PoolRules,
) -> None:
    """Bring ``found``'s exact dividends to the chapter's least proportions (in place)."""
    if chapter.order_ratio is not None:
        _pool(found, stakes, shares, rules, Rank.ORDRE, Rank.DESORDRE, chapter.order_ratio)
    if chapter.bonus_ratio is not None:
        _pool(found, stakes, shares, rules, Rank.DESORDRE, Rank.BONUS3, chapter.bonus_ratio)


def _pool(
    found: Found,
    stakes: Sequence[int],
    shares: dict[Rank, Fraction],
    rules: PoolRules,
    high: Rank,
    low: Rank,
    ratio: int,
) -> None:
    """``high``'s dividend at least ``ratio`` times ``low``'s, else one pooled masse."""
    tops, bottoms = found.get(high, []), found.get(low, [])
    if len(tops) != 1 or len(bottoms) != 1:
        return  # a dead heat, or a rank nobody won: the proportion is not checked

    def rounded(value: Fraction) -> Decimal:
        return round_fraction(value, rules.rounding_step, rules.rounding_mode)

    (top, top_exact), (bottom, bottom_exact) = tops[0], bottoms[0]
    if rounded(bottom_exact) < rules.min_dividend:
        return
    if rounded(top_exact) >= ratio * rounded(bottom_exact):
        return
    on_top, on_bottom = (Fraction(stakes[g.index], 100) for g in (top, bottom))
    masse = shares[high] + shares[low]
    pooled = masse / (ratio * on_top + on_bottom)
    if rounded(pooled) < rules.min_dividend:
        return  # the minimum's case (art. 63, 3, b; art. 86-5, I, 3, b): no proportion
    found[high] = [(top, Fraction(ratio * rounded(pooled)))]
    found[low] = [(bottom, pooled)]
    shares[high] = found[high][0][1] * on_top
    shares[low] = masse - shares[high]
