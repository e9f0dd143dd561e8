"""A published pool rebuilt from the PMU's own figures, and Guichet's dividends on it.

The final dividends file gives, for each paying combination, its dividend and
``nombreGagnants``, what was staked on it (in base stakes). That is enough to rebuild what a
pool's dividends depend on: the stakes on every paying combination, and the net pool, which
is what the PMU paid out plus what its rounding down kept. The rounding keeps between 0 and one
step (0.10) per euro staked on a paying combination, so half a step is added back (a Multi's
lines are counted at their en 4 dividend ÷ C(N, 4), the one rounding they share): the net pool
is an estimate within that margin, and a dividend Guichet computes on it may differ from the
PMU's by a step for that reason alone. The gross pool follows from the net by the pool's
takeout; the stakes that won nothing are put on one losing combination (they only count
through the total). Guichet then settles this pool with the pool's own rules
(``pari.settle``), through real bets on real combinations of the race's field.

Nothing here depends on the unit of ``nombreGagnants``: dividends are ratios of money to
stakes. Stakes are placed at ``nombreGagnants`` × 1 € so that they stay whole cents; the pool
sizes reported are converted as if ``nombreGagnants`` counts base stakes, as its values suggest.

Not rebuilt: a pool whose file lacks ``nombreGagnants``, or gives one count and one dividend
for all its combinations together (the 2sur4: how the stakes fell on each pair is not
published, and Guichet's rules share a place pool pair by pair).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import combinations, permutations
from typing import Protocol

from pari import Bet, Field, Finish, Pool, PoolRules, Rank, make_bet, settle
from pari.bet_types import BetTypeSpec, Order, Settling
from pari.errors import PariError
from pari.field import mask_of
from pari.money import fraction_to_decimal
from pari.paying import PayingTable


class PublishedRow(Protocol):
    rank: str
    combination: tuple[str, ...]
    dividend: Decimal | None
    winners: Decimal | None


@dataclass(frozen=True, slots=True)
class Rebuilt:
    low: Decimal  # the net pool the published figures allow: what the PMU paid on them …
    high: Decimal  # … to that plus one rounding step per euro staked on them (euros)
    net: Decimal  # the net pool Guichet's dividends are shown for
    consistent: bool  # at that net, Guichet's rules give every published dividend
    gross: Decimal  # net ÷ (1 − takeout)
    takeout: Decimal
    on_paying: Decimal  # staked on the paying combinations, euros
    dividends: tuple[Decimal | None, ...]  # Guichet's, per 1 €, one per published row


def rebuild(
    spec: BetTypeSpec, rules: PoolRules, field: Field, finish: Finish, rows: Sequence[PublishedRow]
) -> Rebuilt | str:
    """Guichet's dividends on the pool the published ``rows`` describe, or why it cannot be
    rebuilt (a sentence).

    The net pool is only known within one rounding step per euro won, so the pool is searched
    over that range for a net at which Guichet's rules give every published dividend (each
    dividend grows with the net, so those nets form one range, found by halving); if there is
    one, Guichet's rules agree with the PMU's on this pool, and its middle is shown; if not,
    they do not, and the middle of the whole range is shown."""
    if not rows:
        return "the PMU published no dividend"
    if any(r.winners is None or r.dividend is None for r in rows):
        return "the file does not give nombreGagnants for every dividend"
    if (
        spec.settling is Settling.PLACE
        and len(rows) > 1
        and len({r.winners for r in rows}) == 1
        and len({r.dividend for r in rows}) == 1
        and not any(rule.pooled for rule in rules.rank_rules)  # pooled: _pooled_counts
    ):
        return (
            "the PMU publishes one dividend and one count of winning stakes for all its "
            "combinations together: how the stakes fell on each is not published"
        )
    loose = rules.with_overrides(min_stake=1, max_stake=None)
    table = PayingTable(spec, loose, field, finish)
    outsiders = _outsiders(field, finish, spec.depth)
    pool = Pool(loose)
    paid = margin = Fraction(0)
    on_paying = 0  # cents
    heads = {
        tuple(sorted(r.combination)): r.dividend
        for r in rows
        if spec.lines and r.rank == spec.lines[0][1].value
    }
    staked_rows = []
    shared = _pooled_counts(loose, rows)
    for index, row in enumerate(rows):
        assert row.winners is not None
        assert row.dividend is not None
        cents = row.winners * 100
        if cents != cents.to_integral_value():
            return "nombreGagnants has more than two decimals"
        cents = shared.get(index, cents)
        if cents == 0:
            continue
        bet = _bet(spec, loose, table, field, row, outsiders, int(cents))
        if bet is None:
            return f"no bet on this field is paid at {row.rank} {'-'.join(row.combination)}"
        pool.add(bet)
        staked_rows.append((index, row.dividend))
        on_paying += int(cents)
        dividend, spread = row.dividend, 1
        if spec.lines:  # a line pays the en 4 dividend ÷ C(N, 4): rounded once, at en 4
            head = heads.get(tuple(sorted(row.combination)))
            if head is None:
                return f"no {spec.lines[0][1].value} dividend for {'-'.join(row.combination)}"
            dividend, spread = head, bet.combinations
        paid += Fraction(dividend) * int(cents) / 100 / spread
        margin += Fraction(rules.rounding_step) * int(cents) / 100 / spread
    keep = 1 - Fraction(rules.takeout)
    low, high = (int(net / keep * 100) - on_paying for net in (paid, paid + margin))
    loser = _losing(spec, loose, table, field)
    if loser is None:
        return "every combination pays"
    if high <= 0:
        return (
            "the published dividends leave nothing for the stakes that lost (a pool "
            "topped up to its minimum dividend?)"
        )
    trial = _Trial(pool, field, finish, loose, loser, rows)
    low = max(low, 1)
    chosen = _search(trial, low, high, staked_rows, rules.rounding_step)
    consistent = chosen is not None
    losing = chosen if chosen is not None else (low + high) // 2
    scale = Fraction(rules.min_stake, 100)  # euros per base stake
    gross = Fraction(losing + on_paying, 100)
    return Rebuilt(
        _money(paid * scale),
        _money((paid + margin) * scale),
        _money(gross * keep * scale),
        consistent,
        _money(gross * scale),
        rules.takeout,
        _money(Fraction(on_paying, 100) * scale),
        trial.at(losing),
    )


class _Trial:
    """The rebuilt pool settled with ``losing`` cents on its losing combination."""

    def __init__(
        self,
        pool: Pool,
        field: Field,
        finish: Finish,
        rules: PoolRules,
        loser: tuple[int, ...],
        rows: Sequence[PublishedRow],
    ) -> None:
        self.pool, self.field, self.finish, self.rules = pool, field, finish, rules
        self.loser, self.rows = loser, rows
        self.done: dict[int, tuple[Decimal | None, ...]] = {}

    def at(self, losing: int) -> tuple[Decimal | None, ...]:
        found = self.done.get(losing)
        if found is None:
            bet = make_bet(
                self.rules.bet_type, self.field, self.rules, runners=self.loser, unit_stake=losing
            )
            self.pool.add(bet)
            settlement = settle(self.pool, self.field, self.finish)
            self.pool.remove(bet)
            found = tuple(
                None if paid is None else paid[1]
                for paid in (
                    settlement.dividend_for(tuple(int(t) for t in row.combination), Rank(row.rank))
                    for row in self.rows
                )
            )
            self.done[losing] = found
        return found


def _pooled_counts(rules: PoolRules, rows: Sequence[PublishedRow]) -> dict[int, Decimal]:
    """The stakes (cents) to put on each row of a pooled rank (``RankRule.pooled``: the
    Quinté+'s Bonus 4 sur 5) whose rows all give one dividend and one nombreGagnants: that
    count is the rank's, not each combination's, so it is spread over the rows in whole
    cents (the first rows take the remainder); a pooled rank's dividend does not depend on
    how its stakes fall on its combinations."""
    shared: dict[int, Decimal] = {}
    for rule in rules.rank_rules:
        if not rule.pooled:
            continue
        on = [i for i, r in enumerate(rows) if r.rank == rule.rank.value]
        if len(on) < 2 or len({(rows[i].winners, rows[i].dividend) for i in on}) != 1:
            continue
        winners = rows[on[0]].winners
        assert winners is not None
        part, rest = divmod(int(winners * 100), len(on))
        for n, i in enumerate(on):
            shared[i] = Decimal(part + (1 if n < rest else 0))
    return shared


def _search(
    trial: _Trial, low: int, high: int, rows: list[tuple[int, Decimal]], step: Decimal
) -> int | None:
    """A losing stake in ``[low, high]`` at which every row's dividend is the published one,
    the middle of the range of such stakes; None if there is none."""

    def first(index: int, at_least: Decimal) -> int | None:
        """The least losing stake at which row ``index`` pays ``at_least`` or more."""
        if not _reaches(trial.at(high)[index], at_least):
            return None
        a, b = low, high
        while a < b:
            middle = (a + b) // 2
            if _reaches(trial.at(middle)[index], at_least):
                b = middle
            else:
                a = middle + 1
        return a

    starts = [first(i, d) for i, d in rows]
    if any(s is None for s in starts):
        return None
    ends = [first(i, d + step) for i, d in rows]
    begin = max(s for s in starts if s is not None)
    end = min((e for e in ends if e is not None), default=high + 1)
    return (begin + end - 1) // 2 if begin < end else None


def _reaches(value: Decimal | None, at_least: Decimal) -> bool:
    return value is not None and value >= at_least


def _money(value: Fraction) -> Decimal:
    return fraction_to_decimal(Fraction(int(value * 100), 100))


def _outsiders(field: Field, finish: Finish, depth: int) -> list[int]:
    """Starters outside the first ``depth`` places: extras that make no other rank pay."""
    placed: set[int] = set()
    for block in finish.places:
        if len(placed) >= depth:
            break
        placed.update(block)
    return sorted(field.starters - placed) + sorted(field.starters & placed)


def _bet(
    spec: BetTypeSpec,
    rules: PoolRules,
    table: PayingTable,
    field: Field,
    row: PublishedRow,
    outsiders: list[int],
    cents: int,
) -> Bet | None:
    """A unitaire of ``cents`` whose only paying combination is the row's, at the row's rank:
    the row's runners, with outsiders added where the rank names fewer runners than a bet
    holds (a bonus, a Multi en 5), in the first order that pays that rank and no other."""
    required = [int(t) for t in row.combination]
    if spec.lines:
        size = int(row.rank.rpartition("_")[2])
        added = [r for r in outsiders if r not in required][: size - len(required)]
        return _try(spec, rules, field, tuple(required + added), cents, table, None)
    target = _group(spec, table, row.rank, required)
    if target is None:
        return None
    for extra in combinations(
        [r for r in outsiders if r not in required], spec.picks - len(required)
    ):
        for entry in _orders(spec, tuple(required) + extra):
            bet = _try(spec, rules, field, entry, cents, table, target)
            if bet is not None:
                return bet
    return None


def _orders(spec: BetTypeSpec, runners: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    return permutations(runners) if spec.order is not Order.NONE else iter([runners])


def _group(spec: BetTypeSpec, table: PayingTable, rank: str, runners: list[int]) -> int | None:
    order_matters = spec.order is Order.EXACT or (spec.order is Order.RANKED and rank == "ORDRE")
    for group in table.groups:
        if group.rank.value != rank:
            continue
        if (
            tuple(runners) == group.runners
            if order_matters
            else mask_of(runners) == mask_of(group.runners)
        ):
            return group.index
    return None


def _try(
    spec: BetTypeSpec,
    rules: PoolRules,
    field: Field,
    runners: tuple[int, ...],
    cents: int,
    table: PayingTable,
    target: int | None,
) -> Bet | None:
    try:
        bet = make_bet(spec.bet_type, field, rules, runners=runners, unit_stake=cents)
    except PariError:
        return None
    groups, refunded = table.coverage(bet.shape)
    if refunded or len(groups) != 1 or groups[0][1] != 1:
        return None
    return bet if target is None or groups[0][0] == target else None


def _losing(
    spec: BetTypeSpec, rules: PoolRules, table: PayingTable, field: Field
) -> tuple[int, ...] | None:
    """A combination of starters that pays nothing, outsiders first."""
    for runners in combinations(sorted(field.starters, reverse=True), spec.picks):
        try:
            bet = make_bet(spec.bet_type, field, rules, runners=runners, unit_stake=1)
        except PariError:
            continue
        if table.coverage(bet.shape) == ((), 0):
            return runners
    return None
