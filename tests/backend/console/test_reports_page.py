"""The reports in the operator's language, through a real server on loopback: the CSV as a
spreadsheet of that language reads it, and the pools nobody won in the catalogue's words."""

from __future__ import annotations

import csv
import html
import io
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from backend.operators import create_operator
from backend.programme import demo_programme
from catalogue import words_for
from tests.servers import NOON, LiveServer

from .conftest import DAY, PASSWORD, Operator

RACE = f"{DAY}/R1C1"


@pytest.fixture
def day(live_server: LiveServer) -> LiveServer:
    """The demo day, R1C1 open, its Tiercé under a jackpot rule; a supervisor, ``sue``."""
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    data["meetings"][0]["races"][0]["rules"] = {"TIERCE": {"jackpot": True}}
    with live_server.admin() as admin:
        admin.post("/v1/admin/programme", json=data).raise_for_status()
        admin.post(f"/v1/admin/races/{RACE}/open").raise_for_status()
    live_server.tote.call(
        lambda desk: create_operator(desk.store, "sue", "supervisor", PASSWORD, NOON)
    ).result(timeout=30)
    return live_server


@pytest.fixture
def terminal(day: LiveServer) -> Iterator[httpx.Client]:
    with day.terminal("Café de l'Hippodrome") as client:
        yield client


def sell(terminal: httpx.Client, bet_type: str, runners: list[int], multiplier: int = 1) -> str:
    tid = str(uuid.uuid4())
    answer = terminal.post(
        "/v1/bets",
        json={
            "transaction_id": tid,
            "race_id": RACE,
            "bet_type": bet_type,
            "runners": runners,
            "multiplier": multiplier,
        },
    )
    assert answer.status_code == 200, answer.text
    return tid


def settle(server: LiveServer, places: list[list[int]]) -> None:
    with server.admin() as admin:
        admin.post(f"/v1/admin/races/{RACE}/close").raise_for_status()
        for official in (False, True):
            body = {"places": places, "official": official}
            admin.post(f"/v1/admin/races/{RACE}/result", json=body).raise_for_status()


def page(server: LiveServer, path: str, lang: str) -> str:
    operator = Operator(server, "sue", lang)
    try:
        answer = operator.http.get(path)
    finally:
        operator.http.close()
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


@pytest.mark.parametrize(
    ("lang", "delimiter", "header", "amounts"),
    [
        (
            "fr",
            ";",
            [
                "Identifiant du terminal",
                "Terminal",
                "Type",
                "Ventes",
                "Montant vendu (€)",
                "Annulations",
                "Montant annulé (€)",
            ],
            ["1501,50", "1,50", "1500,00"],
        ),
        (
            "en",
            ",",
            [
                "Terminal id",
                "Terminal",
                "Kind",
                "Sales",
                "Amount sold (€)",
                "Cancellations",
                "Amount cancelled (€)",
            ],
            ["1501.50", "1.50", "1500.00"],
        ),
    ],
)
def test_the_csv_speaks_the_operators_language_and_its_spreadsheets(
    terminal: httpx.Client,
    day: LiveServer,
    lang: str,
    delimiter: str,
    header: list[str],
    amounts: list[str],
) -> None:
    sell(terminal, "SIMPLE_GAGNANT", [3], multiplier=1000)  # 1,500 €: no thousands separator
    sold = sell(terminal, "SIMPLE_GAGNANT", [5])
    assert terminal.post(f"/v1/bets/{sold}/cancel").status_code == 200
    text = page(day, f"/console/reports.csv?day={DAY}", lang)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert rows[0][: len(header)] == header
    assert all(len(row) == len(rows[0]) for row in rows)  # a decimal comma splits no field
    by_name = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    mine = by_name["Café de l'Hippodrome"]
    total = by_name["Total"]  # the same word in both languages
    assert (mine[header[3]], mine[header[4]]) == ("2", amounts[0])
    assert (mine[header[5]], mine[header[6]]) == ("1", amounts[1])
    balance = "Solde de caisse (€)" if lang == "fr" else "Balance (€)"
    assert mine[balance] == total[balance] == amounts[2]  # sold, less the cancelled bet
    assert total[header[4]] == amounts[0]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_pool_nobody_won_says_what_became_of_it(
    terminal: httpx.Client, day: LiveServer, lang: str
) -> None:
    sell(terminal, "SIMPLE_GAGNANT", [3], multiplier=1000)
    sell(terminal, "SIMPLE_GAGNANT", [5])
    sell(terminal, "TIERCE", [1, 2, 3])
    sell(terminal, "TIERCE", [2, 1, 3])
    day.clock.advance(minutes=31)
    settle(day, [[1], [3], [2]])  # nobody backed 1 to win; the Tiercé is won in any order only
    words = words_for(lang)
    refunded = words.amount(150_150)
    carried = words.amount(79)  # 2 € × (1 − 20.1 %) × the in-order rank's half, rounded down
    expected = {
        "fr": [
            f"Simple gagnant : masse non gagnée — {refunded} remboursés aux parieurs",
            f"Tiercé ordre : rang non gagné — {carried} reportés sur la cagnotte (masse reportée)",
        ],
        "en": [
            f"Win: pool not won — {refunded} refunded to its bettors",
            f"Tiercé in order: rank not won — {carried} carried over to the jackpot",
        ],
    }[lang]
    race_page = html.unescape(page(day, f"/console/races/{RACE}", lang))
    assert ("Masses non gagnées" if lang == "fr" else "Pools not won") in race_page
    for line in expected:
        assert f"<li>{line}</li>" in race_page
    report = html.unescape(page(day, f"/console/reports?day={DAY}", lang))
    for line in expected:
        assert line in report
    assert f'<a href="/console/races/{RACE}">R1C1' in report
