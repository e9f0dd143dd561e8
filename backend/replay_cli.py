"""``guichet-replay --programme FILE --race R1C1 [--participants FILE] --rapports FILE [--json]``:
one race of the PMU's feed settled by Guichet and compared with the dividends the PMU
published (``backend.replay``).

``--programme`` is the day's programme file, or the race's own file (the feed's
``programme/DDMMYYYY/R1/C1``: one race object); ``--participants`` gives the runners' names
and statuses (without it, the programme's incidents say the non-runners). The report says,
pool by pool, whether the paying combinations are those published, whether the relations the
rules fix hold, and Guichet's dividends beside the PMU's where the pool could be rebuilt.
``--json`` prints the same as one object.

Exit status: 0 when every published pool Guichet sells pays exactly the published
combinations and its relations hold, 1 when one does not, 2 when a file cannot be read or is
not the feed's (one line saying which file and where).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backend.errors import InvalidRequest
from backend.pmu_feed import (
    Course,
    Hippodrome,
    ParticipantsFile,
    Programme,
    ProgrammeFile,
    Reunion,
    describe,
    read_feed,
)
from backend.pmu_programme import FeedRace, day_of, instant
from backend.pmu_rapports import read_rapports
from backend.replay import PoolReplay, RaceReplay, Row, replay

EXIT_OK, EXIT_MISMATCH, EXIT_MALFORMED = 0, 1, 2
RACE = re.compile(r"^R(\d{1,2})C(\d{1,2})$")


def load_race(programme: Path, code: str, participants: Path | None) -> FeedRace:
    """The race ``code`` of a programme (or race) file, with its participants file's runners."""
    found = RACE.match(code.upper())
    if found is None:
        raise InvalidRequest(f"--race {code}: a race is named by its meeting and number, R1C1")
    wanted = (int(found[1]), int(found[2]))
    given = {}
    if participants is not None:
        feed = read_feed(participants.name, _read(participants))
        if not isinstance(feed, ParticipantsFile):
            raise InvalidRequest(f"{participants.name}: a programme, not a race's participants")
        given[wanted] = (participants.name, feed)
    data = _read(programme)
    meetings = day_of([(programme.name, _programme(programme.name, data))], given)
    for meeting in meetings:
        for race in meeting.races:
            if (meeting.number, race.number) == wanted:
                return race
    raise InvalidRequest(f"{programme.name}: no race R{wanted[0]}C{wanted[1]} in it")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InvalidRequest(f"{path}: cannot read: {err.strerror or err}") from None


def _programme(name: str, data: bytes) -> ProgrammeFile:
    """A day's programme, or one race's file put in a programme of its own meeting."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError):
        raw = None  # read_feed says what is wrong with it
    if isinstance(raw, dict) and "programme" not in raw and {"numReunion", "paris"} <= set(raw):
        try:
            course = Course.model_validate(raw)
        except ValidationError as err:
            raise InvalidRequest(f"{name}: {describe(err, raw)}") from None
        return _envelope(course, raw)
    feed = read_feed(name, data)
    if not isinstance(feed, ProgrammeFile):
        raise InvalidRequest(f"{name}: a race's participants, not a programme (--programme)")
    return feed


def _envelope(course: Course, raw: dict[str, Any]) -> ProgrammeFile:
    """The meeting a race file belongs to, from the race itself: its number, its day in its
    zone and its racecourse (the feed's race object names it)."""
    day = instant(course.heure_depart, course.timezone_offset).date()
    zone = timezone(timedelta(milliseconds=course.timezone_offset))
    midnight = int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp() * 1000)
    named = raw.get("hippodrome")
    racecourse = named.get("libelleCourt") if isinstance(named, dict) else None
    meeting = Reunion.model_construct(
        num_officiel=course.num_reunion,
        date_reunion=midnight,
        timezone_offset=course.timezone_offset,
        courses=[course],
        hippodrome=Hippodrome.model_construct(
            libelle_court=racecourse if isinstance(racecourse, str) and racecourse else "?"
        ),
    )
    return ProgrammeFile.model_construct(
        programme=Programme.model_construct(
            date=midnight, timezone_offset=course.timezone_offset, reunions=[meeting]
        )
    )


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _difference(row: Row) -> Decimal | None:
    if row.guichet is None or row.dividend is None:
        return None
    return row.guichet - row.dividend


def as_json(done: RaceReplay) -> dict[str, Any]:
    return {
        "race": done.race.code,
        "name": done.race.name,
        "match": done.match,
        "arrival": [list(block) for block in done.race.arrival],
        "non_runners": sorted(done.race.scratched),
        "out_of_arrival": sorted(done.race.out),
        "pools": [_pool_json(p) for p in done.compared],
        "not_compared": [p.code for p in done.pools if not p.sold],
        "not_published": done.not_published,
    }


