"""Which combinations pay, in which group, for one bet type, field and finish.

A *group* is a set of combinations whose stakes are pooled for one dividend: the ORDRE tuple,
the DESORDRE set, every set holding the first three for BONUS3, the sets holding four of the
first five for each BONUS4SUR5 group (four runners), or one placed runner for a place pool.
Dead heats give a rank several groups (one per consistent finishing order).

The table enumerates the paying combinations once per settlement (a few hundred at most), so
that counting a shape's paying combinations is a loop of bit operations over them rather than
an expansion of the shape: a champ total of 1,365 combinations is checked against ~80 paying
sets, and a shape lacking a runner every paying set holds is rejected with one AND.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations
from math import comb, factorial

from pari.bet import Play, ShapeKey
from pari.bet_types import BetTypeSpec, Condition, NonPartant, Rank, RankRule, Settling
from pari.field import Field, mask_of, runners_of
from pari.result import Finish
from pari.rules import PoolRules

Coverage = tuple[tuple[tuple[int, int], ...], int]
"""((group index, combinations in it), ...), combinations refunded."""

_NOTHING: Coverage = ((), 0)


@dataclass(frozen=True, slots=True)
class Group:
    index: int
    rank: Rank
    runners: tuple[int, ...]  # the paying combination, or the runners a CONTAINS group needs
    ordered: bool  # True when ``runners`` is an order (IN_ORDER groups)


class PayingTable:
    """Built once per pool settlement; answers ``coverage(shape)`` quickly."""

    def __init__(
        self,
        spec: BetTypeSpec,
        rules: PoolRules,
        field: Field,
        finish: Finish,
        rank_rules: tuple[RankRule, ...] = (),  # a fallback's (``pari.reglement.Fallback``)
    ) -> None:
        self.spec = spec
        self.picks = spec.picks
        # combinations naming a non-partant are refunded (the only rule sold: NonPartant)
        refunds = spec.non_partant is NonPartant.REFUND
        self.scratched = mask_of(field.scratched) if refunds else 0
        self._rank_rules = list(rank_rules) or self._effective_rules(spec, rules, field)
        depth = max(rule.depth for rule in self._rank_rules)
        self._orders = [
            (order, [mask_of(order[:d]) for d in range(depth + 1)])
            for order in finish.linear_orders(depth)
        ]
        self.groups: list[Group] = []
        self._group_ids: dict[tuple[Rank, bool, tuple[int, ...]], int] = {}
        self.order_groups: dict[tuple[int, ...], int] = {}
        self.set_groups: dict[int, int] = {}
        self._enumerate(field)
        # Per paying set: its set-level group (-1: none) and the groups of its paying orders.
        by_set: dict[int, list[int]] = {}
        for order, group in self.order_groups.items():
            by_set.setdefault(mask_of(order), []).append(group)
        self.paying_sets = [
            (mask, self.set_groups.get(mask, -1), tuple(by_set.get(mask, ())))
            for mask in sorted(set(self.set_groups) | set(by_set))
        ]
        must = -1
        for mask, _, _ in self.paying_sets:
            must &= mask
        self.must = must if self.paying_sets else 0

    @staticmethod
    def _effective_rules(spec: BetTypeSpec, rules: PoolRules, field: Field) -> list[RankRule]:
        if spec.settling is Settling.PLACE:
            rule = rules.rank_rules[0]
            places = rules.places_for(len(field.starters), len(field.runners))
            return [replace(rule, depth=places)]
        return list(rules.rank_rules)

    def pooled(self, rank: Rank) -> bool:
        """Whether a rank's groups share one dividend (``RankRule.pooled``)."""
        return any(rule.pooled for rule in self._rank_rules if rule.rank is rank)

    @property
    def places(self) -> int:
        """How many places of the finish pay (a place pool's places paid)."""
        return max(rule.depth for rule in self._rank_rules)

    def _group(self, rank: Rank, ordered: bool, runners: tuple[int, ...]) -> int:
        key = (rank, ordered, runners)
        index = self._group_ids.get(key)
        if index is None:
            index = len(self.groups)
            self._group_ids[key] = index
            self.groups.append(Group(index, rank, runners, ordered))
        return index

    def classify(self, mask: int, ordered: tuple[int, ...] | None) -> int | None:
        """The group of one combination (a set, or an order when ``ordered``); its best rank."""
        for rule in self._rank_rules:
            if rule.condition is Condition.IN_ORDER and ordered is None:
                continue
            d = rule.depth
            for order, prefixes in self._orders:
                if len(order) < d:
                    continue
                need = prefixes[d]
                cond = rule.condition
                if cond is Condition.IN_ORDER:
                    if ordered == order[:d]:
                        return self._group(rule.rank, True, order[:d])
                elif cond is Condition.SAME_SET:
                    if mask == need:
                        return self._group(rule.rank, False, runners_of(need))
                elif cond is Condition.CONTAINS:
                    if mask & need == need:
                        return self._group(rule.rank, False, runners_of(need))
                elif cond is Condition.ALL_BUT_ONE:
                    if (mask & need).bit_count() == d - 1:
                        return self._group(rule.rank, False, runners_of(mask & need))
                elif mask & ~need == 0:  # WITHIN: one group per paying combination
                    return self._group(rule.rank, False, runners_of(mask))
        return None

    def _enumerate(self, field: Field) -> None:
        starters = mask_of(field.starters)
        sets: set[int] = set()
        orders: set[tuple[int, ...]] = set()
        for rule in self._rank_rules:
            d = rule.depth
            size = self.picks
            for order, prefixes in self._orders:
                if len(order) < d:
                    continue
                need = prefixes[d]
                if rule.condition is Condition.IN_ORDER:
                    orders.add(order[:d])
                elif rule.condition is Condition.SAME_SET:
                    sets.add(need)
                elif rule.condition is Condition.CONTAINS:
                    rest = runners_of(starters & ~need)
                    for extra in combinations(rest, size - d):
                        sets.add(need | mask_of(extra))
                elif rule.condition is Condition.ALL_BUT_ONE:
                    rest = runners_of(starters & ~need)
                    for held in combinations(order[:d], d - 1):
                        for extra in combinations(rest, size - d + 1):
                            sets.add(mask_of(held) | mask_of(extra))
                else:
                    for inside in combinations(order[:d], size):
                        sets.add(mask_of(inside))
        for order in sorted(orders):
            group = self.classify(mask_of(order), order)
            if group is not None and self.groups[group].ordered:
                self.order_groups[order] = group
        for mask in sorted(sets):
            group = self.classify(mask, None)
            if group is not None:
                self.set_groups[mask] = group

    def coverage(self, shape: ShapeKey) -> Coverage:
        """How many of a shape's combinations fall in each paying group; how many are refunded."""
        head = shape[0]
        if head > 0:  # an entered order
            mask = 0
            for runner in shape:
                mask |= 1 << runner
            if mask & self.scratched:
                return ((), 1)
            group = self.order_groups.get(shape)
            if group is None:
                group = self.set_groups.get(mask)
            return (((group, 1),), 0) if group is not None else _NOTHING
        _, base, others = shape
        if others == 0:  # one set, played once: an unordered unitaire, or a line
            if base & self.scratched:
                return ((), 1)  # a line naming a non-partant is refunded whole
            if base.bit_count() > self.picks:
                return self._line(base)
            group = self.set_groups.get(base)
            return (((group, 1),), 0) if group is not None else _NOTHING
        every = base | others
        refunded = self._refunded(head, base, others) if every & self.scratched else 0
        if every & self.must != self.must or base & self.scratched:
            return ((), refunded)
        outside = ~every
        found: dict[int, int] = {}
        orders_per_set = factorial(self.picks)
        for mask, set_group, order_groups in self.paying_sets:
            if mask & base != base or mask & outside:
                continue
            if head == Play.SET:
                if set_group >= 0:
                    found[set_group] = found.get(set_group, 0) + 1
                continue
            for group in order_groups:
                found[group] = found.get(group, 0) + 1
            rest = orders_per_set - len(order_groups)
            if rest and set_group >= 0:
                found[set_group] = found.get(set_group, 0) + rest
        return (tuple(found.items()), refunded)

    def _line(self, line: int) -> Coverage:
        """A line's paying combinations: every paying set among its runners (a dead heat can
        put several in one Multi en 6), one each; nothing if it lacks a runner all need."""
        if line & self.must != self.must:
            return _NOTHING
        found: dict[int, int] = {}
        for mask, set_group, _ in self.paying_sets:
            if set_group >= 0 and mask & ~line == 0:
                found[set_group] = found.get(set_group, 0) + 1
        return (tuple(found.items()), 0)

    def _refunded(self, play: int, base: int, others: int) -> int:
        """Combinations of a shape that hold a scratched runner (DOMAIN.md, Dividends 8)."""
        need = self.picks - base.bit_count()
        total = comb(others.bit_count(), need)
        live = 0 if base & self.scratched else comb((others & ~self.scratched).bit_count(), need)
        per_set = factorial(self.picks) if play == Play.ALL else 1
        return (total - live) * per_set
