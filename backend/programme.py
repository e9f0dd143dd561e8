"""The race programme: its JSON format, loading it, and a demo day.

Format (version 1)::

    {
      "format": 1,
      "day": "2026-11-21",
      "meetings": [
        {"number": 1, "racecourse": "Vincennes",
         "races": [
           {"number": 3, "name": "Prix de Bretagne", "post_time": "2026-11-21T14:15:00Z",
            "runners": [{"number": 1, "name": "Idéal du Gazeau", "jockey": "E. Raffin"}, ...],
            "bet_types": ["SIMPLE_GAGNANT", "SIMPLE_PLACE", "QUINTE_PLUS"],
            "rules": {"QUINTE_PLUS": {"takeout": "0.285"}}}
         ]}
      ]
    }

``post_time`` carries its UTC offset; ``rules`` are per-bet-type overrides of the PMU
defaults, with the keys of ``pari.rules_from_mapping``. Loading a programme is all or nothing:
a malformed one changes nothing and the error names the place.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from backend import journal
from backend.errors import InvalidRequest
from backend.programme_format import MeetingBody, RaceBody, read_programme
from backend.store import Store
from pari import BetType, PariError, rules_from_mapping


@dataclass(frozen=True, slots=True)
class RunnerEntry:
    number: int
    name: str
    jockey: str


@dataclass(frozen=True, slots=True)
class RaceEntry:
    race_id: str
    meeting_id: str
    number: int
    name: str
    post_time: datetime
    runners: tuple[RunnerEntry, ...]
    bet_types: tuple[BetType, ...]
    rules: dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class MeetingEntry:
    meeting_id: str
    day: str
    number: int
    racecourse: str
    races: tuple[RaceEntry, ...]


def parse_programme(data: bytes | Any) -> list[MeetingEntry]:
    """The programme in ``data`` (JSON bytes, or decoded), checked: its format by the model
    (``backend.programme_format``), then what a model cannot say — numbers used twice, rules
    for a bet type the race does not offer, rules ``pari`` refuses."""
    programme = read_programme(data)
    meetings = [_meeting(programme.day, m, i) for i, m in enumerate(programme.meetings, 1)]
    if len({m.meeting_id for m in meetings}) != len(meetings):
        raise InvalidRequest("two meetings have the same number")
    return meetings


def _meeting(day: str, meeting: MeetingBody, index: int) -> MeetingEntry:
    where = f"meetings[{index}]"
    meeting_id = f"{day}/R{meeting.number}"
    races = tuple(
        _race(meeting_id, race, f"{where}.races[{i}]") for i, race in enumerate(meeting.races, 1)
    )
    if len({r.number for r in races}) != len(races):
        raise InvalidRequest(f"{where}: two races have the same number")
    return MeetingEntry(meeting_id, day, meeting.number, meeting.racecourse, races)


def _race(meeting_id: str, race: RaceBody, where: str) -> RaceEntry:
    runners = tuple(RunnerEntry(r.number, r.name, r.jockey) for r in race.runners)
    if len({r.number for r in runners}) != len(runners):
        raise InvalidRequest(f"{where}: two runners have the same number")
    bet_types = tuple(race.bet_types)
    for name, overrides in race.rules.items():
        try:
            bet_type = BetType(name)
        except ValueError:
            raise InvalidRequest(f"{where}.rules: {name!r} is not a bet type") from None
        if bet_type not in bet_types:
            raise InvalidRequest(f"{where}.rules: {name} is not offered on this race")
        try:
            rules_from_mapping(bet_type, overrides)
        except PariError as err:
            raise InvalidRequest(f"{where}.rules: {err}") from None
    return RaceEntry(
        race_id=f"{meeting_id}C{race.number}",
        meeting_id=meeting_id,
        number=race.number,
        name=race.name or f"Course {race.number}",
        post_time=datetime.fromisoformat(race.post_time),
        runners=runners,
        bet_types=bet_types,
        rules={k: dict(v) for k, v in race.rules.items()},
    )


def load_programme(store: Store, meetings: list[MeetingEntry], now: datetime) -> int:
    """Store a parsed programme in one transaction; return the number of races added."""
    at = now.astimezone(UTC).isoformat()
    with store.transaction():
        count = 0
        for meeting in meetings:
            if store.execute(
                "SELECT 1 FROM meeting WHERE id = ?", (meeting.meeting_id,)
            ).fetchone():
                raise InvalidRequest(f"meeting {meeting.meeting_id} is already in the programme")
            store.execute(
                "INSERT INTO meeting (id, day, number, racecourse) VALUES (?, ?, ?, ?)",
                (meeting.meeting_id, meeting.day, meeting.number, meeting.racecourse),
            )
            for race in meeting.races:
                store.execute(
                    "INSERT INTO race (id, meeting_id, number, name, post_time, status, bet_types,"
                    " rules) VALUES (?, ?, ?, ?, ?, 'PLANNED', ?, ?)",
                    (
                        race.race_id,
                        meeting.meeting_id,
                        race.number,
                        race.name,
                        race.post_time.astimezone(UTC).isoformat(),
                        json.dumps([t.value for t in race.bet_types]),
                        json.dumps(race.rules),
                    ),
                )
                store.executemany(
                    "INSERT INTO runner (race_id, number, name, jockey) VALUES (?, ?, ?, ?)",
                    [(race.race_id, r.number, r.name, r.jockey) for r in race.runners],
                )
                count += 1
            journal.append(
                store, at, "programme.meeting", {"meeting": meeting.meeting_id, "races": count}
            )
    return count


_RACECOURSES = ("Vincennes", "Longchamp", "Chantilly", "Deauville", "Auteuil", "Cagnes-sur-Mer")
_NAMES = (
    "Bold Eagle",
    "Face Time Bourbon",
    "Davidson du Pont",
    "Hohneck",
    "Idao de Tillard",
    "Ampia Mede",
    "Go On Boy",
    "Just Love You",
    "Vivid Wise As",
    "Gu d'Heripre",
    "Hooker Berry",
    "Iroise de la Noe",
    "Jushua Tree",
    "Kaiser Sotg",
    "Lara de Mai",
    "Mister Cloud",
    "Nirvana d'Erable",
    "Obelix du Chene",
    "Perle de Flore",
    "Quick Star",
)
_JOCKEYS = ("E. Raffin", "B. Goop", "M. Abrivard", "C. Soumillon", "M. Guyon", "A. Lemaire")
_ALL_TYPES = [t.value for t in BetType if t is not BetType.QUINTE_PLUS]


def demo_programme(day: date, first_post: datetime, seed: int = 7) -> dict[str, Any]:
    """Today's demo day: three meetings, a race every few minutes, fields of 8–16 runners.

    One race of the first meeting is the Quinté+, as on a PMU day.
    """
    rng = random.Random(seed)
    meetings = []
    for m in range(3):
        races = []
        for c in range(8):
            size = rng.randint(8, 16)
            names = rng.sample(_NAMES, min(size, len(_NAMES)))
            post = first_post + timedelta(minutes=4 * (c * 3 + m))
            bet_types = list(_ALL_TYPES) + (["QUINTE_PLUS"] if (m, c) == (0, 3) else [])
            races.append(
                {
                    "number": c + 1,
                    "name": "Prix d'Amérique" if (m, c) == (0, 3) else f"Prix {names[0]}",
                    "post_time": post.astimezone(UTC).isoformat(),
                    "runners": [
                        {
                            "number": i + 1,
                            "name": names[i % len(names)],
                            "jockey": rng.choice(_JOCKEYS),
                        }
                        for i in range(size)
                    ],
                    "bet_types": bet_types,
                }
            )
        meetings.append({"number": m + 1, "racecourse": _RACECOURSES[m], "races": races})
    return {"format": 1, "day": day.isoformat(), "meetings": meetings}
