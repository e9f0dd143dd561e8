"""Settlement: from a pool, the field and the official finish, every dividend of every rank.

Follows DOMAIN.md, "Dividends", step by step: refunds of combinations holding a scratched
runner leave the pool before the takeout; the net pool is shared between ranks by the split
(an unwon rank passes its share down, or to a jackpot); a win-type rank with one paying group
divides its share by the stakes on it, several groups (a dead heat) or a place-type pool share
the profit (or the pool) in equal parts, one per paying group that has stakes; dividends
are rounded per the pool's step and mode and topped up to the minimum.

Lines (the Multi en N, ``BetTypeSpec.lines``) share one pool of four-runner combinations: a
line of N runners stakes s ÷ C(N, 4) on each of its C(N, 4) combinations, the en 4 dividend
is computed on those stakes as any win rank's, and a line of N is paid the en 4 dividend ÷
C(N, 4), rounded as the pool rounds (the PMU: down to 0.10), with no minimum of its own
(DOMAIN.md; the règlement's art. 18 excepts the Multi from the 1.10 minimum; ``pari.reglement``;
the PMU, Nantes R1C1 of 5 November 2025: 462.00 / 92.40 / 30.80 / 13.20). Stakes on
four-runner combinations are counted in 1/``line_scale`` cents, so they stay whole numbers.

All money is exact (``Fraction`` inside, ``Decimal`` out), so

    payouts + takeout + breakage + jackpot − top-ups = total stakes

holds to the last digit; ``Settlement.balance()`` returns the left side minus the right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import comb

from pari.bet import Bet, ShapeKey
from pari.bet_types import BetType, BetTypeSpec, Order, Rank, Settling, spec_of
from pari.field import Field, mask_of
from pari.money import Cents, euros, fraction_to_decimal, round_fraction
from pari.paying import Coverage, Group, PayingTable
from pari.pool import Pool
from pari.reglement import Chapter, chapter_of, slot_shares
from pari.result import Finish
from pari.rules import PoolRules, RulesSet
from pari.shares import rank_exact

_ONE = Decimal("1.00")
_ZERO = Decimal("0.00")
_HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class Dividend:
    """What 1 unit of currency staked on a paying combination (or group) returns."""

    rank: Rank
    runners: tuple[int, ...]  # the combination; for BONUS ranks, the runners required
    ordered: bool
    dividend: Decimal
    stakes: Cents  # staked on this group (lines: of this size); it pays dividend × stakes


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
    # nobody staked on the paying combination and the pool was settled on another one of the
    # finish, as the règlement says (the Couplé gagnant's first and third, art. 46): its places
    reported_to: tuple[tuple[int, ...], ...] | None = None
    dividends: list[Dividend] = field(default_factory=list)
    _table: PayingTable | None = None
    _by_group: dict[int, Decimal] = field(default_factory=dict)
    _by_line: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # (group, C(N, k))
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
            spread = bet.combinations if bet.is_line else 1
            factor = self._factor(self.coverage(bet.shape), spread)
        return factor * bet.stake_per_unit

    def _factor(self, cover: Coverage, spread: int) -> Decimal:
        """Paid per cent of a shape's stake: the dividends of its paying combinations (a
        line's, at its size: ``spread`` = C(N, k)) and 1.00 for each one refunded."""
        groups, refunded = cover
        per_unit = Decimal(refunded)
        by_group = self._by_group
        for group, count in groups:
            dividend = by_group.get(group) if spread == 1 else self._by_line.get((group, spread))
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
        if table.spec.lines:
            return self._line_dividend(table, mask, rank)
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

    def _line_dividend(
        self, table: PayingTable, mask: int, rank: Rank | None
    ) -> tuple[Rank, Decimal] | None:
        """A line type's dividend: named by the paying combination and a size's rank
        (``EN_5 1-2-3-4``), or by a line's runners (``1-2-3-4-9``: en 5)."""
        spec = table.spec
        size = mask.bit_count()
        if size > spec.picks:
            if size not in dict(spec.lines):
                return None
            line_rank = spec.line_rank(size)
            if rank is not None and rank is not line_rank:
                return None
            rank = line_rank
            inside = [m for m, g, _ in table.paying_sets if g >= 0 and m & ~mask == 0]
            if not inside:
                return None
            mask = inside[0]
        rank = rank or spec.line_rank(spec.picks)
        sizes = {line_rank: size for size, line_rank in spec.lines}
        group = table.set_groups.get(mask)
        if rank not in sizes or group is None:
            return None
        found = self._by_line.get((group, comb(sizes[rank], spec.picks)))
        return None if found is None else (rank, found)


