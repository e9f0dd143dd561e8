"""``guichet-server import-pmu`` and ``settle-pmu``: the PMU's feed into the programme, and the
feed's arrivals into results.

**Import** stores every meeting, race, runner and point-of-sale pool of the files given, in one
transaction: a file refused anywhere leaves the database as it was. A race already imported
is left as it is — importing the same day twice changes nothing — except for what the feed
learns during a day: runners declared non-runners since (scratched, journaled as the race
office's scratchings are) and runners' names from a participants file given later. A race
whose offer, post time or field differs from what was imported is refused, by place: the
terminals have sold on that offer. A race that has already run is imported closed to bets.

**Settle** is a separate command, because it settles every ticket on a race, which no one can
undo: an operator runs it when the PMU has published the arrivals. For each imported race of
the file whose arrival is there, it closes the race if it was still planned or open (it has
run), scratches the non-runners the feed names, then posts the arrival as the provisional
result and, if the feed says it is definitive, as the official one (every bet WINNING,
LOSING or REFUNDABLE); a race the feed says was called off is abandoned (every bet refunded).
Runners disqualified, fallen or stopped are simply not in the arrival. A race already official
with the same arrival is left alone; with another, the command is refused. All of it is one
transaction, journaled as the work of the ``PMU feed``.

On SQLite, a server running meanwhile sees settled races on its terminals' next programme
reload (its own cache of races is its writer's); on PostgreSQL, at once (``backend.live``).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backend import journal
from backend.errors import InvalidRequest, ServerError
from backend.pmu_feed import ParticipantsFile, ProgrammeFile, read_feed
from backend.pmu_programme import FeedMeeting, FeedRace, day_of, race_of_name
from backend.races import RaceStatus, load_race, lock
from backend.results import abandon_within, record_within, scratch_within
from backend.store import Store
from pari import PariError, parse_amount

FEED = "PMU feed"  # who did it, in the journal


@dataclass
class Imported:
    """What an import did, as the command reports it."""

    races: int = 0
    unchanged: int = 0
    runners: int = 0
    non_runners: int = 0
    scratched: int = 0  # non-runners new since an earlier import
    on_sale: int = 0
    not_sold: Counter[str] = field(default_factory=Counter)
    online: int = 0
    run: int = 0
    without_offer: int = 0


def read_files(arguments: list[str], max_stake: int | None) -> list[FeedMeeting]:
    """The feed files given (``FILE``, or ``R1C1=FILE`` for a participants file whose name
    does not say its race), checked and put together."""
    programmes: list[tuple[str, ProgrammeFile]] = []
    participants: dict[tuple[int, int], tuple[str, ParticipantsFile]] = {}
    for argument in arguments:
        code, _, path = argument.rpartition("=") if "=" in argument else ("", "", argument)
        name = Path(path).name
        feed = read_feed(name, Path(path).read_bytes())
        if isinstance(feed, ProgrammeFile):
            programmes.append((name, feed))
            continue
        race = race_of_name(code) if code else race_of_name(name)
        if race is None:
            raise InvalidRequest(f"{name}: which race's participants? Name it: R1C1={path}")
        if race in participants:
            raise InvalidRequest(f"{name}: a second participants file for R{race[0]}C{race[1]}")
        participants[race] = (name, feed)
    if not programmes:
        raise InvalidRequest("no programme file given (the participants files need theirs)")
    return day_of(programmes, participants, max_stake)


def import_day(store: Store, meetings: list[FeedMeeting], now: datetime) -> Imported:
    at = now.astimezone(UTC).isoformat()
    done = Imported()
    with store.transaction():
        for meeting in meetings:  # a refusal anywhere rolls back every meeting before it too
            row = store.execute(
                "SELECT racecourse FROM meeting WHERE id = ?", (meeting.meeting_id,)
            ).fetchone()
            if row is None:
                store.execute(
                    "INSERT INTO meeting (id, day, number, racecourse) VALUES (?, ?, ?, ?)",
                    (meeting.meeting_id, meeting.day, meeting.number, meeting.racecourse),
                )
            elif row[0] != meeting.racecourse:
                raise InvalidRequest(
                    f"{meeting.where}: meeting {meeting.meeting_id} is "
                    f"{row[0]} here, not {meeting.racecourse}"
                )
            added = []
            for race in meeting.races:
                done.runners += len(race.runners)
                done.non_runners += len(race.scratched)
                done.online += race.online
                done.run += race.has_run
                done.without_offer += not race.bet_types
                for pool in race.pools:
                    if pool.bet_type is None:
                        done.not_sold[pool.code] += 1
                    else:
                        done.on_sale += 1
                if _known(store, race, at, done):
                    done.unchanged += 1
                    continue
                _insert(store, race, meeting, at)
                added.append(race.race_id)
                done.races += 1
            if added:
                record = {"meeting": meeting.meeting_id, "races": added, "by": FEED}
                journal.append(store, at, "programme.pmu", record)
    return done


def _insert(store: Store, race: FeedRace, meeting: FeedMeeting, at: str) -> None:
    store.execute(
        "INSERT INTO race (id, meeting_id, number, name, post_time, status, bet_types, rules)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            race.race_id,
            meeting.meeting_id,
            race.number,
            race.name,
            race.post_time.astimezone(UTC).isoformat(),
            race.status.value,
            json.dumps([t.value for t in race.bet_types]),
            json.dumps(race.rules()),
        ),
    )
    store.executemany(
        "INSERT INTO runner (race_id, number, name, jockey, scratched) VALUES (?, ?, ?, ?, ?)",
        [
            (race.race_id, r.number, r.name, r.jockey, int(r.number in race.scratched))
            for r in race.runners
        ],
    )
    offset = race.post_time.utcoffset()
    assert offset is not None  # instant() gives every time its zone
    store.execute(
        "INSERT INTO pmu_race (race_id, utc_offset, feed_status, imported_at) VALUES (?, ?, ?, ?)",
        (race.race_id, int(offset.total_seconds()) // 60, race.feed_status, at),
    )
    store.executemany(
        "INSERT INTO pmu_pool (race_id, code, bet_type, base_stake, max_stake, flags, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                race.race_id,
                p.code,
                None if p.bet_type is None else p.bet_type.value,
                p.base_stake,
                p.max_stake,
                json.dumps(p.flags, sort_keys=True),
                i,
            )
            for i, p in enumerate(race.pools, 1)
        ],
    )


def _known(store: Store, race: FeedRace, at: str, done: Imported) -> bool:
    """False for a race not in the programme yet; True for one imported before (its new
    non-runners scratched, its names filled in); refused if it differs otherwise."""
    row = store.execute(
        "SELECT r.name, r.post_time, r.status, p.race_id FROM race r"
        " LEFT JOIN pmu_race p ON p.race_id = r.id WHERE r.id = ?",
        (race.race_id,),
    ).fetchone()
    if row is None:
        return False
    if row[3] is None:
        raise InvalidRequest(
            f"{race.where}: race {race.race_id} is already in the programme, "
            "not from the PMU's feed"
        )
    runners = {
        r[0]: (r[1], r[2], r[3])
        for r in store.execute(
            "SELECT number, name, jockey, scratched FROM runner WHERE race_id = ?", (race.race_id,)
        )
    }
    pools = [
        (p[0], p[1], p[2], p[3], json.loads(p[4]))
        for p in store.execute(
            "SELECT code, bet_type, base_stake, max_stake, flags FROM pmu_pool WHERE race_id = ?"
            " ORDER BY position",
            (race.race_id,),
        )
    ]
    offered = [
        (
            p.code,
            None if p.bet_type is None else p.bet_type.value,
            p.base_stake,
            p.max_stake,
            json.loads(json.dumps(p.flags)),
        )
        for p in race.pools
    ]
    differs = (
        "its name"
        if row[0] != race.name
        else "its post time"
        if datetime.fromisoformat(row[1]) != race.post_time
        else "its runners"
        if set(runners) != {r.number for r in race.runners}
        else "its pools (their stakes or options)"
        if pools != offered
        else ""
    )
    if differs:
        raise InvalidRequest(
            f"{race.where}: race {race.race_id} is not as imported: {differs} "
            "changed; an import does not change a race terminals may have "
            "sold on"
        )
    status = RaceStatus(row[2])
    for runner in race.runners:
        name, jockey, _ = runners[runner.number]
        if runner.name and (runner.name, runner.jockey) != (name, jockey):
            store.execute(
                "UPDATE runner SET name = ?, jockey = ? WHERE race_id = ? AND number = ?",
                (runner.name, runner.jockey, race.race_id, runner.number),
            )
            store.execute("UPDATE race SET revision = revision + 1 WHERE id = ?", (race.race_id,))
    for number in sorted(race.scratched - {n for n, r in runners.items() if r[2]}):
        if status not in (RaceStatus.PLANNED, RaceStatus.OPEN, RaceStatus.CLOSED):
            raise InvalidRequest(
                f"{race.where}: runner {number} is a non-runner in the feed, "
                f"but race {race.race_id} already has its result"
            )
        scratch_within(store, race.race_id, number, datetime.fromisoformat(at), FEED)
        done.scratched += 1
    store.execute(
        "UPDATE pmu_race SET feed_status = ? WHERE race_id = ?", (race.feed_status, race.race_id)
    )
    return True


@dataclass
class Settled:
    official: list[str] = field(default_factory=list)
    provisional: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    already: int = 0
    not_run: int = 0


def settle_day(store: Store, meetings: list[FeedMeeting], now: datetime) -> Settled:
    """Post the feed's arrivals (module docstring); one transaction for the whole file."""
    done = Settled()
    by = {"by": FEED}
    with store.transaction():
        for race in (r for m in meetings for r in m.races):
            if (
                store.execute(
                    "SELECT 1 FROM pmu_race WHERE race_id = ?", (race.race_id,)
                ).fetchone()
                is None
            ):
                raise InvalidRequest(
                    f"{race.where}: race {race.race_id} was not imported: run import-pmu first"
                )
            status = load_race(store, race.race_id).status
            if race.called_off:
                if status is RaceStatus.CANCELLED:
                    done.already += 1
                else:
                    _step(race, lambda r=race.race_id: abandon_within(store, r, now, by))
                    done.abandoned.append(race.code)
                continue
            if not race.arrival:
                done.not_run += 1
                continue
            _settle_race(store, race, status, now, done)
    return done


