"""The console through a real server on loopback, as a browser speaks to it (plain HTTP):
logins and sessions, the guards on every form, and a race day run from its pages."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from backend.betting import BetDesk
from backend.console.fleet_routes import ROWS
from backend.races import race_view
from backend.reports import heartbeat
from backend.terminals import create_terminal
from catalogue import words_for
from tests.servers import NOON, LiveServer
from wire.signing import Signer, TerminalAuth

from .conftest import DAY, PASSWORD, Operator, revision_in, said, token_in

Login = Callable[..., Operator]

RACE = f"{DAY}/R1C1"


OPENED: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while OPENED:
        OPENED.pop().close()


def group_in(pattern: str, text: str) -> str:
    """What the pattern's group found in the page, which the test knows has it."""
    found = re.search(pattern, text)
    assert found is not None, text[:2000]
    return found.group(1)


def plain(server: LiveServer, headers: dict[str, str] | None = None) -> httpx.Client:
    """A browser with no session yet (closed after the test)."""
    OPENED.append(httpx.Client(base_url=server.url, timeout=10, headers=headers))
    return OPENED[-1]


def status_of(server: LiveServer, code: str = "R1C1") -> str:
    """The race's status as terminals see it (closed at the post by the server's clock)."""
    view = server.tote.call(lambda d: race_view(d.store, f"{DAY}/{code}", server.clock()))
    return str(view.result(timeout=10)["status"])


def sell(terminal: httpx.Client, runner: int, multiplier: int = 1) -> None:
    answer = terminal.post(
        "/v1/bets",
        json={
            "transaction_id": str(uuid.uuid4()),
            "race_id": RACE,
            "bet_type": "SIMPLE_GAGNANT",
            "formula": "unitaire",
            "runners": [runner],
            "multiplier": multiplier,
        },
    )
    assert answer.status_code == 200, answer.text


def test_a_page_asks_for_a_login_and_goes_back_there_after_it(console: LiveServer) -> None:
    browser = plain(console)
    asked = browser.get("/console/terminals?attention=1")
    assert (asked.status_code, asked.headers["location"]) == (
        303,
        "/console/login?next=/console/terminals%3Fattention%3D1",
    )
    form = browser.get(asked.headers["location"])
    answer = browser.post(
        "/console/login",
        data={
            "csrf": token_in(form.text),
            "name": "sue",
            "password": PASSWORD,
            "next": "/console/terminals?attention=1",
        },
    )
    assert (answer.status_code, answer.headers["location"]) == (
        303,
        "/console/terminals?attention=1",
    )
    cookie = answer.headers["set-cookie"]
    assert all(flag in cookie for flag in ("HttpOnly", "SameSite=strict", "Path=/console"))
    assert "Secure" not in cookie  # plain HTTP here: a Secure cookie would never come back
    assert browser.get("/console/terminals").status_code == 200
    # ``next`` never leads to another site
    for elsewhere in ("https://evil.example/", "//evil.example/console", "/v1/admin/terminals"):
        again = plain(console)
        form = again.get("/console/login")
        answer = again.post(
            "/console/login",
            data={
                "csrf": token_in(form.text),
                "name": "sue",
                "password": PASSWORD,
                "next": elsewhere,
            },
        )
        assert answer.headers["location"] == "/console/races"


