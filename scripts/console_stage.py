"""A race day for the console's screenshots, staged minute by minute on a server whose clock
is in our hands: four operators, four terminals that sold bets all morning (faster as each
post time came near), races in every state, terminals in every kind of trouble; and beside it
a real day of the PMU's feed (5 November 2025, the tests' copy), imported as ``import-pmu``
does, whose races show their pools as imported.

Everything goes through the server's own API and use cases, as the day would.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from backend.official_result import confirm_official, propose_official
from backend.operators import create_operator
from backend.pmu_import import import_day, read_files
from backend.programme import demo_programme
from scripts.loopback import Clock, Served, serving
from scripts.racecourse import a_bet
from wire.signing import Signer, TerminalAuth

DAY = date(2026, 11, 21)
MORNING = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
FIRST_POST = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PMU_FEED = Path(__file__).resolve().parent.parent / "tests" / "backend" / "fixtures" / "pmu"
PMU_DAY = date(2025, 11, 5)
PMU_FILES = ("programme-2025-11-05.json", "participants-2025-11-05-R1C1.json")
PMU_MAX_STAKE = 150_000  # cents: import-pmu --max-stake 1500
ADMIN = "console-stage-admin-token"
PASSWORD = "un jour aux courses"  # every staged operator's
OPERATORS = (
    ("Claire Martin", "race-office"),
    ("Hugo Bernard", "race-office"),
    ("Nadia Roux", "supervisor"),
    ("Admin", "admin"),
)
TERMINALS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Bar du Cheval Blanc, guichet 1", "counter", {}),
    ("Tabac de la Gare, borne", "kiosk", {"printer": "paper_near_end"}),
    ("PMU Le Longchamp, guichet 2", "counter", {"queue_depth": 14}),
    ("Hippodrome de Vincennes, borne 12", "kiosk", {"bill_acceptor": "offline"}),
)


@dataclass
class StagedDay:
    served: Served
    terminals: dict[str, httpx.Client] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.served.url

    @property
    def clock(self) -> Clock:
        return self.served.clock

    def admin(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, timeout=10, headers={"Authorization": f"Bearer {ADMIN}"}
        )

    def races(self) -> list[dict[str, Any]]:
        terminal = next(iter(self.terminals.values()))  # the programme is for terminals
        answer = terminal.get("/v1/programme", params={"day": DAY.isoformat()})
        answer.raise_for_status()
        return [r for m in answer.json()["meetings"] for r in m["races"]]

    def beat(self, name: str, **status: Any) -> None:
        mode = next(t[1] for t in TERMINALS if t[0] == name)
        body = {
            "online": True,
            "queue_depth": 0,
            "clock_offset_ms": 40,
            "printer": "ok",
            "bill_acceptor": "ok" if mode == "kiosk" else "none",
            "mode": mode,
            "version": "0.1.0",
            **status,
        }
        self.terminals[name].post("/v1/heartbeat", json={"status": body}).raise_for_status()


@contextmanager
def console_day(folder: Path) -> Iterator[StagedDay]:
    clock = Clock(MORNING)
    with serving(str(folder / "console.db"), clock, ADMIN) as served:
        day = StagedDay(served)
        served.tote.call(
            lambda desk: [
                create_operator(desk.store, name, role, PASSWORD, clock())
                for name, role in OPERATORS
            ]
        ).result(timeout=60)
        with day.admin() as admin:
            admin.post(
                "/v1/admin/programme", json=demo_programme(DAY, FIRST_POST)
            ).raise_for_status()
            feed = read_files([str(PMU_FEED / name) for name in PMU_FILES], PMU_MAX_STAKE)
            served.tote.call(lambda desk: import_day(desk.store, feed, clock())).result(timeout=60)
            for name, _, _ in TERMINALS:
                body = admin.post("/v1/admin/terminals", json={"name": name}).json()
                signer = Signer(body["terminal_id"], bytes.fromhex(body["secret"]))
                day.terminals[name] = httpx.Client(
                    base_url=served.url, auth=TerminalAuth(signer, clock), timeout=10
                )
            for race in sorted(day.races(), key=lambda r: str(r["post_time"]))[
                :10
            ]:  # to the Quinté+
                admin.post(f"/v1/admin/races/{race['race_id']}/open").raise_for_status()
            _morning(day)
            _results(day, admin)
        for name, _, trouble in TERMINALS:
            day.beat(name, **trouble)
        clock.advance(seconds=40)  # the last terminal's beat is late: offline
        for name, _, trouble in TERMINALS[:3]:
            day.beat(name, **trouble)
        try:
            yield day
        finally:
            for client in day.terminals.values():
                client.close()


def _morning(day: StagedDay) -> None:
    """Bets from 10:00 until the first post at 12:00 and a little after, the rush at the end."""
    rng = random.Random(5)
    clients = list(day.terminals.values())
    races = day.races()
    while day.clock() < FIRST_POST + timedelta(minutes=8):
        now = day.clock()
        open_races = [
            r
            for r in races
            if r["status"] == "OPEN" and datetime.fromisoformat(r["post_time"]) > now
        ]
        soon = min(
            (datetime.fromisoformat(r["post_time"]) - now for r in open_races),
            default=timedelta(hours=1),
        )
        count = 1 + int(12 / max(1.0, soon.total_seconds() / 60))  # the rush before the post
        for _ in range(count if open_races else 0):
            answer = rng.choice(clients).post("/v1/bets", json=a_bet(rng, open_races))
            answer.raise_for_status()
        day.clock.advance(minutes=1)
        races = day.races() if now.minute % 10 == 0 else races


def _results(day: StagedDay, admin: httpx.Client) -> None:
    """R1C1 official (entered, then confirmed by a second operator), R2C1 provisional with an
    official result waiting for its confirmation; a non-runner in R1C2. The finishes favour
    the runners the bettors backed, so that the dividends have winners to pay."""
    races = {r["race_id"].rsplit("/", 1)[1]: r for r in day.races()}
    r1c1, r2c1 = races["R1C1"]["race_id"], races["R2C1"]["race_id"]
    admin.post(
        f"/v1/admin/races/{races['R1C2']['race_id']}/scratch", json={"runner": 3}
    ).raise_for_status()
    finishes = {race_id: _favourites(day, race_id) for race_id in (r1c1, r2c1)}
    for race_id, finish in finishes.items():
        admin.post(
            f"/v1/admin/races/{race_id}/result", json={"places": finish, "official": False}
        ).raise_for_status()
    now, tote = day.clock(), day.served.tote
    tote.call(
        lambda desk: desk.changed(
            r1c1,
            confirm_official(
                desk.store,
                r1c1,
                "Hugo Bernard",
                now,
                revision=propose_official(
                    desk.store, r1c1, finishes[r1c1], "Claire Martin", now
                ).revision,
            ),
        )
    ).result(timeout=60)
    tote.call(
        lambda desk: propose_official(desk.store, r2c1, finishes[r2c1], "Claire Martin", now)
    ).result(timeout=60)


def _favourites(day: StagedDay, race_id: str) -> list[list[int]]:
    """The five runners most backed to win, second place a dead heat: ``[[a], [b, c], …]``."""
    rows = day.served.tote.call(
        lambda desk: desk.store.execute(
            "SELECT runners, COUNT(*) FROM bet WHERE race_id = ? AND bet_type = 'SIMPLE_GAGNANT'"
            " GROUP BY runners ORDER BY COUNT(*) DESC, runners",
            (race_id,),
        ).fetchall()
    ).result(timeout=60)
    backed = [n for row in rows for n in json.loads(row[0])[:1]]
    order = backed + [n for n in range(1, 9) if n not in backed]
    return [[order[0]], [order[1], order[2]], [order[3]], [order[4]]]
