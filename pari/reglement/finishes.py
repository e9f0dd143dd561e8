"""Small helpers for the fallbacks of the chapters: which horses fill the first places."""

from __future__ import annotations

from pari.result import Finish


def singles(finish: Finish, count: int) -> tuple[int, ...] | None:
    """The first ``count`` horses, when each of the first ``count`` places holds one horse."""
    blocks = finish.places[:count]
    if len(blocks) < count or any(len(block) != 1 for block in blocks):
        return None
    return tuple(block[0] for block in blocks)


def in_order(*runners: int) -> Finish:
    """A finish of these horses, one a place, in this order."""
    return Finish(tuple((runner,) for runner in runners))