def settle(pool: Pool, field: Field, finish: Finish | None) -> Settlement:
    """Settle one pool. ``finish`` is ``None`` for an abandoned race: everything is refunded."""
    spec = spec_of(pool.bet_type)
    rules = pool.rules
    result = Settlement(bet_type=pool.bet_type, total=pool.total)
    if finish is None:
        return _refund_everything(result, "the race was abandoned")
    if len(field.starters) < rules.min_starters:
        return _refund_everything(
            result, f"fewer than {rules.min_starters} starters: {pool.bet_type} is refunded"
        )
    chapter = chapter_of(pool.bet_type) if rules.rules is RulesSet.PMU else None
    least = chapter.min_classified if chapter is not None else None
    if least is not None and sum(map(len, finish.places)) < least:
        return _refund_everything(result, f"fewer than {least} horses classified")
    table, (stakes, on_lines, refunded, spreads) = _paying(pool, field, finish, chapter, result)
    if not any(stakes):
        result.nobody_won, result.reported_to = True, None
        return _refund_everything(result, "nobody staked on a paying combination")
    weights = None
    if chapter is not None and chapter.slot_split and spec.settling is Settling.PLACE:
        by_mask = slot_shares(finish.linear_orders(table.places), table.places, spec.picks)
        weights = {g.index: by_mask.get(mask_of(g.runners), Fraction(0)) for g in table.groups}

    result.refunded = refunded
    staked = Fraction(pool.total - refunded) / _HUNDRED
    takeout = staked * Fraction(rules.takeout)
    net = staked - takeout
    result.takeout = fraction_to_decimal(takeout)
    paid = Fraction(refunded) / _HUNDRED

    shares, found = rank_exact(pool, chapter, table, stakes, net, result, weights)
    breakage = Fraction(0)
    top_ups = Fraction(0)
    min_div = rules.min_dividend
    for rank, share in shares.items():
        for winner, exact in found[rank]:
            rounded = round_fraction(exact, rules.rounding_step, rules.rounding_mode)
            dividend = max(rounded, min_div)
            result._by_group[winner.index] = dividend
            if spec.lines:
                kept, topped, out = _pay_lines(result, rules, winner, (rounded, dividend), on_lines)
                breakage -= kept
                top_ups += topped
                paid += out
                continue
            on_group = Fraction(stakes[winner.index]) / _HUNDRED
            breakage -= Fraction(rounded) * on_group
            top_ups += Fraction(dividend - rounded) * on_group
            paid += Fraction(dividend) * on_group
            result.dividends.append(
                Dividend(rank, winner.runners, winner.ordered, dividend, stakes[winner.index])
            )
        breakage += share
    result.payouts = fraction_to_decimal(paid)
    result.breakage = fraction_to_decimal(breakage)
    result.top_ups = fraction_to_decimal(top_ups)
    result._settled = frozenset(shape for shape, _ in pool.stakes())
    result._factors = {
        shape: result._factor(cover, spreads[shape]) for shape, cover in result._coverage.items()
    }
    return result


Gathered = tuple[list[int], dict[tuple[int, int], Cents], Cents, dict[ShapeKey, int]]


