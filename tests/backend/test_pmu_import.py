"""``guichet-server import-pmu`` and ``settle-pmu`` on a real day of the PMU's feed, through the
installed command, on both stores (``server_db``: SQLite, PostgreSQL).

The fixtures in ``fixtures/pmu/`` are copies of ``../shared/pmu/`` (its README says what they
are): the PMU's public programme feed of 5 November 2025 (9 meetings, 63 races) and the
participants of Nantes R1C1, kept here so that a clone without ``../shared`` tests too.
Every expected figure below is computed from the fixture itself, independently of the import.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backend.store import Store, open_store
from catalogue.words import Words
from scripts.loopback import Clock
from scripts.pmu_day import import_moved, moved, not_run_participants
from terminal.errors import SaleProblem
from terminal.operations.sell import Draft, price_in
from terminal.store import Store as TerminalStore
from terminal.store import programme as cached
from tests.backend.test_cli import run
from tests.servers import NOON, running_server

FIXTURES = Path(__file__).parent / "fixtures" / "pmu"
PROGRAMME = FIXTURES / "programme-2025-11-05.json"
RUNNERS = FIXTURES / "participants-2025-11-05-R1C1.json"
SOLD = {
    "SIMPLE_GAGNANT",
    "SIMPLE_PLACE",
    "COUPLE_GAGNANT",
    "COUPLE_PLACE",
    "COUPLE_ORDRE",
    "TRIO",
    "TRIO_ORDRE",
    "DEUX_SUR_QUATRE",
    "TIERCE",
    "QUARTE_PLUS",
    "QUINTE_PLUS",
    "MULTI",
}
TABLES = ("meeting", "race", "runner", "pmu_race", "pmu_pool", "dividend", "journal")


def feed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PROGRAMME.read_text(encoding="utf-8"))
    return data


def courses(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"R{c['numReunion']}C{c['numOrdre']}": c
        for r in data["programme"]["reunions"]
        for c in r["courses"]
    }


def rows(db: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    store = open_store(db)
    try:
        return [tuple(r) for r in store.execute(sql, params).fetchall()]
    finally:
        store.close()


def contents(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import writes, to see that a refused one wrote nothing."""
    store: Store = open_store(db)
    try:
        return {
            t: sorted(map(tuple, store.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in TABLES
        }
    finally:
        store.close()


def test_the_real_day_is_imported_with_exactly_its_point_of_sale_pools(server_db: str) -> None:
    done = run(server_db, "--create", "import-pmu", str(PROGRAMME), str(RUNNERS))
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0] == "63 races imported, 0 already there (2025-11-05: 9 meetings)"
    assert "411 online pools (E_) skipped" in said[1]
    assert "MINI_MULTI 10" in said[1]  # kept, not on sale
    assert "REPORT_PLUS 35" in said[1]
    day = courses(feed())
    assert len(rows(server_db, "SELECT id FROM meeting")) == 9
    races = {
        r[0].split("/")[1]: r
        for r in rows(server_db, "SELECT id, post_time, status, bet_types, rules FROM race")
    }
    assert set(races) == set(day)  # 63 races, named as the PMU names them
    for code, course in day.items():
        race_id, post_time, status, bet_types, rules = races[code]
        assert race_id == f"2025-11-05/{code}"  # the day in Paris, though 4 Nov. 23:00 in UTC
        assert status == "CLOSED"  # every race of that day has run: no bet on it
        at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=course["heureDepart"])
        assert datetime.fromisoformat(post_time) == at
        counter = [p for p in course["paris"] if not p["codePari"].startswith("E_")]
        pools = rows(
            server_db,
            "SELECT code, bet_type, base_stake, max_stake FROM pmu_pool"
            " WHERE race_id = ? ORDER BY position",
            (race_id,),
        )
        assert [p[0] for p in pools] == [p["codePari"] for p in counter]  # no E_ pool
        assert [p[2] for p in pools] == [p.get("miseBase") for p in counter]  # cents, exact
        assert all(p[3] is None for p in pools)  # the feed gives no maximum at a point of sale
        sold = [p for p in counter if p["codePari"] in SOLD]
        assert json.loads(bet_types) == [p["codePari"] for p in sold]
        assert json.loads(rules) == {
            p["codePari"]: {
                "rules": "pmu",  # the PMU's pools follow the PMU's rules set
                "min_stake": f"{p['miseBase'] // 100}.{p['miseBase'] % 100:02d}",
            }
            for p in sold
        }
        runners = rows(
            server_db,
            "SELECT number, scratched FROM runner WHERE race_id = ? ORDER BY number",
            (race_id,),
        )
        assert [r[0] for r in runners] == list(range(1, course["nombreDeclaresPartants"] + 1))
        non_runners = {
            n
            for i in course.get("incidents") or []
            if i["type"] == "NON_PARTANT"
            for n in i["numeroParticipants"]
        }
        assert {r[0] for r in runners if r[1]} == non_runners
    r2c2 = "SELECT scratched FROM runner WHERE race_id = '2025-11-05/R2C2' AND number = 5"
    assert rows(server_db, r2c2) == [(1,)]  # R2C2's number 5 did not run: scratched
    assert json.loads(races["R7C1"][3]) == []  # the international pools only: nothing on sale
    # the local time of the post, in the meeting's zone (+01:00), is kept with the race
    assert rows(server_db, "SELECT utc_offset FROM pmu_race WHERE race_id = '2025-11-05/R1C1'") == [
        (60,)
    ]
    named = rows(
        server_db,
        "SELECT name, jockey FROM runner WHERE race_id = '2025-11-05/R1C1' AND number = 7",
    )
    assert named == [("KASTELBRAC", "M. LELIEVRE")]  # from the participants file
    (flags,) = rows(
        server_db,
        "SELECT flags FROM pmu_pool WHERE race_id = '2025-11-05/R1C2' AND code = 'QUINTE_PLUS'",
    )[0]
    quinte = json.loads(flags)
    assert (quinte["spot"], quinte["flexi"], quinte["replacement_horse"]) == (True, [25, 50], True)
    assert quinte["option_max"]["mise_base"] == 300
    (flags,) = rows(
        server_db,
        "SELECT flags FROM pmu_pool WHERE race_id = '2025-11-05/R1C1' AND code = 'SIMPLE_GAGNANT'",
    )[0]
    assert json.loads(flags)["jackpot"] == {"base_stake": 300, "contribution": "1/3"}

    before = contents(server_db)  # importing the same day again changes nothing
    again = run(server_db, "import-pmu", str(PROGRAMME))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 races imported, 63 already there")
    assert contents(server_db) == before
    assert run(server_db, "verify-journal").returncode == 0


