"""The official finish, dead heats included, and the linear orders it stands for.

A dead heat is settled as the set of every strict finishing order consistent with it: a tie
for first between 3 and 5 stands for (3, 5, …) and (5, 3, …). Each paying rank then has one
paying group per distinct order, which is how DOMAIN.md's "every combination formed with the
tied runners pays" comes out without a special case per bet type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations, product

from pari.errors import ResultError
from pari.field import Field

MAX_TIED = 8  # more runners tied on one place than this is a data error, not a race


@dataclass(frozen=True, slots=True)
class Finish:
    places: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, places: Sequence[Sequence[int]], field: Field) -> Finish:
        blocks: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for index, block in enumerate(places, start=1):
            if isinstance(block, int | str) or not block:
                raise ResultError(
                    f"place {index} must be a non-empty list of runners",
                    reason="empty_place",
                    place=index,
                )
            for runner in block:
                if not isinstance(runner, int) or isinstance(runner, bool):
                    raise ResultError(
                        f"place {index}: {runner!r} is not a runner number",
                        reason="not_a_number",
                        place=index,
                    )
                if runner not in field.runners:
                    raise ResultError(
                        f"place {index}: runner {runner} is not in the race",
                        reason="unknown_runner",
                        place=index,
                        runner=runner,
                    )
                if runner in field.scratched:
                    raise ResultError(
                        f"place {index}: runner {runner} is scratched",
                        reason="scratched",
                        place=index,
                        runner=runner,
                    )
                if runner in seen:
                    raise ResultError(
                        f"runner {runner} is placed twice", reason="twice", runner=runner
                    )
                seen.add(runner)
            if len(block) > MAX_TIED:
                raise ResultError(
                    f"place {index}: {len(block)} runners tied is not credible",
                    reason="tied",
                    place=index,
                    tied=len(block),
                )
            blocks.append(tuple(block))
        if not blocks:
            raise ResultError("the result names no winner", reason="no_winner")
        return cls(tuple(blocks))

    @property
    def has_dead_heat(self) -> bool:
        return any(len(block) > 1 for block in self.places)

    def linear_orders(self, depth: int) -> list[tuple[int, ...]]:
        """Every strict order of the first ``depth`` places consistent with the finish.

        Orders are shorter than ``depth`` when fewer runners finished; the first is the order
        as listed.
        """
        needed: list[tuple[int, ...]] = []
        filled = 0
        for block in self.places:
            if filled >= depth:
                break
            needed.append(block)
            filled += len(block)
        orders: list[tuple[int, ...]] = []
        seen: set[tuple[int, ...]] = set()
        for parts in product(*(permutations(block) for block in needed)):
            order = tuple(runner for part in parts for runner in part)[:depth]
            if order not in seen:
                seen.add(order)
                orders.append(order)
        return orders
