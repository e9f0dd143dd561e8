"""The programme's JSON format as a model: every number and size bounded, every place named.

A programme comes from the operator's systems (``POST /v1/admin/programme``, ``guichet-server
load-programme``). Hand-written checks let through what crashed the server: 100,000 nested
``[`` (Python's recursion limit), a meeting number of 2**63 or a runner number of 10**25 (too
large for the database's integers) — 500s. Here the model refuses them, and the error names
the place as a person counts (``meetings[1].races[2].runners[3].number``, from 1). It also
gives the endpoint a real schema in the OpenAPI document.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backend.errors import InvalidRequest
from pari import BetType

NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # PostgreSQL stores no NUL; no name needs a control char
Name = Annotated[str, Field(min_length=1, max_length=80, pattern=NO_CONTROL)]
Number = Annotated[int, Field(ge=1, le=99)]  # meetings, races and runners are numbered 1–99
RuleValue = Annotated[str, Field(max_length=40, pattern=NO_CONTROL)] | int | bool
Overrides = Annotated[dict[str, RuleValue], Field(max_length=20)]  # pari.rules_from_mapping's


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class RunnerBody(_Strict):
    number: Number
    name: Name
    jockey: Annotated[str, Field(max_length=80, pattern=NO_CONTROL)] = ""


class RaceBody(_Strict):
    number: Number
    name: Name | None = None
    post_time: Annotated[str, Field(max_length=40)]
    runners: Annotated[list[RunnerBody], Field(min_length=2, max_length=40)]
    bet_types: Annotated[list[BetType], Field(min_length=1, max_length=len(BetType))]
    rules: Annotated[dict[str, Overrides], Field(max_length=len(BetType))] = {}

    @field_validator("post_time")
    @classmethod
    def _instant(cls, value: str) -> str:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"an ISO 8601 time (2026-11-21T14:15:00Z), not {value!r}") from None
        if moment.tzinfo is None:
            raise ValueError('a time with its UTC offset ("Z" or "+01:00")')
        return value


class MeetingBody(_Strict):
    number: Number
    racecourse: Name
    races: Annotated[list[RaceBody], Field(min_length=1, max_length=20)]


class ProgrammeBody(_Strict):
    format: Literal[1]
    day: Annotated[str, Field(max_length=10)]
    meetings: Annotated[list[MeetingBody], Field(min_length=1, max_length=30)]

    @field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f'a date such as "2026-11-21", not {value!r}') from None


def read_programme(data: bytes | Any) -> ProgrammeBody:
    """The programme in ``data`` (JSON bytes, or already decoded); ``InvalidRequest`` naming
    the first place that is wrong."""
    try:
        # JSON mode even for decoded data: bet types arrive as their names, as on the wire
        raw = data if isinstance(data, bytes | bytearray) else json.dumps(data).encode()
        return ProgrammeBody.model_validate_json(raw)
    except ValidationError as err:
        raise InvalidRequest(describe(err)) from None


def describe(err: ValidationError) -> str:
    problem = err.errors(include_url=False)[0]
    place = ""
    for part in problem["loc"]:
        place += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if place else str(part)
    kind, message = problem["type"], problem["msg"]
    if kind == "json_invalid":
        return f"the programme is not JSON (or is nested too deep): {problem['ctx']['error']}"
    if kind == "string_pattern_mismatch":
        message = "must not contain control characters"
    elif kind == "value_error":
        message = str(problem["ctx"]["error"])
    return f"{place or 'the programme'}: {message[0].lower()}{message[1:]}"
