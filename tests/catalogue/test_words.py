"""The catalogue: every source text translated in both languages, formats by locale, every
error said by its code with its facts, never with a developer's text or an identifier."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from catalogue import LANGUAGES, Words, words_for
from catalogue.problems import MESSAGES
from pari import BetType
from scripts import catalogue as kept_catalogue
from terminal.errors import Offline, Param, Refused, SaleProblem, TerminalError

NBSP = "\N{NO-BREAK SPACE}"


def texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's id or string as a tuple: babel gives a plural's as a tuple (or a list)."""
    assert value is not None, "a message without a string"
    return (value,) if isinstance(value, str) else tuple(value)


def test_every_source_text_is_in_both_catalogues_and_translated() -> None:
    assert kept_catalogue.problems() == []


def test_the_placeholders_of_each_translation_are_the_source_texts() -> None:
    for lang in LANGUAGES:
        for message in kept_catalogue.read(lang):
            if not message.id:
                continue
            ids = texts(message.id)
            strings = texts(message.string)
            wanted = set(re.findall(r"{(\w+)}", " ".join(ids)))
            for text in strings:
                assert set(re.findall(r"{(\w+)}", text)) <= wanted | {"n"}, (lang, ids, text)


@pytest.mark.parametrize(
    ("lang", "amount", "odds", "moment"),
    [
        ("fr", f"1,50{NBSP}€", "4,80", "01/12/2026 12:30"),
        ("en", "€1.50", "4.80", "01/12/2026 12:30"),
    ],
)
def test_amounts_odds_and_moments_by_locale(
    lang: str, amount: str, odds: str, moment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    words = Words(lang)
    assert words.amount(150) == amount
    assert words.odds("4.8") == odds
    assert words.odds("not a number") == "—"
    assert words.moment(datetime(2026, 12, 1, 12, 30, 57, tzinfo=UTC).replace(tzinfo=None)) == (
        moment
    )
    assert words.date("2027-01-30T10:00:00") == "30/01/2027"


def test_pmu_names_and_plural_forms() -> None:
    fr, en = words_for("fr"), words_for("en")
    assert fr.bet_type(BetType.QUINTE_PLUS) == "Quinté+"
    assert fr.bet_type("SIMPLE_GAGNANT") == "Simple gagnant"
    assert fr.bet_type("COUPLE_PLACE") == "Couplé placé"
    assert en.bet_type("COUPLE_ORDRE") == "Exacta"
    assert fr.formula("champ_reduit") == "champ réduit"
    assert fr.formula("combinee", complete=True) == "combinée, formule complète"
    assert fr.ngettext("{n} bet waiting", "{n} bets waiting", 1) == "1 pari en attente"
    assert fr.ngettext("{n} bet waiting", "{n} bets waiting", 3) == "3 paris en attente"
    assert en.ngettext("{n} bet waiting", "{n} bets waiting", 3) == "3 bets waiting"
    assert fr.race("2026-12-01/R1C4", "Prix d'Amérique") == "R1C4 — Prix d'Amérique"
    assert fr.device("printer", "paper_out") == "Imprimante : plus de papier"


@pytest.mark.parametrize(
    ("lang", "multi", "tierce", "dividend"),
    [
        ("fr", "en 6 : 15 combinaisons de 4", "combinée : 10 combinaisons", "Multi en 5"),
        ("en", "in 6: 15 combinations of 4", "combination: 10 combinations", "Multi in 5"),
    ],
)
def test_a_multi_says_its_size_and_its_combinations_of_four(
    lang: str, multi: str, tierce: str, dividend: str
) -> None:
    """DOMAIN.md's names: a Multi en 6 is one stake for its 15 four-runner combinations; other
    types keep their formula's name."""
    words = words_for(lang)

    def said(bet_type: BetType, formula: str, runners: int, combinations: int) -> str:
        return words.gettext(
            "{formula}: {combinations} — {cost}",
            cost="",
            formula=words.bet_formula(bet_type, formula, runners),
            combinations=words.combinations(bet_type, combinations),
        ).removesuffix(" — ")

    assert said(BetType.MULTI, "unitaire", 6, 15) == multi
    assert said(BetType.TIERCE, "combinee", 5, 10) == tierce
    assert words.dividend_name(BetType.MULTI, "EN_5") == dividend
    refused = SaleProblem(
        "…",
        code="formula_not_allowed",
        case="unitaire_only",
        bet_type="MULTI",
        formula="combinee",
        low=4,
        high=7,
    )
    assert (
        words.problem(refused)
        == {
            "fr": "Un Multi se joue sur 4 à 7 chevaux, sans formule",
            "en": "A Multi names 4 to 7 runners, with no formula",
        }[lang]
    )
    count = SaleProblem("…", code="wrong_runner_count", case="unitaire_range", low=4, high=7, got=8)
    assert (
        words.problem(count)
        == {
            "fr": "Ce pari se joue avec 4 à 7 chevaux : 8 choisis",
            "en": "This bet takes 4 to 7 runners: 8 chosen",
        }[lang]
    )


def test_errors_are_said_by_code_with_their_facts() -> None:
    fr, en = words_for("fr"), words_for("en")
    runner = SaleProblem(
        "runner 25 is not in this race", code="unknown_runner", runner=25, first=1, last=16
    )
    assert fr.problem(runner) == "Le 25 ne court pas dans cette course (partants 1 à 16)"
    assert en.problem(runner) == "Runner 25 is not in this race (runners 1 to 16)"
    closed = Refused(
        "race 2026-12-01/R1C1 is not open for bets (CLOSED)",
        code="betting_closed",
        race_id="2026-12-01/R1C1",
        status="CLOSED",
    )
    assert fr.problem(closed) == "R1C1 n’est pas ouverte aux paris"
    paid = Refused("…", code="already_paid", ticket_number="123", paid_at="2026-12-01T12:30:00")
    assert fr.problem(paid) == "Le ticket 123 a déjà été payé le 01/12/2026 12:30"
    count = SaleProblem("…", code="wrong_runner_count", case="combinee", low=3, got=2)
    assert fr.problem(count) == "Une combinée demande au moins 3 chevaux : 2 choisis"
    cancel = Refused("…", code="cannot_cancel", reason="status", status="PAID")
    assert fr.problem(cancel) == "Ce pari est payé : il ne peut pas être annulé"
    # facts missing (a replayed refusal): the code's plain message, never the detail
    assert fr.problem(Refused("ticket 1 pays nothing", code="not_payable")) == (
        "Ce ticket ne rapporte rien"
    )
    assert fr.problem(Refused("detail", code="a_code_we_do_not_know")) == (
        "Le serveur a refusé l’opération. Appelez l’assistance si cela persiste."
    )
    assert fr.problem(Offline("cannot connect to the server")).startswith("Serveur injoignable")
    assert fr.problem(KeyError("boom")).startswith("L’opération n’a pas abouti")
    assert fr.problem(TerminalError("x")).startswith("L’opération n’a pas abouti")


def test_every_problem_message_is_said_in_french_with_no_identifier_left() -> None:
    """Each message, with made-up facts for its placeholders, reads as French words."""
    fr = words_for("fr")
    facts: dict[str, Param] = {
        "example": "1 3 QP 4 7 12 1 9",
        "text": "ZZ",
        "race_id": "2026-12-01/R1C3",
        "bet_type": "QUINTE_PLUS",
        "cost": 300,
        "credit": 100,
        "runner": 4,
        "first": 1,
        "last": 16,
        "low": 2,
        "high": 4,
        "got": 1,
        "minimum": 150,
        "ticket_number": "1",
        "paid_at": "2026-12-01T12:00:00",
        "status": "PAID",
        "device_state": "paper_out",
        "number": "12",
        "redeemed_at": "2026-12-01T12:00:00",
        "expires_at": "2027-01-30T12:00:00",
        "formula": "champ_total",
    }
    for code, source in MESSAGES.items():
        base, _, case = code.partition(".")
        given = {k: v for k, v in facts.items() if "{" + k + "}" in source}
        if case:
            given["case"] = case
        said = fr.problem(TerminalError("developer text", code=base, **given))
        assert "developer text" not in said
        assert not re.search(r"[A-Z]{2,}_[A-Z]|\d{4}-\d\d-\d\d|\{", said), (code, said)
    assert fr.misses == set()


@pytest.mark.parametrize(
    ("seconds", "fr", "en"),
    [
        (0, "il y a 0 s", "0 s ago"),
        (12, "il y a 12 s", "12 s ago"),
        (60, "il y a 1 min", "1 min ago"),
        (266, "il y a 4 min 26 s", "4 min 26 s ago"),
        (3600, "il y a 1 h", "1 h ago"),
        (7_500, "il y a 2 h 5 min", "2 h 5 min ago"),
        (7_559, "il y a 2 h 5 min", "2 h 5 min ago"),
        (3 * 86_400 + 7_200 + 59, "il y a 3 j 2 h", "3 d 2 h ago"),
        (-5, "il y a 0 s", "0 s ago"),
    ],
)
def test_a_time_elapsed_reads_as_people_say_it(seconds: int, fr: str, en: str) -> None:
    assert (words_for("fr").ago(seconds), words_for("en").ago(seconds)) == (fr, en)
    assert words_for("fr").duration(12_345) == "3 h 25 min"
