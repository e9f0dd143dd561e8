"""The counter's quick entry, parsed, then priced against the real race."""

from __future__ import annotations

from datetime import date

import pytest

from catalogue import words_for
from terminal.entry import example_for, parse_entry
from terminal.errors import SaleProblem
from terminal.operations.desk import Desk
from terminal.operations.sell import Draft, price
from terminal.store import programme
from terminal.ui.counter.entry_help import help_lines

DAY = date(2026, 11, 21)


def test_the_example_from_the_issue() -> None:
    assert parse_entry("1 3 QP 4 7 12 1 9 X2", DAY) == Draft(
        "2026-11-21/R1C3", "QUINTE_PLUS", (4, 7, 12, 1, 9), "unitaire", (), 2, False
    )


@pytest.mark.parametrize(
    ("text", "formula", "base", "runners"),
    [
        ("1 1 sg 4", "unitaire", (), (4,)),
        ("1 1 CG 4 7 9", "combinee", (), (4, 7, 9)),
        ("1 1 TI 4 - 1 2 3", "champ_reduit", (4,), (1, 2, 3)),
        ("1 1 CO 4 *", "champ_total", (4,), ()),
        ("1 1 MU 1 2 3 4 5", "unitaire", (), (1, 2, 3, 4, 5)),
    ],
)
def test_formulas_follow_from_the_runners(
    text: str, formula: str, base: tuple[int, ...], runners: tuple[int, ...]
) -> None:
    draft = parse_entry(text, DAY)
    assert (draft.formula, draft.base, draft.runners) == (formula, base, runners)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1 3", "meeting race type runners"),
        ("A 3 QP 1", "are numbers"),
        ("1 3 ZZ 1", "ZZ is not a bet type"),
        ("1 3 QP 1 two", "'TWO' is not a runner"),
        ("1 3 TI - 1 2", "after the base runners"),
    ],
)
def test_a_malformed_entry_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(SaleProblem, match=says):
        parse_entry(text, DAY)


def test_an_entry_is_priced_against_the_race(desk: Desk, open_race: str) -> None:
    assert price(desk, parse_entry("1 1 SG 4 X3", DAY)).cost == 450
    with pytest.raises(SaleProblem, match="runner 42 is not in this race"):
        price(desk, parse_entry("1 1 SG 42", DAY))


@pytest.mark.parametrize(
    ("text", "fr"),
    [
        ("1 3", "Tapez la réunion, la course, le pari et les chevaux : 1 4 QP 1 2 3 4 5"),
        ("A 3 QP 1", "« A 3 » : la réunion et la course sont des numéros, par ex. 1 3"),
        ("1 3 ZZ 1", "« ZZ » n’est pas un code de pari (F1 les liste)"),
        ("1 3 QP 1 ²", "« ² » n’est ni un numéro de cheval ni une option (X2, FC)"),
        ("1 3 QP 1 X0", "Le multiplicateur est un nombre entier de 1 à 100, par ex. X2"),
    ],
)
def test_a_malformed_entry_is_said_to_the_clerk_in_french(text: str, fr: str) -> None:
    with pytest.raises(SaleProblem) as caught:
        parse_entry(text, DAY, example="1 4 QP 1 2 3 4 5")
    assert words_for("fr").problem(caught.value) == fr


def test_the_example_is_a_bet_that_sells_today(desk: Desk, open_race: str) -> None:
    races = programme.races_of(desk.store, open_race.split("/", maxsplit=1)[0])
    example = example_for(races, desk.clock())
    bet = price(desk, parse_entry(example, DAY))
    assert bet.cost > 0
    help_fr = help_lines(words_for("fr"), example)
    assert f"Exemple : {example}" in help_fr
    assert "QP  Quinté+" in help_fr
    assert "SG  Simple gagnant" in help_fr
    assert "SG  Win" in help_lines(words_for("en"), example)