def bad(tmp_path: Path, name: str, change: Any) -> Path:
    data = feed()
    change(data["programme"])
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_malformed_or_partial_file_is_refused_in_one_line_by_place(
    tmp_path: Path, server_db: str
) -> None:
    assert run(server_db, "init").returncode == 0
    empty = contents(server_db)
    cut = tmp_path / "cut.json"
    cut.write_bytes(PROGRAMME.read_bytes()[:300_000])
    text = tmp_path / "text.json"
    text.write_text("Programme du 5 novembre\n", encoding="utf-8")
    nothing = tmp_path / "nothing.json"
    nothing.write_text("", encoding="utf-8")

    def stake(p: dict[str, Any]) -> None:
        p["reunions"][1]["courses"][3]["paris"][0]["miseBase"] = "2.00"

    def post(p: dict[str, Any]) -> None:
        del p["reunions"][0]["courses"][2]["heureDepart"]

    def half(p: dict[str, Any]) -> None:
        p["reunions"][0]["courses"][0]["paris"][0]["miseBase"] = 150.5

    def ghost(p: dict[str, Any]) -> None:
        p["reunions"][1]["courses"][1]["incidents"][0]["numeroParticipants"] = [99]

    cases = {
        bad(
            tmp_path, "stake.json", stake
        ): "stake.json: reunions[2].courses[4].paris[1].miseBase (R2C4): input should be a "
        'valid integer, not "2.00"',
        bad(tmp_path, "post.json", post): "post.json: reunions[1].courses[3].heureDepart (R1C3):"
        " missing",
        bad(tmp_path, "half.json", half): "half.json: reunions[1].courses[1].paris[1].miseBase "
        "(R1C1): input should be a valid integer, not 150.5",
        bad(tmp_path, "ghost.json", ghost): "ghost.json: reunions[2].courses[2].incidents[1] "
        "(R2C2): runner 99 is not in the race",
        cut: "cut.json: not JSON (",
        text: "text.json: not JSON (Expecting value at line 1 column 1)",
        nothing: "nothing.json: the file is empty",
    }
    for path, message in cases.items():
        done = run(server_db, "import-pmu", str(path))
        assert done.returncode == 2, (path.name, done.stdout)
        assert done.stderr.startswith(f"guichet-server: {message}"), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr  # one line, no traceback
        assert contents(server_db) == empty, path.name
    unsettled = run(server_db, "settle-pmu", str(PROGRAMME))
    assert unsettled.returncode == 2
    assert "reunions[1].courses[1] (R1C1): race 2025-11-05/R1C1 was not imported" in (
        unsettled.stderr
    )

    assert run(server_db, "import-pmu", str(PROGRAMME)).returncode == 0
    imported = contents(server_db)

    def other_day(p: dict[str, Any]) -> None:  # a new meeting, then a race changed since
        extra = json.loads(json.dumps(p["reunions"][8]))
        extra["numOfficiel"] = 10
        for course in extra["courses"]:
            course["numReunion"] = 10
        p["reunions"].insert(0, extra)
        p["reunions"][1]["courses"][0]["paris"][0]["miseBase"] = 250

    done = run(server_db, "import-pmu", str(bad(tmp_path, "changed.json", other_day)))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "guichet-server: changed.json: reunions[2].courses[1] (R1C1): race 2025-11-05/R1C1 is "
        "not as imported: its pools (their stakes or options) changed; an import does not "
        "change a race terminals may have sold on"
    )
    assert contents(server_db) == imported  # meeting R10, written first, rolled back too


