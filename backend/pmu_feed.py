"""The PMU's public programme feed, read as a bounded model: what Guichet takes from it and
nothing it cannot store.

Two kinds of file (``../shared/pmu/README.md``): a day's **programme** (``{"programme":
{"reunions": [{"courses": [{"paris": [...]}]}]}}``) and one race's **participants**
(``{"participants": [...]}``). The feed carries hundreds of fields Guichet has no use for
(weather, form, silks): they are ignored, so a field the PMU adds tomorrow does not stop an
import. The fields Guichet uses are typed strictly — money is whole cents (``miseBase: 200``
is 2 €; ``"200"`` or ``2.0`` is refused, never rounded), times are epoch milliseconds with the
meeting's ``timezoneOffset`` — and bounded, so a damaged file is refused, not half-stored.

An error names the place as the project's own programme format does, counting from 1 and
without the outer ``programme``: ``reunions[2].courses[4].paris[1].miseBase``, with the race's
code when it can be read (``R2C4``), so the operator finds it in the file.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from backend.errors import InvalidRequest
from backend.programme_format import NO_CONTROL

EpochMs = Annotated[int, Field(ge=946_684_800_000, le=4_102_444_800_000)]  # 2000 to 2100
# minutes east of UTC, in milliseconds: +01:00 in winter, +02:00 in summer for France
Offset = Annotated[int, Field(ge=-14 * 3_600_000, le=14 * 3_600_000, multiple_of=60_000)]
Cents = Annotated[int, Field(ge=1, le=100_000_000)]  # a stake up to 1,000,000 €
Number = Annotated[int, Field(ge=1, le=99)]  # meetings, races and runners, as Guichet's own
Code = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Z0-9_]+$")]
Name = Annotated[str, Field(min_length=1, max_length=80, pattern=NO_CONTROL)]
Text = Annotated[str, Field(max_length=80, pattern=NO_CONTROL)]
Small = Annotated[int, Field(ge=0, le=1000)]


class _Feed(BaseModel):
    """The feed's names are camelCase (``miseBase``); ours are ``mise_base``, read by alias."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, alias_generator=to_camel)


class Rate(_Feed):
    numerateur: Small
    denominateur: Annotated[int, Field(ge=1, le=1000)]


class Jackpot(_Feed):
    """``infosJackpot``: the Jackpot's own stake and its share of it (kept, not sold yet)."""

    mise_base: Cents
    taux_contribution: Rate


class Draw(_Feed):
    # a multiplier, not money: the feed writes it 2 on some days and 2.0 on others (Vincennes
    # R1C1 of 4 November 2025, tests/backend/fixtures/replay/)
    coef: Small | Annotated[float, Field(ge=0, le=1000)]
    numeros: Annotated[list[Small], Field(max_length=100)]


class OptionMax(Jackpot):
    """``infosOptionMax`` of a Quinté+ (kept, not sold yet)."""

    tirage: Annotated[list[Draw], Field(max_length=20)] = []


class Pool(_Feed):
    """One of a race's ``paris``: a pool with its stakes and the PMU's options on it."""

    code_pari: Code
    mise_base: Cents | None = None  # REPORT_PLUS has none
    mise_max: Cents | None = None  # the online (E_) pools give one; the others, so far, none
    en_vente: bool = False
    spot_autorise: bool = False  # the terminal's quick pick
    valeurs_flexi_autorisees: Annotated[
        list[Annotated[int, Field(ge=1, le=100)]], Field(max_length=10)
    ] = []
    complement: bool = False  # the "cheval de complément": a replacement for a non-runner
    reportable: bool = False
    ordre: bool = False
    combine: bool = False
    nb_chevaux_reglementaire: Annotated[int, Field(ge=0, le=20)] | None = None
    audience: Code | None = None
    mis_en_paiement: bool | None = None
    valeurs_risque_autorisees: Annotated[
        list[Annotated[int, Field(ge=1, le=20)]], Field(max_length=10)
    ] = []
    infos_jackpot: Jackpot | None = None
    infos_option_max: OptionMax | None = None


class Incident(_Feed):
    type: Code  # NON_PARTANT, DISQUALIFIE_POUR_ALLURE_IRREGULIERE, TOMBE, ARRETE, …
    numero_participants: Annotated[list[Number], Field(max_length=40)]


class Participant(_Feed):
    num_pmu: Number
    nom: Name
    statut: Code  # PARTANT, NON_PARTANT
    driver: Text = ""  # the jockey or driver
    incident: Code | None = None