def _settle_race(
    store: Store, race: FeedRace, status: RaceStatus, now: datetime, done: Settled
) -> None:
    places = [list(block) for block in race.arrival]
    if status is RaceStatus.RESULT_OFFICIAL:
        stored = store.execute("SELECT result FROM race WHERE id = ?", (race.race_id,)).fetchone()
        if json.loads(stored[0]) != places:
            raise InvalidRequest(
                f"{race.where}: race {race.race_id} already has an official "
                f"result, {stored[0]}, not the feed's {places}"
            )
        done.already += 1
        return
    if status in (RaceStatus.PLANNED, RaceStatus.OPEN):  # it ran: closed, whatever our clock
        lock(store, race.race_id)
        store.execute(
            "UPDATE race SET status = ?, revision = revision + 1 WHERE id = ?",
            (RaceStatus.CLOSED.value, race.race_id),
        )
        journal.append(store, now.isoformat(), "race.close", {"race": race.race_id, "by": FEED})
    scratched = load_race(store, race.race_id).field.scratched
    for number in sorted(race.scratched - scratched):
        _step(race, lambda n=number: scratch_within(store, race.race_id, n, now, FEED))
    current = store.execute("SELECT result FROM race WHERE id = ?", (race.race_id,)).fetchone()[0]
    if status is not RaceStatus.RESULT_PROVISIONAL or json.loads(current) != places:
        _step(race, lambda: record_within(store, race.race_id, places, False, now, {"by": FEED}))
    if race.definitive:
        _step(race, lambda: record_within(store, race.race_id, places, True, now, {"by": FEED}))
        done.official.append(race.code)
    else:
        done.provisional.append(race.code)


