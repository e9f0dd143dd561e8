"""Races as a terminal caches them, built in memory: the kiosk's rules need no server."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from pari import BetType, Field, PoolRules, rules_from_mapping
from terminal.store.programme import CachedRace

NOW = datetime(2026, 11, 21, 13, 0, tzinfo=UTC)
TYPES = (
    BetType.SIMPLE_GAGNANT,
    BetType.COUPLE_GAGNANT,
    BetType.TRIO,
    BetType.TIERCE,
    BetType.MULTI,
)


def race_of(
    number: int = 3,
    *,
    runners: int = 8,
    scratched: Iterable[int] = (),
    types: tuple[BetType, ...] = TYPES,
    rules: dict[BetType, dict[str, Any]] | None = None,
    post_in: timedelta = timedelta(minutes=30),
    status: str = "OPEN",
) -> CachedRace:
    """Race R1C``number`` of ``NOW``'s day; ``rules``: a pool's overrides (a ``max_stake``)."""
    out = set(scratched)
    overrides = rules or {}
    return CachedRace(
        race_id=f"2026-11-21/R1C{number}",
        meeting="R1",
        racecourse="Vincennes",
        name=f"Prix {number}",
        post_time=NOW + post_in,
        status=status,
        bet_types=types,
        field=Field.of(range(1, runners + 1), out),
        rules={
            t: rules_from_mapping(t, overrides[t]) if t in overrides else PoolRules.of(t)
            for t in types
        },
        runners=tuple(
            {"number": n, "name": f"Cheval {n}", "scratched": n in out}
            for n in range(1, runners + 1)
        ),
    )
