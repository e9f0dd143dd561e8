"""Race records and the race lifecycle as the server sees it.

PLANNED → OPEN → CLOSED → RESULT_PROVISIONAL → RESULT_OFFICIAL, or CANCELLED. A race takes
bets while it is OPEN and its post time has not passed by the server's clock: the close is
automatic at the post time even if no administrator pressed the button.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from backend import journal
from backend.errors import NotFound, WrongRaceState
from backend.store import Store
from pari import BetType, Field, PoolRules, rules_from_mapping


class RaceStatus(StrEnum):
    PLANNED = "PLANNED"
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    RESULT_PROVISIONAL = "RESULT_PROVISIONAL"
    RESULT_OFFICIAL = "RESULT_OFFICIAL"
    CANCELLED = "CANCELLED"


_NEXT = {
    "open": ({RaceStatus.PLANNED}, RaceStatus.OPEN),
    "close": ({RaceStatus.OPEN}, RaceStatus.CLOSED),
}  # cancelling a race refunds its bets: backend.results.abandon


@dataclass(frozen=True, slots=True)
class Race:
    race_id: str
    name: str
    post_time: datetime
    status: RaceStatus
    field: Field
    bet_types: tuple[BetType, ...]
    rules: dict[BetType, PoolRules]
    revision: int = 0  # +1 at every change of the race's record or field

    def takes_bets(self, now: datetime) -> bool:
        return self.status is RaceStatus.OPEN and now < self.post_time


def load_race(store: Store, race_id: str) -> Race:
    row = store.execute(
        "SELECT id, name, post_time, status, bet_types, rules, revision FROM race WHERE id = ?",
        (race_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no race {race_id}")
    runners = store.execute(
        "SELECT number, scratched FROM runner WHERE race_id = ?", (race_id,)
    ).fetchall()
    bet_types = tuple(BetType(t) for t in json.loads(row["bet_types"]))
    overrides = json.loads(row["rules"])
    return Race(
        race_id=row["id"],
        name=row["name"],
        post_time=datetime.fromisoformat(row["post_time"]),
        status=RaceStatus(row["status"]),
        field=Field.of(
            (r["number"] for r in runners), (r["number"] for r in runners if r["scratched"])
        ),
        bet_types=bet_types,
        rules={t: rules_from_mapping(t, overrides.get(t.value, {})) for t in bet_types},
        revision=row["revision"],
    )


def lock(store: Store, race_id: str) -> None:
    """Hold the race's record until the commit, to change it. Bets read it with the store's
    ``share_lock``: a close, a scratching or a result waits for the bets that saw the race
    before it, and every bet after it sees it changed (PostgreSQL; SQLite's write lock
    already orders every transaction)."""
    store.execute("SELECT revision FROM race WHERE id = ?" + store.update_lock, (race_id,))


def advance(
    store: Store, race_id: str, step: str, now: datetime, by: str | None = None
) -> RaceStatus:
    """Move a race one lifecycle step (``open`` or ``close``), journaled (with the console
    operator who did it: ``by``; the admin API's automation has no name)."""
    allowed, target = _NEXT[step]
    with store.transaction():
        lock(store, race_id)
        race = load_race(store, race_id)
        if race.status not in allowed:
            raise WrongRaceState(
                f"race {race_id} is {race.status}; it cannot {step}", status=race.status.value
            )
        store.execute(
            "UPDATE race SET status = ?, revision = revision + 1 WHERE id = ?",
            (target.value, race_id),
        )
        journal.append(store, now.isoformat(), f"race.{step}", signed_by({"race": race_id}, by))
    return target


def take_over(store: Store, race_id: str, by: str, now: datetime) -> None:
    """Note the first console operator to act on a race (journaled once): automation that
    runs races through the admin API (``scripts.racecourse``) leaves it to them from then on."""
    with store.transaction():
        taken = store.execute(
            "UPDATE race SET taken_over_by = ? WHERE id = ? AND taken_over_by IS NULL",
            (by, race_id),
        ).rowcount
        if taken:
            journal.append(store, now.isoformat(), "race.taken_over", {"race": race_id, "by": by})


def taken_over(store: Store, day: str) -> dict[str, str]:
    """The day's races a console operator took over, and by whom."""
    rows = store.execute(
        "SELECT id, taken_over_by FROM race WHERE id LIKE ? AND taken_over_by IS NOT NULL",
        (f"{day}/%",),
    )
    return {row[0]: row[1] for row in rows}


def signed_by(payload: dict[str, Any], by: str | None) -> dict[str, Any]:
    """A journal record's payload with the console operator who acted, when one did."""
    return payload if by is None else {**payload, "by": by}


def race_view(store: Store, race_id: str, now: datetime) -> dict[str, object]:
    """A race as terminals show it: status (with the clock's close), runners, bet types."""
    race = load_race(store, race_id)
    overrides = store.execute("SELECT rules FROM race WHERE id = ?", (race_id,)).fetchone()[0]
    runners = store.execute(
        "SELECT number, name, jockey, scratched FROM runner WHERE race_id = ? ORDER BY number",
        (race_id,),
    ).fetchall()
    result = store.execute("SELECT result FROM race WHERE id = ?", (race_id,)).fetchone()[0]
    status = race.status
    if status is RaceStatus.OPEN and not race.takes_bets(now):
        status = RaceStatus.CLOSED  # the post time passed: closed, whatever the record says
    return {
        "race_id": race.race_id,
        "name": race.name,
        "post_time": race.post_time.isoformat(),
        "status": status.value,
        "bet_types": [t.value for t in race.bet_types],
        # the programme's rule overrides per bet type: a terminal prices bets exactly as we do
        "rules": json.loads(overrides),
        "runners": [
            {
                "number": r["number"],
                "name": r["name"],
                "jockey": r["jockey"],
                "scratched": bool(r["scratched"]),
            }
            for r in runners
        ],
        # the finish and its dividends once a result is in (provisional, then official): the
        # counter shows them, from its store, as soon as the live stream brings them
        "result": None
        if result is None
        else {"places": json.loads(result), "dividends": dividend_rows(store, race_id)},
    }


def dividend_rows(store: Store, race_id: str) -> list[dict[str, Any]]:
    """A race's dividends, per 1 unit staked, in the order settlement wrote them (rows written
    before ``position`` existed are all 0: in bet type and rank order)."""
    rows = store.execute(
        "SELECT bet_type, rank, runners, dividend, official FROM dividend WHERE race_id = ?"
        " ORDER BY position, bet_type, rank, runners",
        (race_id,),
    ).fetchall()
    return [
        {
            "bet_type": r["bet_type"],
            "rank": r["rank"],
            "runners": json.loads(r["runners"]),
            "dividend": str(Decimal(r["dividend"])),
            "official": bool(r["official"]),
        }
        for r in rows
    ]


def programme_view(store: Store, day: str, now: datetime) -> dict[str, object]:
    meetings = store.execute(
        "SELECT id, number, racecourse FROM meeting WHERE day = ? ORDER BY number", (day,)
    ).fetchall()
    return {
        "day": day,
        "meetings": [
            {
                "meeting_id": m["id"],
                "number": m["number"],
                "racecourse": m["racecourse"],
                "races": [
                    race_view(store, row[0], now)
                    for row in store.execute(
                        "SELECT id FROM race WHERE meeting_id = ? ORDER BY number", (m["id"],)
                    )
                ],
            }
            for m in meetings
        ],
    }