def _step(race: FeedRace, action: Any) -> None:
    """Run one step of a race's settlement; its refusal names the race's place in the file."""
    try:
        action()
    except ServerError as err:
        raise InvalidRequest(f"{race.where}: {err.detail}") from None
    except PariError as err:
        raise InvalidRequest(f"{race.where}: {err}") from None


def max_stake_of(text: str) -> int:
    """``--max-stake``: euros (``1500`` or ``1500.50``), as cents, exactly."""
    try:
        value = parse_amount(text)
    except PariError:
        raise argparse.ArgumentTypeError(f"an amount in euros such as 1500, not {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"a positive amount in euros, not {text!r}")
    return value


def import_command(files: list[str], max_stake: int | None, store: Store) -> int:
    """``import-pmu``: what was imported, and what was not and why, in a few lines."""
    meetings = read_files(files, max_stake)
    done = import_day(store, meetings, datetime.now(UTC))
    days = sorted({m.day for m in meetings})
    print(
        f"{done.races} races imported, {done.unchanged} already there "
        f"({', '.join(days)}: {len(meetings)} meetings)"
    )
    not_sold = ", ".join(f"{code} {n}" for code, n in sorted(done.not_sold.items()))
    print(
        f"{done.runners} runners, {done.non_runners} non-runners"
        + (f" ({done.scratched} scratched now)" if done.scratched else "")
        + f"; {done.on_sale} pools on sale, {sum(done.not_sold.values())} kept not on sale "
        f"({not_sold or 'none'}), {done.online} online pools (E_) skipped"
    )
    if done.without_offer:
        print(f"{done.without_offer} races offer nothing Guichet sells: shown, not on sale")
    if done.run:
        print(
            f"{done.run} races have already run (closed to bets): settle-pmu posts their arrivals"
        )
    return 0


def settle_command(files: list[str], store: Store) -> int:
    """``settle-pmu``: the races settled, by code, and what was left."""
    done = settle_day(store, read_files(files, None), datetime.now(UTC))
    for what, codes in (
        ("official result", done.official),
        ("provisional result", done.provisional),
        ("abandoned", done.abandoned),
    ):
        if codes:
            print(f"{what}: {len(codes)} races ({' '.join(codes)})")
    print(f"{done.already} races already settled, {done.not_run} not run yet")
    return 0