def _pool_json(pool: PoolReplay) -> dict[str, Any]:
    return {
        "bet_type": pool.code,
        "base_stake": _amount(Decimal(pool.base_stake).scaleb(-2)),
        "match": pool.match,
        "refunded": {"published": pool.refunded, "guichet": pool.guichet_refunds is not None},
        "published": [
            {
                "rank": r.rank,
                "combination": r.text,
                "dividend": _amount(r.dividend),
                "per_base_stake": _amount(r.per_base_stake),
                "winners": None if r.winners is None else str(r.winners),
                "guichet": _amount(r.guichet),
                "difference": _amount(_difference(r)),
            }
            for r in pool.published
        ],
        "computed": [
            {"rank": r.rank, "combination": r.text, "dividend": _amount(r.dividend)}
            for r in pool.computed
        ],
        "published_not_paid": [f"{r.rank} {r.text}" for r in pool.missing],
        "paid_not_published": [f"{r.rank} {r.text}" for r in pool.extra],
        "relations": [
            {"name": r.name, "holds": r.holds, "detail": r.detail} for r in pool.relations
        ],
        "relations_hold": pool.relations_hold,
        "rebuilt": None
        if pool.rebuilt is None
        else {
            "net_pool_range": [_amount(pool.rebuilt.low), _amount(pool.rebuilt.high)],
            "net_pool": _amount(pool.rebuilt.net),
            "gross_pool": _amount(pool.rebuilt.gross),
            "rules_agree": pool.rebuilt.consistent,
            "takeout": str(pool.rebuilt.takeout),
            "on_paying": _amount(pool.rebuilt.on_paying),
        },
        "not_rebuilt": pool.not_rebuilt,
    }


def as_text(done: RaceReplay) -> list[str]:
    race = done.race
    arrival = " ".join("=".join(map(str, b)) for b in race.arrival) or "none"
    day = race.race_id.split("/")[0]
    lines = [
        f"{race.code} {race.name} ({day}): arrival {arrival}; non-runners "
        f"{_listed(race.scratched)}; out of the arrival {_listed(race.out)}"
    ]
    for pool in done.compared:
        lines += _pool_text(pool)
    if done.not_published:
        lines.append(f"sold by Guichet, not in the file: {', '.join(done.not_published)}")
    skipped = [p.code for p in done.pools if not p.sold]
    if skipped:
        lines.append(f"not sold by Guichet, not compared: {', '.join(skipped)}")
    wrong = [p.code for p in done.compared if not (p.match and p.relations_hold)]
    lines.append(
        f"{len(done.compared)} pools compared: "
        + (f"{', '.join(wrong)} differ" if wrong else "every one matches")
    )
    return lines


def _listed(numbers: frozenset[int]) -> str:
    return " ".join(map(str, sorted(numbers))) or "none"


def _pool_text(pool: PoolReplay) -> list[str]:
    base = Decimal(pool.base_stake).scaleb(-2)
    verdict = "paying combinations match" if pool.match else "paying combinations DIFFER"
    lines = [f"{pool.code} (base stake {base:.2f}): {verdict}"]
    if pool.refunded or pool.guichet_refunds:
        lines.append(
            f"  refunded: by the PMU {'yes' if pool.refunded else 'no'}, by Guichet "
            f"{pool.guichet_refunds or 'no'}"
        )
    if pool.missing:
        lines.append(
            "  published, not paid by Guichet: "
            + ", ".join(f"{r.rank} {r.text}" for r in pool.missing)
        )
    if pool.extra:
        lines.append(
            "  paid by Guichet, not published: "
            + ", ".join(f"{r.rank} {r.text}" for r in pool.extra)
        )
    for row in pool.published:
        guichet = (
            ""
            if row.guichet is None
            else (f"   Guichet {row.guichet:>9.2f}   difference {_difference(row):+.2f}")
        )
        dividend = "-" if row.dividend is None else f"{row.dividend:.2f}"
        lines.append(f"  {row.rank:<10} {row.text:<14} published {dividend:>9}{guichet}")
    for relation in pool.relations:
        lines.append(
            f"  {relation.name}: {'holds' if relation.holds else 'DOES NOT HOLD'} "
            f"({relation.detail})"
        )
    if pool.rebuilt is not None:
        rebuilt = pool.rebuilt
        verdict = (
            f"Guichet's rules give every published dividend at {rebuilt.net:.2f} €"
            if rebuilt.consistent
            else "NO net pool in that range gives the published dividends under Guichet's "
            f"rules; shown at {rebuilt.net:.2f} €"
        )
        lines.append(
            f"  pool rebuilt from nombreGagnants: net between {rebuilt.low:.2f} and "
            f"{rebuilt.high:.2f} €; {verdict} (gross {rebuilt.gross:.2f} € at a takeout of "
            f"{rebuilt.takeout})"
        )
    elif pool.not_rebuilt:
        lines.append(f"  not rebuilt: {pool.not_rebuilt}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="guichet-replay",
        description="Settle one race of the PMU's feed with Guichet's rules and compare it, "
        "pool by pool, with the PMU's final dividends (rapports définitifs).",
    )
    parser.add_argument(
        "--programme",
        required=True,
        type=Path,
        metavar="FILE",
        help="the day's programme file, or the race's own file",
    )
    parser.add_argument("--race", required=True, help="the race, as R1C1")
    parser.add_argument(
        "--participants",
        type=Path,
        metavar="FILE",
        help="the race's participants file (runners and non-runners)",
    )
    parser.add_argument(
        "--rapports",
        required=True,
        type=Path,
        metavar="FILE",
        help="the race's final dividends file (rapports-definitifs)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        race = load_race(args.programme, args.race, args.participants)
        published = read_rapports(args.rapports.name, _read(args.rapports))
        if not race.arrival and not race.called_off:
            raise InvalidRequest(f"{race.where}: the race has no arrival yet: nothing to replay")
        done = replay(race, published)
    except InvalidRequest as err:
        print(f"guichet-replay: {err.detail}", file=sys.stderr)
        return EXIT_MALFORMED
    if args.json:
        print(json.dumps(as_json(done), ensure_ascii=False, indent=1))
    else:
        print("\n".join(as_text(done)))
    return EXIT_OK if done.match else EXIT_MISMATCH


if __name__ == "__main__":
    raise SystemExit(main())