def test_behind_tls_the_session_cookie_is_secure(console: LiveServer) -> None:
    # uvicorn trusts X-Forwarded-Proto from loopback: the TLS proxy in front of the server
    browser = plain(console, {"X-Forwarded-Proto": "https"})
    form = browser.get("/console/login")
    assert "Secure" in form.headers["set-cookie"]
    browser.cookies.set("guichet_login", token_in(form.text))  # httpx keeps Secure for https
    answer = browser.post(
        "/console/login",
        data={
            "csrf": token_in(form.text),
            "name": "alice",
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_is_said_in_words_and_a_place_that_waits_hears_the_same(
    console: LiveServer,
) -> None:
    browser = plain(console, {"Accept-Language": "fr"})
    for _ in range(5):
        form = browser.get("/console/login")
        answer = browser.post(
            "/console/login",
            data={
                "csrf": token_in(form.text),
                "name": "alice",
                "password": "not it",
            },
        )
        assert (answer.status_code, said(answer.text)) == (401, "Nom ou mot de passe incorrect")
    answer = browser.post(
        "/console/login",
        data={
            "csrf": token_in(answer.text),
            "name": "alice",
            "password": PASSWORD,
        },
    )
    # this place waits after its wrong passwords: told no more than a wrong one is
    assert (answer.status_code, said(answer.text)) == (401, "Nom ou mot de passe incorrect")
    assert "chaque nouvel essai depuis le même endroit attend plus longtemps" in answer.text
    # a login form without its own token (another site logging the browser in) is refused
    bare = httpx.post(
        f"{console.url}/console/login", data={"name": "bob", "password": PASSWORD}, timeout=10
    )
    assert bare.status_code == 403


def test_forms_without_their_token_or_from_another_site_change_nothing(
    console: LiveServer,
    login: Login,
) -> None:
    alice = login("alice")
    refused = [
        alice.http.post(f"/console/races/{RACE}/open", data={"place": "x"}),
        alice.http.post(f"/console/races/{RACE}/open", data={"csrf": "forged"}),
        alice.http.post(
            f"/console/races/{RACE}/open",
            data={"csrf": alice.csrf},
            headers={"Origin": "https://evil.example"},
        ),
        alice.http.post(
            f"/console/races/{RACE}/open",
            data={"csrf": alice.csrf},
            headers={"Sec-Fetch-Site": "cross-site"},
        ),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    assert said(refused[0].text).startswith("This form has expired")
    assert said(refused[2].text) == "Refused: this request came from another site"
    assert status_of(console) == "PLANNED"
    opened = alice.race("open")
    assert (opened.status_code, opened.headers["location"]) == (
        303,
        f"/console/races/{RACE}?done=opened",
    )
    assert status_of(console) == "OPEN"


def test_a_supervisor_sees_no_race_form_and_is_refused_one(
    console: LiveServer, login: Login
) -> None:
    sue, alice = login("sue"), login("alice")
    alice.race("open")
    console.clock.advance(minutes=29)
    sue.race(), alice.race()  # in use: the sessions stay open
    console.clock.advance(minutes=2)  # past the post
    page = sue.race()
    assert page.status_code == 200
    assert "/provisional" not in page.text
    assert "/close" not in page.text
    assert "/provisional" in alice.race().text
    refused = sue.race("provisional", place1="4", place2="7")
    assert (refused.status_code, said(refused.text)) == (
        403,
        "Your role (supervision) does not allow this",
    )
    assert status_of(console) == "CLOSED"
    assert sue.post("/console/terminals", name="till").status_code == 201
    assert alice.post("/console/terminals", name="till").status_code == 403


def test_a_race_day_from_the_console_with_two_operators(console: LiveServer, login: Login) -> None:
    alice, bob = login("alice"), login("bob", lang="fr")
    assert alice.race("open").status_code == 303
    terminal = console.terminal()
    OPENED.append(terminal)
    for runner, multiplier in ((4, 2), (4, 1), (7, 3), (2, 1)):
        sell(terminal, runner, multiplier)
    live = alice.http.get(f"/console/races/{RACE}/live").text
    assert re.search(r"Win</th><td class=\"num\">4</td><td class=\"num\">€10.50", live), live
    assert alice.race("close").status_code == 303
    refused = alice.race("provisional", place1="4", place2="", place3="7")
    assert (refused.status_code, said(refused.text)) == (
        422,
        "Type the finish as runner numbers, one place per box; a dead heat as 4=7",
    )
    assert 'value="7"' in refused.text  # what was typed is kept
    refused = alice.race("provisional", place1="4", place2="99")
    assert said(refused.text) == "Place 2: runner 99 is not in this race"
    assert alice.race("provisional", place1="4", place2="7=2", place3="1").status_code == 303
    assert alice.race("official", place1="4", place2="7=2", place3="1").status_code == 303
    same = alice.race("confirm")
    assert (same.status_code, said(same.text)) == (
        409,
        "You entered this result: another operator must confirm it",
    )
    page = bob.race()
    assert "Arrivée officielle saisie par alice" in page.text
    confirmed = bob.race("confirm", revision=revision_in(page.text))
    assert confirmed.headers["location"] == f"/console/races/{RACE}?done=confirmed"
    settled = bob.http.get(confirmed.headers["location"]).text
    assert said(settled) == "L’arrivée est officielle : tous les paris sont réglés."
    assert re.search(r"Simple gagnant</th><td>4</td><td class=\"num\">\d+,\d\d<", settled), settled
    records = console.tote.call(
        lambda d: d.store.execute(
            "SELECT kind, payload FROM journal WHERE kind LIKE 'race.%' ORDER BY at, seq"
        ).fetchall()
    ).result(timeout=10)
    who = [
        (kind, json.loads(p).get("by"), json.loads(p).get("confirmed_by")) for kind, p in records
    ]
    assert who == [
        ("race.taken_over", "alice", None),
        ("race.open", "alice", None),
        ("race.close", "alice", None),
        ("race.result_provisional", "alice", None),
        ("race.official_proposed", "alice", None),
        ("race.result_official", "alice", "bob"),
    ]


def test_a_scratching_and_an_abandonment_ask_first(console: LiveServer, login: Login) -> None:
    alice = login("alice")
    asked = alice.race("scratch", runner="5")
    assert asked.status_code == 200
    assert "Scratch runner 5 (" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    assert "NP</span>" not in alice.race().text
    assert alice.race("scratch", runner="5", confirmed="yes").status_code == 303
    assert alice.race().text.count("NP</span>") == 1
    unknown = alice.race("scratch", runner="42")
    assert (unknown.status_code, said(unknown.text)) == (
        422,
        "Runner 42 is not in this race (runners 1 to 13)",
    )
    asked = alice.race("abandon", code="R1C2")
    assert "Every bet on it is refunded" in asked.text
    assert status_of(console, "R1C2") == "PLANNED"
    alice.race("abandon", code="R1C2", confirmed="yes")
    assert status_of(console, "R1C2") == "CANCELLED"


def test_supervision_registers_a_terminal_and_disables_it(
    console: LiveServer, login: Login
) -> None:
    sue = login("sue")
    shown = sue.post("/console/terminals", name="Café des Sports")
    assert shown.status_code == 201
    assert shown.headers["cache-control"] == "no-store"
    terminal_id = group_in(r"<code>(T-[0-9a-f]+)</code>", shown.text)
    secret = group_in(r'class="secret">([0-9a-f]{64})<', shown.text)
    signed = plain(console)
    signed.auth = TerminalAuth(Signer(terminal_id, bytes.fromhex(secret)), console.clock)
    beat = signed.post("/v1/heartbeat", json={"status": {"mode": "kiosk", "printer": "paper_out"}})
    assert beat.status_code == 200
    rows = sue.http.get("/console/terminals/live?attention=1").text
    assert "Café des Sports" in rows
    assert "out of paper" in rows
    assert "online" in rows
    assert secret not in sue.http.get("/console/terminals").text  # shown once only
    asked = sue.post(f"/console/terminals/{terminal_id}/disable")
    assert "Disable Café des Sports?" in asked.text
    assert signed.post("/v1/heartbeat", json={"status": {}}).status_code == 200
    done = sue.post(f"/console/terminals/{terminal_id}/disable", confirmed="yes")
    assert done.headers["location"] == "/console/terminals?done=disabled"
    assert signed.post("/v1/heartbeat", json={"status": {}}).status_code == 401
    assert "disabled" in sue.http.get("/console/terminals/live").text
    again = sue.post(f"/console/terminals/{terminal_id}/disable", confirmed="yes")
    assert (again.status_code, said(again.text)) == (409, "This terminal is already disabled")
    nameless = sue.post("/console/terminals", name="   ")
    assert (nameless.status_code, said(nameless.text)) == (
        422,
        "A terminal's name is 1 to 60 characters",
    )


def test_reports_export_the_days_figures_and_verify_the_journal(
    console: LiveServer, login: Login
) -> None:
    alice, sue = login("alice"), login("sue", lang="fr")
    alice.race("open")
    terminal = console.terminal("Bar du Centre")
    OPENED.append(terminal)
    sell(terminal, 3, 2)
    sell(terminal, 5, 1)
    csv = sue.http.get(f"/console/reports.csv?day={DAY}")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    lines = csv.text.removeprefix("\ufeff").splitlines()  # French: see test_reports_page
    assert lines[0].startswith("Identifiant du terminal;Terminal;Type;Ventes;Montant vendu (€)")
    assert [[*line.split(";")[1:2], *line.split(";")[3:5]] for line in lines[1:]] == [
        ["Bar du Centre", "2", "4,50"],
        ["Total", "2", "4,50"],
    ]
    page = sue.http.get(f"/console/reports?day={DAY}").text
    assert "4,50\N{NARROW NO-BREAK SPACE}€" in page or "4,50\N{NO-BREAK SPACE}€" in page
    assert page.count('role="img"') == 2
    verified = sue.post("/console/journal/verify")
    assert re.search(r"Le journal est intact : \d+ enregistrements vérifiés.", said(verified.text))
    bad_day = sue.http.get("/console/reports?day=yesterday")
    assert (bad_day.status_code, said(bad_day.text)) == (
        422,
        "Le formulaire n’est pas correctement rempli",
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_speaks_the_catalogue(console: LiveServer, login: Login, lang: str) -> None:
    before = set(words_for(lang).misses)
    ada = login("ada", lang=lang)
    ada.race("open", code="R1C2")
    console.clock.advance(minutes=25)
    ada.race()  # in use: the session stays open
    console.clock.advance(minutes=25)  # past R1C2's post
    ada.race("provisional", code="R1C2", place1="1", place2="2")
    pages = [
        "/console/races",
        f"/console/races/{DAY}/R1C1",
        f"/console/races/{DAY}/R1C2",
        f"/console/races/{DAY}/R1C2/live",
        "/console/terminals",
        "/console/terminals/live",
        "/console/reports",
        "/console/journal",
        f"/console/races/{DAY}/R9C9",
    ]
    for path in pages:
        answer = ada.http.get(path)
        assert answer.status_code == (404 if "R9C9" in path else 200), path
        assert f'<html lang="{lang}">' in answer.text or path.endswith(("live", "rows"))
        assert not re.search(r"\b(RESULT_[A-Z]+|PLANNED|SIMPLE_GAGNANT)\b", answer.text), path
    assert words_for(lang).misses == before


def test_logging_out_ends_the_session(console: LiveServer, login: Login) -> None:
    bob = login("bob")
    cookie = bob.http.cookies["guichet_console"]
    out = bob.post("/console/logout")
    assert out.headers["location"] == "/console/login?done=logged_out"
    stolen = plain(console)
    stolen.cookies.set("guichet_console", cookie)
    assert stolen.get("/console/races").status_code == 303
    ada = login("ada")
    console.clock.advance(minutes=31)  # the console left open on an empty desk
    assert ada.http.get("/console/races").status_code == 303


def test_a_national_fleet_is_found_by_name_not_scrolled(console: LiveServer, login: Login) -> None:
    def register(desk: BetDesk) -> None:
        for n in range(ROWS + 5):
            terminal_id, _ = create_terminal(desk.store, f"Bar {n:03d}", NOON)
            if n == 150:  # the one that needs a person comes first
                heartbeat(desk.store, terminal_id, {"printer": "paper_out"}, NOON)
            else:
                heartbeat(desk.store, terminal_id, {"printer": "ok"}, NOON)

    console.tote.call(register).result(timeout=60)
    sue = login("sue")
    page = sue.http.get("/console/terminals").text
    names = re.findall(r'<th scope="row">(Bar \d+)<br>', page)
    assert (len(names), names[0], names[1]) == (ROWS, "Bar 150", "Bar 000")
    assert f"The first {ROWS} of {ROWS + 5} terminals" in page
    found = sue.http.get("/console/terminals/live?q=bar 204").text
    assert re.findall(r'<th scope="row">(Bar \d+)<br>', found) == ["Bar 204"]
    only = sue.http.get("/console/terminals?attention=1&q=bar").text
    assert re.findall(r'<th scope="row">(Bar \d+)<br>', only) == ["Bar 150"]
    assert 'data-refresh="/console/terminals/live?attention=1&amp;q=bar"' in only
