"""A PMU feed day as Guichet's programme: meetings, races, runners and each race's offer.

The feed (``backend.pmu_feed``) lists every pool the PMU runs on a race, online ones included.
A point of sale sells the others, and of those only the bet types Guichet sells: ``SOLD``
maps the PMU's pool codes to them, here rather than in ``pari`` (whose bet types are being
reworked at the same time; the codes are the PMU's, the mapping is the import's). A race's
offer is then exactly its sold pools, each at the feed's base stake (``miseBase``, cents) and
maximum (``miseMax`` where the feed gives one, else the importer's ``--max-stake``): they
become the race's ``bet_types`` and its rule overrides (``min_stake``, ``max_stake``, and
``rules: pmu``: the PMU's rules set), which is how the server and the terminals already price
and check a sale. Pools Guichet does not sell
(Mini Multi, Super 4, Pick 5, Tic Trois, Report+, the international pools) are kept, not on
sale, with every pool's flags (Spot, Flexi, the replacement horse, Jackpot) for later use.

Times: ``heureDepart`` is epoch milliseconds; it is shown in the meeting's zone, the feed's
``timezoneOffset`` (+01:00 in winter), and the meeting's day is its ``dateReunion`` read in that
zone — 5 November at midnight in Paris is still 4 November in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from backend.errors import InvalidRequest
from backend.pmu_feed import Course, ParticipantsFile, Pool, ProgrammeFile, Reunion
from backend.programme import RunnerEntry
from backend.races import RaceStatus
from pari import BetType
from pari.money import format_amount
from pari.rules import RulesSet

SOLD: dict[str, BetType] = {
    "SIMPLE_GAGNANT": BetType.SIMPLE_GAGNANT,
    "SIMPLE_PLACE": BetType.SIMPLE_PLACE,
    "COUPLE_GAGNANT": BetType.COUPLE_GAGNANT,
    "COUPLE_PLACE": BetType.COUPLE_PLACE,
    "COUPLE_ORDRE": BetType.COUPLE_ORDRE,
    "TRIO": BetType.TRIO,
    "TRIO_ORDRE": BetType.TRIO_ORDRE,
    "DEUX_SUR_QUATRE": BetType.DEUX_SUR_QUATRE,
    "TIERCE": BetType.TIERCE,
    "QUARTE_PLUS": BetType.QUARTE_PLUS,
    "QUINTE_PLUS": BetType.QUINTE_PLUS,
    "MULTI": BetType.MULTI,
}
ONLINE = "E_"  # the online pools' codes: E_SIMPLE_GAGNANT, …; not sold at a point of sale
NON_RUNNER = "NON_PARTANT"
# the feed's race statuses: not run yet, run (its arrival settles it), called off
TO_RUN = frozenset({"PROGRAMMEE", "DEPART_CONFIRME", "DEPART_DANS_TROIS_MINUTES"})
RUN = frozenset(
    {
        "FIN_COURSE",
        "ARRIVEE_PROVISOIRE",
        "ARRIVEE_DEFINITIVE",
        "ARRIVEE_DEFINITIVE_COMPLETE",
        "COURSE_ARRETEE",
    }
)
CALLED_OFF = frozenset({"COURSE_ANNULEE"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_RACE_CODE = re.compile(r"R(\d{1,2})C(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PoolEntry:
    code: str  # the feed's codePari
    bet_type: BetType | None  # what Guichet sells it as; None: not on sale here
    base_stake: int | None  # cents
    max_stake: int | None  # cents; None: no maximum
    flags: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeedRace:
    where: str  # "programme.json: reunions[1].courses[1] (R1C1)", for errors
    race_id: str
    number: int
    name: str
    post_time: datetime  # in the meeting's zone
    feed_status: str
    runners: tuple[RunnerEntry, ...]
    scratched: frozenset[int]  # non-runners (statut or incident NON_PARTANT)
    pools: tuple[PoolEntry, ...]
    online: int  # E_ pools skipped
    arrival: tuple[tuple[int, ...], ...]  # [] until it has run; [[15, 16]]: a dead heat
    definitive: bool
    out: frozenset[int]  # runners an incident took out of the arrival (disqualified, fell…)

    @property
    def code(self) -> str:
        return self.race_id.rsplit("/", 1)[1]

    @property
    def bet_types(self) -> tuple[BetType, ...]:
        return tuple(p.bet_type for p in self.pools if p.bet_type is not None)

    @property
    def has_run(self) -> bool:
        return self.feed_status in RUN or (self.feed_status not in TO_RUN and bool(self.arrival))

    @property
    def called_off(self) -> bool:
        return self.feed_status in CALLED_OFF

    @property
    def status(self) -> RaceStatus:
        """Its state when first imported: a race that has run is closed to bets (its result
        comes from ``settle-pmu``), one called off is abandoned, any other is planned."""
        if self.called_off:
            return RaceStatus.CANCELLED
        return RaceStatus.CLOSED if self.has_run else RaceStatus.PLANNED

    def rules(self) -> dict[str, dict[str, str]]:
        """The offer as the programme's rule overrides (``pari.rules_from_mapping``'s keys):
        the PMU's pools follow the PMU's rules set (``pari.reglement``), at the feed's stakes."""
        rules: dict[str, dict[str, str]] = {}
        for pool in self.pools:
            if pool.bet_type is None or pool.base_stake is None:
                continue
            rules[pool.bet_type.value] = {
                "rules": RulesSet.PMU.value,
                "min_stake": format_amount(pool.base_stake),
            }
            if pool.max_stake is not None:
                rules[pool.bet_type.value]["max_stake"] = format_amount(pool.max_stake)
        return rules


