"""Wrong passwords through the real server, on both stores (issue 26, items 2 and 4): they
make the place they come from wait, never the operator at their own desk, whose session goes
on; and a name that waits, one that exists and one that does not are answered alike, after the
same argon2 check; and no login or password form a browser could post makes a server error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.passwords import PasswordChecks
from tests.backend.conftest import server_db  # both stores (the console's own: SQLite only)
from tests.servers import LiveServer

from .conftest import PASSWORD, said, token_in
from .places import Places, places

__all__ = ["places", "server_db"]

DESK, OUTSIDE = "192.0.2.10", "203.0.113.66"  # the race office's address, an outsider's


def test_an_outsider_neither_locks_an_operator_out_nor_ends_their_session(
    console: LiveServer, places: Places
) -> None:
    desk, outsider = places(DESK), places(OUTSIDE)
    assert desk.log_in("alice", PASSWORD).status_code == 303
    for _ in range(12):
        answer = outsider.log_in("alice", "a guess")
        assert (answer.status_code, said(answer.text)) == (401, "Wrong name or password")
    assert desk.http.get("/console/races").status_code == 200  # her session goes on
    assert places(DESK).log_in("alice", PASSWORD).status_code == 303  # and she logs in there
    refused = outsider.log_in("alice", PASSWORD)  # the outsider's place waits, whatever it types
    assert (refused.status_code, said(refused.text)) == (401, "Wrong name or password")


def test_a_waiting_name_and_an_unknown_one_get_the_same_words_after_the_same_check(
    console: LiveServer, places: Places
) -> None:
    outsider = places(OUTSIDE, lang="fr")
    passwords: PasswordChecks = console.app.state.context.passwords
    answers: dict[str, list[tuple[int, str]]] = {}
    for name in ("alice", "nobody"):
        for password in ["a guess"] * 6 + [PASSWORD]:  # the place waits by the last ones
            checked = passwords.checked
            answer = outsider.log_in(name, password)
            assert passwords.checked == checked + 1  # one argon2 check, whatever the name
            answers.setdefault(name, []).append(
                (answer.status_code, answer.text.replace(f'value="{name}"', 'value=""'))
            )
    assert answers["alice"] == answers["nobody"]
    assert {(status, said(page)) for status, page in answers["alice"]} == {
        (401, "Nom ou mot de passe incorrect")
    }


def test_a_name_no_operator_can_have_gets_the_same_words(
    console: LiveServer, places: Places
) -> None:
    """Not printable (a NUL, which PostgreSQL cannot even compare) or too long: refused as a
    wrong name, never a server error."""
    outsider = places(OUTSIDE)
    for name in ("al\x00ice", "x" * 500, "line\nbreak"):
        answer = outsider.log_in(name, "a guess")
        assert (answer.status_code, said(answer.text)) == (401, "Wrong name or password")


TEXT = st.text(st.characters(codec="utf-8"), max_size=80)
# stripped: the HTTP client refuses to send a header value with white space at either end
ADDRESS = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40).map(str.strip)


def test_no_login_or_password_form_makes_a_server_error(
    console: LiveServer, places: Places
) -> None:
    """Whatever the fields (and whatever address the proxy gives): never a 5xx."""
    desk = places("192.0.2.10")
    assert desk.log_in("bob", PASSWORD).status_code == 303
    csrf = token_in(desk.http.get("/console/password").text)
    form = token_in(desk.http.get("/console/login").text)

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(name=TEXT, password=TEXT, again=TEXT, next=TEXT, address=ADDRESS, good=st.booleans())
    def probe(name: str, password: str, again: str, next: str, address: str, good: bool) -> None:
        headers = {"X-Forwarded-For": address}
        login = desk.http.post(
            "/console/login",
            headers=headers,
            data={
                "csrf": form if good else "x",
                "name": name,
                "password": password,
                "next": next,
            },
        )
        assert login.status_code < 500, login.text
        change = desk.http.post(
            "/console/password",
            headers=headers,
            data={
                "csrf": csrf if good else "x",
                "current": password,
                "password": again,
                "again": again if good else name,
                "next": next,
            },
        )
        assert change.status_code < 500, change.text

    probe()
