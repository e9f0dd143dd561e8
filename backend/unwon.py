"""What became of a pool that nobody won, kept for the race office and the day's report.

Settlement (``pari.settle``) knows it and the dividends do not show it: a pool in which nobody
staked on a paying combination is refunded to its bettors (DOMAIN.md, "Dividends", 7), and
under a jackpot rule an unwon rank's share is carried over (the "masse reportée") instead of
passing down to the next rank. Both are money the operator must account for, so each result
writes them beside the dividends, in the same transaction, and replaces them as the dividends
are replaced (a provisional result, then the official one). An abandoned race, or a pool
refunded for want of starters, is not "not won" and is not written here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from backend.store import Store
from pari import BetType, Settlement
from pari.money import euros

REFUNDED, CARRIED = "refunded", "carried"


@dataclass(frozen=True, slots=True)
class UnwonPool:
    race_id: str
    race_name: str
    bet_type: str
    outcome: str  # REFUNDED or CARRIED
    amount: Decimal  # exact euros
    ranks: tuple[str, ...]  # the ranks carried (CARRIED); empty when refunded
    official: bool

    @property
    def cents(self) -> int:
        """The amount in whole cents, rounded down (a jackpot may hold fractions of a cent)."""
        return int((self.amount * 100).to_integral_value(ROUND_DOWN))


def record(
    store: Store, race_id: str, settlements: dict[BetType, Settlement], official: bool
) -> list[dict[str, Any]]:
    """Replace the race's unwon pools with what ``settlements`` say; what was written, for the
    journal's record of the result."""
    store.execute("DELETE FROM unwon_pool WHERE race_id = ?", (race_id,))
    rows: list[tuple[str, str, str, str, str, int]] = []
    for bet_type, settled in settlements.items():
        if settled.nobody_won and settled.total:
            rows.append(
                (race_id, bet_type.value, REFUNDED, str(euros(settled.total)), "[]", int(official))
            )
        elif settled.jackpot > 0:
            ranks = json.dumps([rank.value for rank in settled.carried])
            rows.append(
                (race_id, bet_type.value, CARRIED, str(settled.jackpot), ranks, int(official))
            )
    store.executemany(
        "INSERT INTO unwon_pool (race_id, bet_type, outcome, amount, ranks, official)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    return [{"bet_type": r[1], "outcome": r[2], "amount": r[3]} for r in rows]


def of_race(store: Store, race_id: str) -> list[UnwonPool]:
    return _read(store, "u.race_id = ?", race_id)


def of_day(store: Store, day: str) -> list[UnwonPool]:
    """Every unwon pool of a day's races (``2026-11-21``), in the order the races run."""
    return _read(store, "u.race_id LIKE ?", f"{day}/%")


def _read(store: Store, where: str, value: str) -> list[UnwonPool]:
    rows = store.execute(
        "SELECT u.race_id, r.name, u.bet_type, u.outcome, u.amount, u.ranks, u.official"
        f" FROM unwon_pool u JOIN race r ON r.id = u.race_id WHERE {where}"
        " ORDER BY r.post_time, u.race_id, u.bet_type",
        (value,),
    ).fetchall()
    return [
        UnwonPool(r[0], r[1], r[2], r[3], Decimal(r[4]), tuple(json.loads(r[5])), bool(r[6]))
        for r in rows
    ]