@dataclass(frozen=True, slots=True)
class FeedMeeting:
    where: str  # "programme.json: reunions[1]"
    meeting_id: str
    day: str
    number: int
    racecourse: str
    races: tuple[FeedRace, ...]


def instant(epoch_ms: int, offset_ms: int) -> datetime:
    """An epoch-milliseconds time in a zone ``offset_ms`` east of UTC, exactly (no floats)."""
    zone = timezone(timedelta(milliseconds=offset_ms))
    return (_EPOCH + timedelta(milliseconds=epoch_ms)).astimezone(zone)


def race_of_name(name: str) -> tuple[int, int] | None:
    """``(1, 1)`` for a participants file named ``participants-2025-11-05-R1C1.json``."""
    found = _RACE_CODE.findall(name.rsplit("/", 1)[-1])
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def day_of(
    programmes: Sequence[tuple[str, ProgrammeFile]],
    participants: Mapping[tuple[int, int], tuple[str, ParticipantsFile]],
    max_stake: int | None = None,
) -> list[FeedMeeting]:
    """The meetings of the programme files, with the runners of the participants files
    (keyed by meeting and race number); ``max_stake`` (cents) for pools the feed gives none."""
    meetings: list[FeedMeeting] = []
    used: set[tuple[int, int]] = set()
    for name, programme in programmes:
        for index, reunion in enumerate(programme.programme.reunions, 1):
            meeting = _meeting(f"{name}: reunions[{index}]", reunion, participants, max_stake)
            if any(m.meeting_id == meeting.meeting_id for m in meetings):
                raise InvalidRequest(
                    f"{name}: reunions[{index}]: meeting {meeting.meeting_id} is given twice"
                )
            meetings.append(meeting)
            used |= {(reunion.num_officiel, race.number) for race in meeting.races}
    for key, (name, _) in participants.items():
        if key not in used:
            raise InvalidRequest(f"{name}: race R{key[0]}C{key[1]} is not in the programme given")
    return meetings


def _meeting(
    where: str,
    reunion: Reunion,
    participants: Mapping[tuple[int, int], tuple[str, ParticipantsFile]],
    max_stake: int | None,
) -> FeedMeeting:
    day = instant(reunion.date_reunion, reunion.timezone_offset).date()
    meeting_id = f"{day.isoformat()}/R{reunion.num_officiel}"
    races: list[FeedRace] = []
    for index, course in enumerate(reunion.courses, 1):
        place = f"{where}.courses[{index}]"
        if course.num_reunion != reunion.num_officiel:
            raise InvalidRequest(
                f"{place}.numReunion: {course.num_reunion} in meeting R{reunion.num_officiel}"
            )
        if any(r.number == course.num_ordre for r in races):
            raise InvalidRequest(f"{place}.numOrdre: race C{course.num_ordre} is given twice")
        given = participants.get((course.num_reunion, course.num_ordre))
        races.append(_race(place, meeting_id, day, course, given, max_stake))
    return FeedMeeting(
        where,
        meeting_id,
        day.isoformat(),
        reunion.num_officiel,
        reunion.hippodrome.libelle_court,
        tuple(races),
    )


