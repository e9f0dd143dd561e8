"""Each won rank's share of a pool's net and its paying groups' exact dividends.

DOMAIN.md's split: an unwon rank's share passes down to the next rank, or to a jackpot, and
the lowest ranks' back up to the lowest won one; or, where the ``pmu`` rules' chapter says
otherwise, the règlement's carrying and least proportions between ranks
(``pari.reglement.ranks``). Rounding and the minimum are settlement's.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from pari.bet_types import Rank
from pari.dividends import exact_dividends
from pari.money import Cents, fraction_to_decimal
from pari.paying import PayingTable
from pari.pool import Pool
from pari.reglement import Chapter
from pari.reglement.ranks import Found, carried_shares, hold_ratios

if TYPE_CHECKING:
    from pari.settlement import Settlement

_HUNDRED = Fraction(100)


def rank_exact(
    pool: Pool,
    chapter: Chapter | None,
    table: PayingTable,
    stakes: list[int],
    net: Fraction,
    result: Settlement,
    weights: dict[int, Fraction] | None,
) -> tuple[dict[Rank, Fraction], Found]:
    """Each won rank's share of the net pool and its groups' exact dividends: DOMAIN.md's
    split, or the règlement's ranks where the chapter has them (``pari.reglement.ranks``)."""
    rules, spec = pool.rules, table.spec
    won = {g.rank for g in table.groups if stakes[g.index] > 0}
    if chapter is not None and chapter.rank_groups:
        shares = carried_shares(rules.split, won, chapter.rank_groups, net)
    else:
        shares = rank_shares(table, stakes, net, result, rules.jackpot, rules.split)
    found = {
        rank: exact_dividends(
            spec.settling,
            rules.place_method,
            [g for g in table.groups if g.rank is rank and stakes[g.index]],
            stakes,
            share,
            _HUNDRED * spec.line_scale,
            weights,
            table.pooled(rank),
        )
        for rank, share in shares.items()
    }
    if chapter is not None:
        hold_ratios(chapter, found, stakes, shares, rules)
    return shares, found


def rank_shares(
    table: PayingTable,
    stakes: list[Cents],
    net: Fraction,
    result: Settlement,
    jackpot: bool,
    split: tuple[tuple[Rank, Decimal], ...],
) -> dict[Rank, Fraction]:
    """Each won rank's share of the net pool, after unwon shares moved down (or to a jackpot)."""
    won = {g.rank for g in table.groups if stakes[g.index] > 0}
    shares: dict[Rank, Fraction] = {}
    carried = Fraction(0)
    last_won: Rank | None = None
    carried_to_jackpot = Fraction(0)
    to_jackpot: list[Rank] = []
    for rank, part in split:
        share = net * Fraction(part) + carried
        carried = Fraction(0)
        if rank in won:
            shares[rank] = share
            last_won = rank
        elif jackpot:
            carried_to_jackpot += share
            to_jackpot.append(rank)
        else:
            carried = share
    if carried:  # the lowest ranks were unwon: their share goes back up to the lowest won rank
        assert last_won is not None
        shares[last_won] += carried
    result.jackpot = fraction_to_decimal(carried_to_jackpot)
    result.carried = tuple(to_jackpot)
    return shares
