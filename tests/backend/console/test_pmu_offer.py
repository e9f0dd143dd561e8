"""The console shows a race's pools as imported from the PMU's feed, over HTTP through a real
server, in both languages: after ``guichet-server import-pmu`` of the real day of 5 November
2025 (``tests/backend/fixtures/pmu/``), each pool on sale with its base stake, its maximum, its
rules set and the feed's options in words, the pools Guichet does not sell listed "not sold
here", and the programme's page marking the imported races and counting their pools on sale.

The expected rows are what the fixture's feed says of R1C1 and R7C1 (R1C1: seven pools on sale
and Report+; R7C1: three international pools only), read from the fixture by hand.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from catalogue import words_for
from tests.backend.test_cli import run
from tests.backend.test_pmu_import import PROGRAMME, RUNNERS
from tests.servers import LiveServer

from .conftest import DAY, Operator

REAL_DAY = "2025-11-05"
Login = Callable[..., Operator]
NBSP, NNBSP = "\N{NO-BREAK SPACE}", "\N{NARROW NO-BREAK SPACE}"


@pytest.fixture
def server_db(tmp_path: Path) -> str:
    """The real day imported as an operator does, a maximum given for its pools, before the
    server starts (the console's fixture then loads the demo day, 21 November 2026, beside it)."""
    db = str(tmp_path / "server.db")
    done = run(db, "--create", "import-pmu", "--max-stake", "1500", str(PROGRAMME), str(RUNNERS))
    assert done.returncode == 0, done.stderr
    return db


def cells(page: str, row: str) -> list[str]:
    """A table row's cells as read, tags dropped, spaces as the page has them."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    ]


def pools(page: str) -> list[list[str]]:
    """The rows of the race page's "pools on offer" table."""
    return [cells(page, row) for row in re.findall(r'<tr class="pool[^"]*">(.*?)</tr>', page, re.S)]


def race_rows(page: str) -> dict[str, list[str]]:
    """The programme's rows, by race code."""
    found = re.findall(r'<tr class="status-[a-z_]+">(.*?)</tr>', page, re.S)
    return {cells(page, row)[0].split(" ")[0]: cells(page, row)[1:] for row in found}


def test_an_imported_race_shows_its_pools_as_the_feed_gave_them_in_french(
    console: LiveServer, login: Login
) -> None:
    claire = login("alice", lang="fr")
    page = claire.http.get(f"/console/races/{REAL_DAY}/R1C1")
    assert page.status_code == 200
    euros = f"{NBSP}€"
    maximum = f"1{NNBSP}500,00{euros}"
    assert pools(page.text) == [
        ["Simple gagnant", f"2,00{euros}", maximum, "règlement PMU", "Spot · Jackpot"],
        ["Simple placé", f"2,00{euros}", maximum, "règlement PMU", "Spot · Jackpot"],
        [
            "Couplé gagnant",
            f"2,00{euros}",
            maximum,
            "règlement PMU",
            f"Spot · Flexi 50{NBSP}% · cheval de remplacement",
        ],
        [
            "Couplé placé",
            f"2,00{euros}",
            maximum,
            "règlement PMU",
            f"Spot · Flexi 50{NBSP}% · cheval de remplacement",
        ],
        [
            "2sur4",
            f"3,00{euros}",
            maximum,
            "règlement PMU",
            f"Spot · Flexi 25{NBSP}%, 50{NBSP}% · cheval de remplacement · Jackpot",
        ],
        [
            "Trio",
            f"2,00{euros}",
            maximum,
            "règlement PMU",
            f"Spot · Flexi 50{NBSP}% · cheval de remplacement",
        ],
        ["Multi", f"3,00{euros}", maximum, "règlement PMU", f"Spot · Flexi 25{NBSP}%, 50{NBSP}%"],
        ["Report+", "pas en vente ici"],
    ]
    assert "Importée du flux PMU le " in page.text
    nothing = claire.http.get(f"/console/races/{REAL_DAY}/R7C1").text
    assert pools(nothing) == [
        ["Simple gagnant international", "pas en vente ici"],
        ["Simple placé international", "pas en vente ici"],
        ["Couplé ordre international", "pas en vente ici"],
    ]
    assert (
        "Aucun pari de cette course n’est en vente ici : Guichet ne vend aucun de ses paris."
    ) in nothing
    demo = claire.http.get(f"/console/races/{DAY}/R1C1").text  # a programme's race, not the feed's
    assert pools(demo)[0] == [
        "Simple gagnant",
        f"1,50{euros}",
        "sans maximum",
        "règles simplifiées",
    ]
    assert "flux PMU" not in demo


def test_an_imported_race_shows_its_pools_as_the_feed_gave_them_in_english(
    console: LiveServer, login: Login
) -> None:
    before = set(words_for("en").misses)
    hugo = login("bob", lang="en")
    page = hugo.http.get(f"/console/races/{REAL_DAY}/R1C1").text
    rows = pools(page)
    assert rows[0] == ["Win", "€2.00", "€1,500.00", "PMU règlement", "Spot · Jackpot"]
    assert rows[4] == [
        "2 in 4",
        "€3.00",
        "€1,500.00",
        "PMU règlement",
        "Spot · Flexi 25%, 50% · replacement horse · Jackpot",
    ]
    assert rows[-1] == ["Report+", "not sold here"]
    assert "Imported from the PMU feed on " in page
    nothing = hugo.http.get(f"/console/races/{REAL_DAY}/R7C1").text
    assert [r[0] for r in pools(nothing)] == [
        "Win (international)",
        "Place (international)",
        "Exacta (international)",
    ]
    assert "No bet on this race is on sale here: Guichet sells none of its pools." in nothing
    assert words_for("en").misses == before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "fr",
            {
                "R1C1": "flux PMU 7 paris en vente sur 8",
                "R7C1": "flux PMU rien en vente ici",
                "R1C2": "flux PMU 9 paris en vente sur 11",
            },
        ),
        (
            "en",
            {
                "R1C1": "PMU feed 7 pools on sale out of 8",
                "R7C1": "PMU feed nothing on sale here",
                "R1C2": "PMU feed 9 pools on sale out of 11",
            },
        ),
    ],
)
def test_the_programme_marks_imported_races_and_counts_their_pools_on_sale(
    console: LiveServer, login: Login, lang: str, said: dict[str, str]
) -> None:
    sue = login("sue", lang=lang)
    rows = race_rows(sue.http.get("/console/races", params={"day": REAL_DAY}).text)
    assert len(rows) == 63
    for code, offer in said.items():
        assert " ".join(rows[code][-1].split()) == offer, code
    nothing = "rien en vente ici" if lang == "fr" else "nothing on sale here"
    assert sum(r[-1].endswith(nothing) for r in rows.values()) == 28  # as import-pmu said
    demo = race_rows(sue.http.get("/console/races", params={"day": DAY}).text)  # its 11 types
    assert demo["R1C1"][-1] == ("11 paris en vente" if lang == "fr" else "11 pools on sale")
