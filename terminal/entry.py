"""The counter's quick entry: a bet typed as one short line, the way clerks call them out.

``1 3 QP 4 7 12 1 9 X2`` is meeting 1, race 3, Quinté+, runners 4 7 12 1 9, stake × 2.

- ``M C``: meeting and race numbers (today's, by the server's clock);
- the bet type's code (``CODES``);
- the runners. As many as the type picks: unitaire; more: combinée. Base runners, then
  ``-``, then associates: champ réduit; base runners then ``*``: champ total;
- options, in any order: ``X<n>`` multiplies the stake, ``FC`` asks for the formule complète
  (every order: ``1 3 TI 4 7 12 FC`` is the combinée of the three, 6 combinations).

The formula follows from the runners by ``pari.formula_for``, as the kiosk's taps do.

Parsing checks the shape only; ``sell.price`` then checks the bet against the race, so the
clerk sees the cost, or what is wrong, as they type.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pari import SPECS, BetType, formula_for, spec_of
from terminal.errors import SaleProblem
from terminal.operations.sell import MAX_MULTIPLIER, Draft
from terminal.store.programme import CachedRace

# each bet type's code is its specification's (``pari.bet_types``): SG, SP, … QP, MU
CODES: dict[str, BetType] = {spec.code: spec.bet_type for spec in SPECS.values()}


EXAMPLE = "1 3 QP 4 7 12 1 9"


def parse_entry(text: str, day: date, example: str = EXAMPLE) -> Draft:
    words = text.upper().split()
    if len(words) < 3:
        raise SaleProblem(
            "type: meeting race type runners, e.g. 1 3 QP 4 7 12 1 9",
            code="entry_incomplete",
            example=example,
        )
    meeting, race, code, *rest = words
    if not (_number(meeting) and _number(race)):
        raise SaleProblem(
            f"{meeting} {race}: the meeting and race are numbers, e.g. 1 3",
            code="entry_race",
            text=f"{meeting} {race}",
        )
    if code not in CODES:
        raise SaleProblem(
            f"{code} is not a bet type; one of {' '.join(CODES)}", code="entry_type", text=code
        )
    bet_type = CODES[code]
    multiplier, complete = 1, False
    base: list[int] = []
    runners: list[int] = []
    mark = ""
    for word in rest:
        if word.startswith("X") and _number(word[1:]):
            multiplier = int(word[1:])
            if not 1 <= multiplier <= MAX_MULTIPLIER:
                raise SaleProblem(
                    f"{word}: the multiplier is from 1 to {MAX_MULTIPLIER}", code="entry_multiplier"
                )
        elif word == "FC":
            complete = True
        elif word in {"-", "*"}:
            if mark or not runners:
                raise SaleProblem("one - or * comes after the base runners", code="entry_base")
            mark, base, runners = word, runners, []
        elif _number(word):
            runners.append(int(word))
        else:
            raise SaleProblem(
                f"{word!r} is not a runner number or an option (X2, FC)",
                code="entry_word",
                text=word,
            )
    formula = formula_for(
        bet_type, len(runners), base=len(base), champ_total=mark == "*", complete=complete
    )
    return Draft(
        race_id=f"{day.isoformat()}/R{int(meeting)}C{int(race)}",
        bet_type=bet_type.value,
        runners=tuple(runners),
        formula=formula.value,
        base=tuple(base),
        multiplier=multiplier,
        complete=complete,
    )


def _number(word: str) -> bool:
    """ASCII digits only: ``"²".isdigit()`` is true, and ``int("²")`` fails."""
    return word.isascii() and word.isdigit() and len(word) <= 6


def example_for(races: Iterable[CachedRace], now: datetime) -> str:
    """A line that sells today: the first race open for bets, its richest bet type (a
    Quinté+ where there is one), its first starters. The clerk's placeholder and help use it.
    A race with nothing on sale here is no example."""
    open_races = [r for r in races if r.sells(now)]
    if not open_races:
        return EXAMPLE
    by_type = {bet_type: code for code, bet_type in CODES.items()}
    for wanted in (
        BetType.QUINTE_PLUS,
        BetType.QUARTE_PLUS,
        BetType.TIERCE,
        BetType.COUPLE_GAGNANT,
        BetType.SIMPLE_GAGNANT,
    ):
        race = next((r for r in open_races if wanted in r.bet_types), None)
        if race is not None:
            break
    else:
        race, wanted = open_races[0], open_races[0].bet_types[0]
    starters = sorted(race.field.starters)[: spec_of(wanted).picks]
    meeting, number = race.race_id.rsplit("/", 1)[-1].removeprefix("R").split("C")
    return " ".join([meeting, number, by_type[wanted], *map(str, starters)])