class Course(_Feed):
    num_reunion: Number
    num_ordre: Number
    libelle: Name
    heure_depart: EpochMs
    timezone_offset: Offset
    statut: Code
    nombre_declares_partants: Annotated[int, Field(ge=1, le=40)]
    paris: Annotated[list[Pool], Field(max_length=80)]
    participants: Annotated[list[Participant], Field(max_length=40)] = []
    # one list per place: [[15, 16]] is a dead heat for first; [] until the race has run
    ordre_arrivee: Annotated[
        list[Annotated[list[Number], Field(min_length=1, max_length=8)]], Field(max_length=40)
    ] = []
    arrivee_definitive: bool = False
    incidents: Annotated[list[Incident], Field(max_length=40)] | None = None


class Hippodrome(_Feed):
    libelle_court: Name


class Reunion(_Feed):
    num_officiel: Number
    date_reunion: EpochMs  # the meeting's day: midnight in its time zone
    timezone_offset: Offset
    hippodrome: Hippodrome
    courses: Annotated[list[Course], Field(min_length=1, max_length=30)]


class Programme(_Feed):
    date: EpochMs
    timezone_offset: Offset
    reunions: Annotated[list[Reunion], Field(min_length=1, max_length=40)]


class ProgrammeFile(_Feed):
    programme: Programme


class ParticipantsFile(_Feed):
    participants: Annotated[list[Participant], Field(min_length=1, max_length=40)]


def read_feed(name: str, data: bytes) -> ProgrammeFile | ParticipantsFile:
    """A feed file, checked; ``InvalidRequest`` in one line naming the file and the place."""
    if not data.strip():
        raise InvalidRequest(f"{name}: the file is empty")
    try:
        raw = json.loads(data)
    except json.JSONDecodeError as err:
        raise InvalidRequest(
            f"{name}: not JSON ({err.msg} at line {err.lineno} column "
            f"{err.colno}): a file cut short, or not the PMU's"
        ) from None
    except (RecursionError, UnicodeDecodeError) as err:
        raise InvalidRequest(f"{name}: not JSON the feed could hold ({err})") from None
    if isinstance(raw, dict) and "programme" in raw:
        kind: type[ProgrammeFile | ParticipantsFile] = ProgrammeFile
    elif isinstance(raw, dict) and "participants" in raw:
        kind = ParticipantsFile
    else:
        raise InvalidRequest(
            f'{name}: neither a programme ("programme": {{"reunions": …}}) '
            'nor a race\'s participants ("participants": […])'
        )
    try:
        return kind.model_validate(raw)
    except ValidationError as err:
        raise InvalidRequest(f"{name}: {describe(err, raw)}") from None


def place(loc: tuple[int | str, ...]) -> str:
    """``('programme', 'reunions', 1, 'courses', 3)`` as ``reunions[2].courses[4]``."""
    text = ""
    for part in loc[1:] if loc[:1] == ("programme",) else loc:
        text += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def describe(err: ValidationError, raw: Any) -> str:
    """The first problem, said as ``place (race): what is wrong``."""
    problem = err.errors(include_url=False)[0]
    loc = tuple(problem["loc"])
    kind, message = problem["type"], str(problem["msg"])
    if kind == "missing":
        message = "missing"
    elif kind == "string_pattern_mismatch":
        message = (
            "must be capitals, digits and _"
            if loc[-1:] in (("codePari",), ("statut",), ("type",))
            else ("must not contain control characters")
        )
    else:
        message = message[0].lower() + message[1:]
        given = problem.get("input")
        if isinstance(given, str | int | float | bool) and kind.endswith("_type"):
            message += f", not {json.dumps(given)[:40]}"
    return f"{place(loc) or 'the file'}{_race_of(loc, raw)}: {message}"


def _race_of(loc: tuple[int | str, ...], raw: Any) -> str:
    """`` (R2C4)`` when the place is within a race whose numbers can be read."""
    if loc[:2] != ("programme", "reunions") or len(loc) < 5 or loc[3] != "courses":
        return ""
    try:
        course = raw["programme"]["reunions"][loc[2]]["courses"][loc[4]]
        meeting, race = course["numReunion"], course["numOrdre"]
    except (KeyError, IndexError, TypeError):
        return ""
    if isinstance(meeting, int) and isinstance(race, int):
        return f" (R{meeting}C{race})"
    return ""
