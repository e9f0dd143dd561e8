"""A race's field: the declared runners and those scratched since betting opened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pari.errors import ScratchedRunner, SelectionError, UnknownRunner


@dataclass(frozen=True, slots=True)
class Field:
    runners: frozenset[int]
    scratched: frozenset[int] = frozenset()

    @classmethod
    def of(cls, runners: Iterable[int], scratched: Iterable[int] = ()) -> Field:
        declared = frozenset(runners)
        out = frozenset(scratched)
        if not declared:
            raise SelectionError("a race needs at least one declared runner")
        bad = [r for r in declared if not isinstance(r, int) or isinstance(r, bool) or r < 1]
        if bad:
            raise SelectionError(f"runner numbers are whole numbers from 1: {bad!r}")
        if not out <= declared:
            raise UnknownRunner(f"scratched runner(s) {sorted(out - declared)} not in the race")
        return cls(declared, out)

    @property
    def starters(self) -> frozenset[int]:
        return self.runners - self.scratched

    def scratch(self, runner: int) -> Field:
        self.check_declared(runner)
        return Field(self.runners, self.scratched | {runner})

    def check_declared(self, runner: int) -> None:
        if runner not in self.runners:
            raise UnknownRunner(
                f"runner {runner} is not in this race (runners {min(self.runners)}"
                f"–{max(self.runners)})",
                runner=runner,
                first=min(self.runners),
                last=max(self.runners),
            )

    def check_starter(self, runner: int) -> None:
        self.check_declared(runner)
        if runner in self.scratched:
            raise ScratchedRunner(f"runner {runner} is scratched (non-partant)", runner=runner)


def mask_of(runners: Iterable[int]) -> int:
    """Runners as a bit set: bit ``r`` for runner ``r``; set algebra becomes integer algebra."""
    mask = 0
    for runner in runners:
        mask |= 1 << runner
    return mask


def runners_of(mask: int) -> tuple[int, ...]:
    out = []
    runner = 0
    while mask:
        if mask & 1:
            out.append(runner)
        mask >>= 1
        runner += 1
    return tuple(out)