def a_day(tmp_path: Path, first_post: datetime) -> tuple[Path, Path, Path]:
    """The real day moved to ``first_post``: the morning's feed (R2C2's number 5 not yet a
    non-runner), its runners, and the evening's (arrivals, R1C1's a dead heat for first)."""
    morning = moved(feed(), first_post)
    courses(morning)["R2C2"]["incidents"] = None
    evening = moved(feed(), first_post, keep_results=True)
    courses(evening)["R1C1"]["ordreArrivee"] = [[7, 3], [9], [13], [5]]
    paths = (
        tmp_path / "morning.json",
        tmp_path / "participants-R1C1.json",
        tmp_path / "evening.json",
    )
    runners = not_run_participants(json.loads(RUNNERS.read_text(encoding="utf-8")))
    for path, data in zip(paths, (morning, runners, evening), strict=True):
        path.write_text(json.dumps(data), encoding="utf-8")
    return paths


def test_terminals_sell_only_the_imported_pools_and_the_feed_settles_them(
    tmp_path: Path, server_db: str, clock: Clock
) -> None:
    morning, runners, evening = a_day(tmp_path, NOON + timedelta(minutes=30))
    done = run(
        server_db, "--create", "import-pmu", "--max-stake", "1500", str(morning), str(runners)
    )
    assert done.returncode == 0, done.stderr
    with running_server(server_db, clock) as server, server.terminal() as terminal:
        with server.admin() as admin:
            for opened in ("R1C1", "R2C2"):
                admin.post(f"/v1/admin/races/2026-11-21/{opened}/open").raise_for_status()
        answer = terminal.get("/v1/programme", params={"day": "2026-11-21"})
        answer.raise_for_status()
        races = {r["race_id"]: r for m in answer.json()["meetings"] for r in m["races"]}
        r1c1 = races["2026-11-21/R1C1"]
        # the day's first race, R2C1 (10:30 in Paris), at 12:30 UTC; R1C1 2 h 42 min later
        assert r1c1["post_time"] == "2026-11-21T15:12:00+00:00"
        assert r1c1["bet_types"] == [
            "SIMPLE_GAGNANT",
            "SIMPLE_PLACE",
            "COUPLE_GAGNANT",
            "COUPLE_PLACE",
            "DEUX_SUR_QUATRE",
            "TRIO",
            "MULTI",
        ]
        assert r1c1["rules"]["SIMPLE_GAGNANT"] == {
            "rules": "pmu",
            "min_stake": "2.00",
            "max_stake": "1500.00",
        }
        assert r1c1["rules"]["MULTI"]["min_stake"] == "3.00"
        assert races["2026-11-21/R7C1"]["bet_types"] == []

        def bet(race: str, bet_type: str, runner: int, multiplier: int = 1) -> Any:
            body = {
                "transaction_id": str(uuid.uuid4()),
                "bet_type": bet_type,
                "race_id": f"2026-11-21/{race}",
                "runners": [runner],
                "multiplier": multiplier,
            }
            return terminal.post("/v1/bets", json=body)

        sold = [bet("R1C1", "SIMPLE_GAGNANT", n) for n in (7, 3, 1)] + [
            bet("R2C2", "SIMPLE_GAGNANT", 5)
        ]
        assert [s.json()["cost"] for s in sold] == [200, 200, 200, 200]  # the feed's 2 €
        quinte = bet("R1C1", "QUINTE_PLUS", 7)  # R1C1 has no Quinté+ pool
        assert (quinte.status_code, quinte.json()["code"]) == (422, "type_not_offered")
        above = bet("R1C1", "SIMPLE_GAGNANT", 7, multiplier=751)  # 1 502 €
        assert above.status_code == 422
        assert (above.json()["code"], above.json()["params"]) == (
            "stake_above_maximum",
            {"maximum": 150000},
        )

        store = TerminalStore(tmp_path / "terminal.db")  # the terminal prices alike, offline
        cached.save_programme(store, answer.json(), clock().isoformat())
        race = cached.race(store, "2026-11-21/R1C1")
        assert (race.rules[race.bet_types[0]].min_stake, race.bet_types[0]) == (
            200,
            "SIMPLE_GAGNANT",
        )
        draft = Draft("2026-11-21/R1C1", "SIMPLE_GAGNANT", (7,), multiplier=751)
        with pytest.raises(SaleProblem) as refused:
            price_in(race, draft, clock())
        assert Words("fr").problem(refused.value) == (
            "La mise maximale de ce pari est de 1\u202f500,00\xa0€"
        )
        assert (
            price_in(
                race, Draft("2026-11-21/R1C1", "SIMPLE_GAGNANT", (7,), multiplier=750), clock()
            ).cost
            == 150000
        )

        with server.admin() as admin:
            for race_code in ("R1C1", "R2C2"):
                admin.post(f"/v1/admin/races/2026-11-21/{race_code}/close").raise_for_status()
        settled = run(server_db, "settle-pmu", str(evening))
        assert settled.returncode == 0, settled.stderr
        assert settled.stdout.startswith("official result: 63 races (R1C1 R1C2 ")
        tickets = [s.json()["transaction_id"] for s in sold]
        outcome = dict(rows(server_db, "SELECT id, status FROM bet"))
        # 7 and 3 dead-heated for first; 1 was disqualified; 5 became a non-runner
        assert [outcome[t] for t in tickets] == ["WINNING", "WINNING", "LOSING", "REFUNDABLE"]
    assert rows(server_db, "SELECT result FROM race WHERE id = '2026-11-21/R1C1'") == [
        ("[[7, 3], [9], [13], [5]]",)
    ]
    again = run(server_db, "settle-pmu", str(evening))
    assert again.stdout.strip() == "63 races already settled, 0 not run yet"
    assert run(server_db, "verify-journal").returncode == 0


def test_a_day_moved_for_the_demo_starts_soon_and_has_not_run(tmp_path: Path) -> None:
    first_post = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    day = courses(moved(feed(), first_post))
    real = courses(feed())
    start = min(c["heureDepart"] for c in real.values())
    for code, course in day.items():
        assert course["heureDepart"] - real[code]["heureDepart"] == (
            first_post.timestamp() * 1000 - start
        )
        assert (course["ordreArrivee"], course["arriveeDefinitive"]) == ([], False)
        assert all(i["type"] == "NON_PARTANT" for i in course["incidents"] or [])
    assert min(c["heureDepart"] for c in day.values()) == first_post.timestamp() * 1000
    said = import_moved([PROGRAMME, RUNNERS], tmp_path, tmp_path / "demo.db", first_post)
    assert said.startswith("63 races imported")
    statuses = rows(str(tmp_path / "demo.db"), "SELECT DISTINCT status FROM race")
    assert statuses == [("PLANNED",)]
    assert rows(str(tmp_path / "demo.db"), "SELECT DISTINCT day FROM meeting") == [("2026-03-02",)]
