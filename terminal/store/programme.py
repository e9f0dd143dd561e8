"""The programme and odds as last received from the server, for selling offline.

A race read from here may be stale: the sale checks it to refuse what is plainly wrong (an
unknown runner, a closed race by the server's clock) without a round trip, but only the
server's acceptance makes a bet valid.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pari import BetType, Field, PoolRules, rules_from_mapping
from terminal.errors import NotFound
from terminal.store import Store

CLOSING = timedelta(minutes=2)  # a race this close to its stop is shown as closing
PHASES = {
    "PLANNED": "planned",
    "CLOSED": "closed",
    "RESULT_PROVISIONAL": "provisional",
    "RESULT_OFFICIAL": "official",
    "CANCELLED": "abandoned",
}


@dataclass(frozen=True, slots=True)
class CachedRace:
    race_id: str
    meeting: str
    racecourse: str
    name: str
    post_time: datetime
    status: str
    bet_types: tuple[BetType, ...]
    field: Field
    rules: dict[BetType, PoolRules]
    runners: tuple[dict[str, Any], ...]
    # the finish and dividends once a result is in: {"places": [[4], [7], [2]], "dividends":
    # [{"bet_type", "rank", "runners", "dividend" (per 1 unit, a decimal string), "official"}]}
    result: dict[str, Any] | None = None

    def takes_bets(self, now: datetime) -> bool:
        return self.status == "OPEN" and now < self.post_time

    def sells(self, now: datetime) -> bool:
        """Takes bets now, and has a bet on sale here: 28 races of a real PMU day offer only
        pools sold online or abroad, and a bettor is not shown a race they cannot bet on."""
        return bool(self.bet_types) and self.takes_bets(now)

    def phase(self, now: datetime) -> str:
        """Where the race is, for people: planned, open, closing (the stop within
        ``CLOSING``), closed, provisional, official or abandoned."""
        if self.status == "OPEN":
            if now >= self.post_time:
                return "closed"  # the post time passed: closed, whatever the record says
            return "closing" if self.post_time - now <= CLOSING else "open"
        return PHASES.get(self.status, "closed")


def save_programme(store: Store, programme: dict[str, Any], at: str) -> int:
    rows = []
    for meeting in programme["meetings"]:
        for race in meeting["races"]:
            rows.append(
                (
                    race["race_id"],
                    programme["day"],
                    meeting["meeting_id"],
                    meeting["racecourse"],
                    race["name"],
                    race["post_time"],
                    race["status"],
                    json.dumps(race["bet_types"]),
                    json.dumps(race.get("rules", {})),
                    json.dumps(race["runners"]),
                    _result(race),
                    at,
                )
            )
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO race (race_id, day, meeting, racecourse, name, post_time, status,"
            " bet_types, rules, runners, result, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(race_id) DO UPDATE SET name = excluded.name, post_time ="
            " excluded.post_time, status = excluded.status, bet_types = excluded.bet_types,"
            " rules = excluded.rules, runners = excluded.runners, result = excluded.result,"
            " updated_at = excluded.updated_at",
            rows,
        )
    return len(rows)


def save_race(store: Store, race: dict[str, Any], at: str) -> bool:
    """One race as the live stream sends it (``/v1/programme``'s shape); False if this
    terminal does not have it (the caller reloads the programme)."""
    with store.write() as conn:
        cursor = conn.execute(
            "UPDATE race SET name = ?, post_time = ?, status = ?, bet_types = ?, rules = ?,"
            " runners = ?, result = ?, updated_at = ? WHERE race_id = ?",
            (
                race["name"],
                race["post_time"],
                race["status"],
                json.dumps(race["bet_types"]),
                json.dumps(race.get("rules", {})),
                json.dumps(race["runners"]),
                _result(race),
                at,
                race["race_id"],
            ),
        )
        return cursor.rowcount == 1


def save_odds(store: Store, odds: dict[str, Any], at: str, *, snapshot: bool = False) -> bool:
    """Keep the newest version of a race's odds; an older one arriving late is ignored.

    Versions count up within one server process only: a ``snapshot`` (taken at a resync,
    after a gap or a server restart) replaces whatever is here.
    """
    newer = "" if snapshot else " WHERE excluded.version > odds.version"
    with store.write() as conn:
        cursor = conn.execute(
            "INSERT INTO odds (race_id, version, body, received_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(race_id) DO UPDATE SET version = excluded.version, body ="
            " excluded.body, received_at = excluded.received_at" + newer,
            (odds["race_id"], int(odds["version"]), json.dumps(odds), at),
        )
        return cursor.rowcount == 1


def odds_of(store: Store, race_id: str) -> dict[str, Any] | None:
    row = store.one("SELECT body FROM odds WHERE race_id = ?", (race_id,))
    return None if row is None else dict(json.loads(row[0]))


def race(store: Store, race_id: str) -> CachedRace:
    row = store.one("SELECT * FROM race WHERE race_id = ?", (race_id,))
    if row is None:
        raise NotFound(f"race {race_id} is not in this terminal's programme", code="unknown_race")
    runners = tuple(json.loads(row["runners"]))
    bet_types = tuple(BetType(t) for t in json.loads(row["bet_types"]))
    overrides = json.loads(row["rules"] or "{}")
    return CachedRace(
        race_id=row["race_id"],
        meeting=row["meeting"] or "",
        racecourse=row["racecourse"] or "",
        name=row["name"] or "",
        post_time=datetime.fromisoformat(row["post_time"]),
        status=row["status"],
        bet_types=bet_types,
        field=Field.of(
            (r["number"] for r in runners), (r["number"] for r in runners if r["scratched"])
        ),
        rules={
            t: _rules(t, json.dumps(overrides.get(t.value, {}), sort_keys=True)) for t in bet_types
        },
        runners=runners,
        result=json.loads(row["result"]) if row["result"] else None,
    )


@functools.lru_cache(maxsize=1024)
def _rules(bet_type: BetType, overrides: str) -> PoolRules:
    """A pool's rules, built once per distinct override: a race event reloads every race,
    and building 20 races' rules anew each time (most of the reload) held the screens up."""
    return rules_from_mapping(bet_type, json.loads(overrides))


def _result(race: dict[str, Any]) -> str | None:
    """What an older server does not send (no ``result``) is no result."""
    result = race.get("result")
    return None if not result else json.dumps(result)


def races_of(store: Store, day: str) -> list[CachedRace]:
    ids = store.all("SELECT race_id FROM race WHERE day = ? ORDER BY post_time", (day,))
    return [race(store, r[0]) for r in ids]