def _race(
    where: str,
    meeting_id: str,
    day: date,
    course: Course,
    given: tuple[str, ParticipantsFile] | None,
    max_stake: int | None,
) -> FeedRace:
    code = f"R{course.num_reunion}C{course.num_ordre}"

    def at(part: str = "") -> str:  # "programme.json: reunions[1].courses[1].paris[2] (R1C1)"
        return f"{where}{part} ({code})"

    listed = given[1].participants if given else course.participants
    if listed:
        runners = tuple(RunnerEntry(p.num_pmu, p.nom, p.driver) for p in listed)
        numbers = [r.number for r in runners]
        source = given[0] if given else at()
        if len(set(numbers)) != len(numbers):
            raise InvalidRequest(f"{source}: a runner number is given twice")
        declared_count = course.nombre_declares_partants
        if len(numbers) != declared_count:
            raise InvalidRequest(
                f"{source}: {len(numbers)} runners, where the programme "
                f"declares {declared_count} ({at()})"
            )
    else:  # the programme names no runner: they are numbered 1 to the number declared
        runners = tuple(
            RunnerEntry(n, "", "") for n in range(1, course.nombre_declares_partants + 1)
        )
    declared = {r.number for r in runners}
    scratched = {p.num_pmu for p in listed if p.statut == NON_RUNNER}
    out: set[int] = set()
    for i, incident in enumerate(course.incidents or [], 1):
        unknown = sorted(set(incident.numero_participants) - declared)
        if unknown:
            raise InvalidRequest(
                f"{at(f'.incidents[{i}]')}: runner {unknown[0]} is not in the race"
            )
        (scratched if incident.type == NON_RUNNER else out).update(incident.numero_participants)
    arrival = tuple(tuple(block) for block in course.ordre_arrivee)
    _check_arrival(at, arrival, declared, scratched, out)
    pools, online = _pools(at, course.paris, max_stake)
    return FeedRace(
        where=at(),
        race_id=f"{day.isoformat()}/R{course.num_reunion}C{course.num_ordre}",
        number=course.num_ordre,
        name=course.libelle,
        post_time=instant(course.heure_depart, course.timezone_offset),
        feed_status=course.statut,
        runners=runners,
        scratched=frozenset(scratched),
        pools=pools,
        online=online,
        arrival=arrival,
        definitive=course.arrivee_definitive,
        out=frozenset(out - scratched),
    )


def _check_arrival(
    at: Callable[[str], str],
    arrival: tuple[tuple[int, ...], ...],
    declared: set[int],
    scratched: set[int],
    out: set[int],
) -> None:
    """What ``pari.Finish`` would refuse at the result, refused at the import, by place."""
    seen: set[int] = set()
    for i, block in enumerate(arrival, 1):
        for runner in block:
            why = (
                "is not in the race"
                if runner not in declared
                else "is a non-runner"
                if runner in scratched
                else "is placed twice"
                if runner in seen
                else "has an incident that takes it out of the arrival"
                if runner in out
                else ""
            )
            if why:
                raise InvalidRequest(f"{at(f'.ordreArrivee[{i}]')}: runner {runner} {why}")
            seen.add(runner)


def _pools(
    at: Callable[[str], str], paris: Sequence[Pool], max_stake: int | None
) -> tuple[tuple[PoolEntry, ...], int]:
    pools: list[PoolEntry] = []
    online = 0
    for i, pool in enumerate(paris, 1):
        if pool.code_pari.startswith(ONLINE):
            online += 1
            continue
        if any(p.code == pool.code_pari for p in pools):
            raise InvalidRequest(f"{at(f'.paris[{i}]')}: pool {pool.code_pari} is given twice")
        bet_type = SOLD.get(pool.code_pari)
        if bet_type is not None and pool.mise_base is None:
            raise InvalidRequest(
                f"{at(f'.paris[{i}].miseBase')}: missing: a pool on sale "
                f"({pool.code_pari}) needs its base stake"
            )
        ceiling = pool.mise_max if pool.mise_max is not None else max_stake
        if ceiling is not None and pool.mise_base is not None and ceiling < pool.mise_base:
            raise InvalidRequest(
                f"{at(f'.paris[{i}]')}: the maximum stake "
                f"{format_amount(ceiling)} is below the base stake "
                f"{format_amount(pool.mise_base)}"
            )
        pools.append(PoolEntry(pool.code_pari, bet_type, pool.mise_base, ceiling, _flags(pool)))
    return tuple(pools), online


def _flags(pool: Pool) -> dict[str, Any]:
    """The feed's options on a pool, kept under plain names for when Guichet sells them."""
    jackpot = pool.infos_jackpot
    option = pool.infos_option_max
    return {
        "spot": pool.spot_autorise,  # quick pick allowed
        "flexi": list(pool.valeurs_flexi_autorisees),  # stake percentages allowed (Flexi)
        "replacement_horse": pool.complement,  # the cheval de complément
        "jackpot": None
        if jackpot is None
        else {
            "base_stake": jackpot.mise_base,
            "contribution": f"{jackpot.taux_contribution.numerateur}/"
            f"{jackpot.taux_contribution.denominateur}",
        },
        "option_max": None if option is None else option.model_dump(),
        "carry_over": pool.reportable,
        "ordered": pool.ordre,
        "combined": pool.combine,
        "runners": pool.nb_chevaux_reglementaire,
        "risk": list(pool.valeurs_risque_autorisees),  # a Multi's en 4 … en 7
        "audience": pool.audience,
        "paid_out": pool.mis_en_paiement,
        "on_sale_in_feed": pool.en_vente,
    }
