"""Settlement: from a pool, the field and the official finish, every dividend of every rank.

Follows DOMAIN.md, "Dividends", step by step: refunds of combinations holding a scratched
runner leave the pool before the takeout; the net pool is shared between ranks by the split
(an unwon rank passes its share down, or to a jackpot); a win-type rank with one paying group
divides its share by the stakes on it, several groups (a dead heat) or a place-type pool share
the profit (or the pool) in equal parts, one per paying group that has stakes; dividends
are rounded per the pool's step and mode and topped up to the minimum. All money is exact
(``Fraction`` inside, ``Decimal`` out), so

    payouts + takeout + breakage + jackpot − top-ups = total stakes

holds to the last digit; ``Settlement.balance()`` returns the left side minus the right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from pari.bet import Bet, ShapeKey
from pari.bet_types import BetType, Order, Rank, Settling, spec_of
from pari.field import Field, mask_of
from pari.money import Cents, euros, fraction_to_decimal, round_fraction
from pari.paying import Coverage, Group, PayingTable
from pari.pool import Pool
from pari.result import Finish
from pari.rules import PlaceMethod

_ONE = Decimal("1.00")
_ZERO = Decimal("0.00")
_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Dividend:
    """What 1 unit of currency staked on a paying combination (or group) returns."""

    rank: Rank
    runners: tuple[int, ...]  # the combination; for BONUS and Multi ranks, the runners required
    ordered: bool
    dividend: Decimal
    stakes: Cents  # staked on this group; what it pays is dividend × stakes


@dataclass(slots=True)
class Settlement:
    bet_type: BetType
    total: Cents
    refunded: Cents = 0
    takeout: Decimal = Decimal(0)
    payouts: Decimal = Decimal(0)  # refunds included
    breakage: Decimal = Decimal(0)
    top_ups: Decimal = Decimal(0)
    jackpot: Decimal = Decimal(0)
    refund_all: str | None = None  # why every stake is refunded, when it is
    # the pool was not won: nobody staked on a paying combination (so every stake is refunded)
    nobody_won: bool = False
    carried: tuple[Rank, ...] = ()  # the unwon ranks whose share went to the jackpot
    dividends: list[Dividend] = field(default_factory=list)
    _table: PayingTable | None = None
    _by_group: dict[int, Decimal] = field(default_factory=dict)
    _coverage: dict[ShapeKey, Coverage] = field(default_factory=dict)
    _settled: frozenset[ShapeKey] = frozenset()  # every shape the pool held
    _factors: dict[ShapeKey, Decimal] = field(default_factory=dict)  # paid per cent staked

    def balance(self) -> Decimal:
        """Left minus right of the conservation identity: zero when no cent is unaccounted."""
        out = self.payouts + self.takeout + self.breakage + self.jackpot - self.top_ups
        return out - euros(self.total)

    def coverage(self, shape: ShapeKey) -> Coverage:
        if self._table is None:
            return ((), 0)
        found = self._coverage.get(shape)
        if found is None:
            found = ((), 0) if shape in self._settled else self._table.coverage(shape)
        return found

    def payout(self, bet: Bet) -> Decimal:
        """What one bet returns, exactly, across all its combinations and ranks.

        Paying a million tickets after a Quinté+ is one dictionary lookup per ticket: the
        amount per cent staked on each paying shape is computed once, in ``settle``.
        """
        if self.refund_all is not None:
            return euros(bet.cost)
        factor = self._factors.get(bet.shape)
        if factor is None:
            if bet.shape in self._settled:
                return _ZERO
            factor = self._factor(self.coverage(bet.shape))
        return factor * bet.stake_per_combination

    def _factor(self, cover: Coverage) -> Decimal:
        groups, refunded = cover
        per_unit = Decimal(refunded)
        by_group = self._by_group
        for group, count in groups:
            dividend = by_group.get(group)
            if dividend is not None:
                per_unit += dividend * count
        return per_unit.scaleb(-2)

    def dividend_for(
        self, combination: tuple[int, ...], rank: Rank | None = None
    ) -> tuple[Rank, Decimal] | None:
        """The rank and dividend a combination (as a scenario lists it) is paid, if any.

        For ordered types the combination is an order, for others a set. A combination shorter
        than the bet type's picks names a group by its required runners (``BONUS3 1-2-3``).
        """
        if self.refund_all is not None:
            return Rank.REFUND, _ONE
        table = self._table
        if table is None:
            return None
        mask = mask_of(combination)
        if mask & table.scratched:
            return Rank.REFUND, _ONE
        group: int | None
        if table.spec.order is not Order.NONE:
            group = table.order_groups.get(combination)
            if group is None:
                group = table.set_groups.get(mask)
        else:
            group = table.set_groups.get(mask)
        if rank is not None and (group is None or table.groups[group].rank is not rank):
            # Named by rank: DESORDRE 1-2-3 listed in finishing order, BONUS3 by its 3 runners.
            group = next(
                (
                    g.index
                    for g in table.groups
                    if g.rank is rank and mask_of(g.runners) == mask and not g.ordered
                ),
                group,
            )
        if group is None or group not in self._by_group:
            return None
        return table.groups[group].rank, self._by_group[group]


def settle(pool: Pool, field: Field, finish: Finish | None) -> Settlement:
    """Settle one pool. ``finish`` is ``None`` for an abandoned race: everything is refunded."""
    spec = spec_of(pool.bet_type)
    rules = pool.rules
    result = Settlement(bet_type=pool.bet_type, total=pool.total)
    if finish is None:
        return _refund_everything(result, "the race was abandoned")
    if len(field.starters) < spec.min_starters:
        return _refund_everything(
            result, f"fewer than {spec.min_starters} starters: {pool.bet_type} is refunded"
        )
    table = PayingTable(spec, rules, field, finish)
    result._table = table
    stakes = [0] * len(table.groups)
    refunded = 0
    cache = result._coverage
    for shape, stake in pool.stakes():
        cover = table.coverage(shape)
        groups, refunds = cover
        if refunds:
            refunded += refunds * stake
        for group, count in groups:
            stakes[group] += count * stake
        if groups or refunds:
            cache[shape] = cover
    if not any(stakes):
        result.nobody_won = True
        return _refund_everything(result, "nobody staked on a paying combination")

    result.refunded = refunded
    staked = Fraction(pool.total - refunded) / _HUNDRED
    takeout = staked * Fraction(rules.takeout)
    net = staked - takeout
    result.takeout = fraction_to_decimal(takeout)
    paid = Fraction(refunded) / _HUNDRED

    shares = _rank_shares(table, stakes, net, result, rules.jackpot, rules.split)
    breakage = Fraction(0)
    top_ups = Fraction(0)
    min_div = rules.min_dividend
    for rank, share in shares.items():
        winners = [g for g in table.groups if g.rank is rank and stakes[g.index] > 0]
        for winner, exact in _exact_dividends(
            spec.settling, rules.place_method, winners, stakes, share
        ):
            rounded = round_fraction(exact, rules.rounding_step, rules.rounding_mode)
            dividend = max(rounded, min_div)
            on_group = Fraction(stakes[winner.index]) / _HUNDRED
            breakage -= Fraction(rounded) * on_group
            top_ups += Fraction(dividend - rounded) * on_group
            paid += Fraction(dividend) * on_group
            result._by_group[winner.index] = dividend
            result.dividends.append(
                Dividend(rank, winner.runners, winner.ordered, dividend, stakes[winner.index])
            )
        breakage += share
    result.payouts = fraction_to_decimal(paid)
    result.breakage = fraction_to_decimal(breakage)
    result.top_ups = fraction_to_decimal(top_ups)
    result._settled = frozenset(shape for shape, _ in pool.stakes())
    result._factors = {shape: result._factor(cover) for shape, cover in cache.items()}
    return result


def _rank_shares(
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


def _exact_dividends(
    settling: Settling,
    method: PlaceMethod,
    winners: list[Group],
    stakes: list[Cents],
    share: Fraction,
) -> list[tuple[Group, Fraction]]:
    on = {g.index: Fraction(stakes[g.index]) / _HUNDRED for g in winners}
    if settling is Settling.WIN and len(winners) == 1:
        (group,) = winners
        return [(group, share / on[group.index])]
    if settling is Settling.PLACE and method is PlaceMethod.POOL_SPLIT:
        part = share / len(winners)
        return [(g, part / on[g.index]) for g in winners]
    # A place pool (PMU) or a dead heat: the profit is cut into equal parts.
    part = (share - sum(on.values())) / len(winners)
    return [(g, 1 + part / on[g.index]) for g in winners]


def _refund_everything(result: Settlement, why: str) -> Settlement:
    result.refund_all = why
    result.refunded = result.total
    result.payouts = euros(result.total)
    return result