def _paying(
    pool: Pool, field: Field, finish: Finish, chapter: Chapter | None, result: Settlement
) -> tuple[PayingTable, Gathered]:
    """The paying table the pool is settled on, and what it stakes on it (``_gather``): the
    finish's, or, when nobody staked on its paying combination, the first of the chapter's
    fallbacks someone did (the Couplé gagnant's first and third, art. 46), recorded in
    ``result.reported_to``."""
    spec, rules = spec_of(pool.bet_type), pool.rules
    table = PayingTable(spec, rules, field, finish)
    gathered = _gather(pool, table, result._coverage)
    for fallback in chapter.fallbacks(finish) if chapter and chapter.fallbacks else ():
        if any(gathered[0]):
            break
        cache: dict[ShapeKey, Coverage] = {}
        on, rule = (
            (fallback, ()) if isinstance(fallback, Finish) else (fallback.finish, (fallback.rule,))
        )
        table = PayingTable(spec, rules, field, on, rule)
        gathered = _gather(pool, table, cache)
        result._coverage, result.reported_to = cache, on.places
    result._table = table
    return table, gathered


def _gather(pool: Pool, table: PayingTable, cache: dict[ShapeKey, Coverage]) -> Gathered:
    """What the pool stakes on each paying group (in 1/``line_scale`` cents: a line's stake
    spread over its combinations), on each group by line size (cents), and refunds (cents);
    each paying or refunded shape's coverage into ``cache``, and its spread."""
    spec = table.spec
    scale = spec.line_scale
    stakes = [0] * len(table.groups)
    on_lines: dict[tuple[int, int], Cents] = {}  # (group, spread): line stakes
    refunded = 0
    spreads: dict[ShapeKey, int] = {}
    for shape, stake in pool.stakes():
        cover = table.coverage(shape)
        groups, refunds = cover
        if refunds:
            refunded += refunds * stake
        spread = _spread(spec, shape)
        weight = scale // spread
        for group, count in groups:
            stakes[group] += count * stake * weight
            if spec.lines:
                key = (group, spread)
                on_lines[key] = on_lines.get(key, 0) + count * stake
        if groups or refunds:
            cache[shape] = cover
            spreads[shape] = spread
    return stakes, on_lines, refunded, spreads


def _spread(spec: BetTypeSpec, shape: ShapeKey) -> int:
    """Over how many combinations one stake of ``shape`` spreads: C(N, k) for a line of N
    runners (a Multi en N: ``(SET, runners, 0)`` with N > 4), 1 for any other shape."""
    if spec.lines and shape[0] < 0 and shape[2] == 0:
        size = shape[1].bit_count()
        if size > spec.picks:
            return comb(size, spec.picks)
    return 1


def _pay_lines(
    result: Settlement,
    rules: PoolRules,
    winner: Group,
    first: tuple[Decimal, Decimal],
    on_lines: dict[tuple[int, int], Cents],
) -> tuple[Fraction, Fraction, Fraction]:
    """Every line size's dividend on one paying combination, from ``first``, its dividend as
    rounded and as topped up to the minimum: ÷ C(N, k), rounded as the pool rounds. Returns
    what the dividends as rounded pay (the rest of the share is breakage), the top-up, and
    what is paid."""
    spec = spec_of(rules.bet_type)
    kept = topped = out = Fraction(0)
    for size, rank in spec.lines:
        spread = comb(size, spec.picks)
        before, line = (
            round_fraction(Fraction(value) / spread, rules.rounding_step, rules.rounding_mode)
            if spread > 1
            else value
            for value in first
        )
        staked = on_lines.get((winner.index, spread), 0)
        on = Fraction(staked) / _HUNDRED
        kept += Fraction(before) * on
        topped += Fraction(line - before) * on
        out += Fraction(line) * on
        result._by_line[(winner.index, spread)] = line
        result.dividends.append(Dividend(rank, winner.runners, False, line, staked))
    return kept, topped, out


def _refund_everything(result: Settlement, why: str) -> Settlement:
    result.refund_all = why
    result.refunded = result.total
    result.payouts = euros(result.total)
    return result
