"""A simulated racecourse for the demo and the UI benchmark: bettors who move the odds, and a
race office that opens races, closes them at the post and posts their results.

It is a client of the server like any other: the bettors are a registered terminal whose
requests are signed, the race office uses the administrator's API. It runs in its own process
(``python -m scripts.racecourse``) so that it never shares an interpreter with a terminal
being measured.

Bettors favour some runners over others, and the favourites drift, so the odds on the
screens move as they do on a real afternoon.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from wire.signing import Signer, TerminalAuth

MIX: list[tuple[str, str, int, int]] = [  # bet type, formula, runners, weight
    ("SIMPLE_GAGNANT", "unitaire", 1, 30),
    ("SIMPLE_PLACE", "unitaire", 1, 20),
    ("COUPLE_GAGNANT", "unitaire", 2, 8),
    ("COUPLE_ORDRE", "unitaire", 2, 5),
    ("DEUX_SUR_QUATRE", "unitaire", 2, 5),
    ("TRIO", "combinee", 4, 5),
    ("TIERCE", "unitaire", 3, 4),
    ("QUARTE_PLUS", "combinee", 5, 6),
    ("MULTI", "unitaire", 5, 5),
    ("QUINTE_PLUS", "unitaire", 5, 7),
    ("QUINTE_PLUS", "combinee", 7, 5),
]

# How long after the post a race's result is posted (provisional, then official).
RESULT_AFTER = timedelta(seconds=60)


class NothingToBet(LookupError):
    """No race given offers a bet of the mix: ask ``offered`` before ``a_bet``."""


def offered(races: list[dict[str, Any]]) -> list[tuple[str, str, int, int]]:
    """The mix's bets that some of ``races`` offers: once the day's only Quinté+ race has
    closed, its two entries leave the mix, and with no race left open, all of them."""
    types = {t for race in races for t in race["bet_types"]}
    return [m for m in MIX if m[0] in types]


def a_bet(
    rng: random.Random, races: list[dict[str, Any]], form: dict[str, list[float]] | None = None
) -> dict[str, Any]:
    """One bet of the usual mix on one of ``races``; ``form`` weighs each race's runners.

    The bet type is drawn among those still offered (the same draws as the whole mix while
    every type is), so a race day that has closed its Quinté+ goes on betting on the rest."""
    mix = offered(races)
    if not mix:
        raise NothingToBet("no race offers a bet of the mix")
    bet_type, formula, count, _ = rng.choices(mix, [m[3] for m in mix])[0]
    offering = [r for r in races if bet_type in r["bet_types"]]
    race = rng.choice(offering)
    numbers = [r["number"] for r in race["runners"] if not r.get("scratched")]
    weights = (form or {}).get(race["race_id"]) or [1.0] * len(race["runners"])
    runners: list[int] = []
    while len(runners) < min(count, len(numbers)):
        pick = rng.choices(numbers, [weights[n - 1] for n in numbers])[0]
        if pick not in runners:
            runners.append(pick)
    return {
        "transaction_id": str(uuid.uuid4()),
        "race_id": race["race_id"],
        "bet_type": bet_type,
        "formula": formula,
        "runners": runners,
        "multiplier": rng.choice((1, 1, 2, 5)),
    }


class Racecourse:
    """Bets at ``rate`` a second on the open races; runs the race office if ``office``."""

    def __init__(
        self,
        url: str,
        admin_token: str,
        *,
        rate: float = 10.0,
        office: bool = True,
        seed: int = 11,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.clock = clock  # the post times' and signatures' clock (a test's, in the tests)
        self.admin = httpx.Client(
            base_url=url, timeout=10, headers={"Authorization": f"Bearer {admin_token}"}
        )
        self.url = url
        self.rate = rate
        self.office = office
        self.rng = random.Random(seed)
        self.form: dict[str, list[float]] = {}
        self.stop = threading.Event()
        self.placed = 0
        self.refused = 0
        self.races: list[dict[str, Any]] = []  # the day's, as last read
        self.refreshed = 0.0  # when they were read (monotonic)
        self.next_bet = time.monotonic()
        self.stalled = False  # the server did not answer: said once
        self.waiting = False  # no race open offers a bet: said once

    def _signer(self) -> Signer:
        body = self.admin.post("/v1/admin/terminals", json={"name": "Parieurs simulés"})
        body.raise_for_status()
        return Signer(body.json()["terminal_id"], bytes.fromhex(body.json()["secret"]))

    def _races(self, client: httpx.Client) -> list[dict[str, Any]]:
        day = self.clock().date()
        answer = client.get("/v1/programme", params={"day": str(day)})
        answer.raise_for_status()
        return [r for m in answer.json()["meetings"] for r in m["races"]]

    def _run_office(self) -> None:
        """Open races before their post, close them and post their results a minute after,
        but for the races an operator took over at the console: theirs to run."""
        now = self.clock()
        answer = self.admin.get("/v1/admin/programme", params={"day": str(now.date())})
        answer.raise_for_status()
        races = [r for m in answer.json()["meetings"] for r in m["races"]]
        for race in races:
            if race.get("taken_over_by"):
                continue
            post = datetime.fromisoformat(race["post_time"])
            path = f"/v1/admin/races/{race['race_id']}"
            if race["status"] == "PLANNED" and post > now:
                self.admin.post(f"{path}/open")
            elif race["status"] in ("OPEN", "CLOSED") and now >= post + RESULT_AFTER:
                self.admin.post(f"{path}/close")
                field = [r["number"] for r in race["runners"] if not r["scratched"]]
                weights = self.form.get(race["race_id"]) or [1.0] * len(race["runners"])
                order = sorted(field, key=lambda n: -self.rng.random() * weights[n - 1])
                for official in (False, True):
                    body = {"places": [[n] for n in order[:5]], "official": official}
                    self.admin.post(f"{path}/result", json=body)

    def _beat(self, client: httpx.Client) -> None:
        """The simulated bettors' terminal says it is alive, as a real one would: the
        supervision page shows it online beside the demo's counter and kiosk."""
        status = {
            "mode": "counter",
            "online": True,
            "queue_depth": 0,
            "printer": "none",
            "bill_acceptor": "none",
            "version": "racecourse",
        }
        client.post("/v1/heartbeat", json={"status": status})

    def _drift(self, races: list[dict[str, Any]]) -> None:
        for race in races:
            weights = self.form.setdefault(
                race["race_id"], [self.rng.lognormvariate(0, 0.8) for _ in race["runners"]]
            )
            for i, w in enumerate(weights):  # the market changes its mind, a little at a time
                weights[i] = max(0.05, w * self.rng.lognormvariate(0, 0.05))

    def bettors(self) -> httpx.Client:
        """The simulated bettors' terminal: registered now, its requests signed by the
        racecourse's clock (the server's, in the tests)."""
        auth = TerminalAuth(self._signer(), self.clock)
        return httpx.Client(base_url=self.url, auth=auth, timeout=10)

    def run(self) -> None:
        with self.bettors() as client:
            self.next_bet = time.monotonic()  # from now: no burst to catch up the set-up
            while not self.stop.is_set():
                self.stop.wait(self.step(client))

    def refresh(self, client: httpx.Client) -> None:
        """Read the day's races again, the race office having done its round first."""
        self.races = self._races(client)
        if self.office:
            self._run_office()
            self.races = self._races(client)
        self._beat(client)
        self._drift(self.races)
        self.refreshed = time.monotonic()

    def step(self, client: httpx.Client) -> float:
        """One turn of the afternoon: the programme every 5 s, then one bet if any race open
        offers one; the seconds to wait before the next turn. A stalled server is waited
        for; a day with nothing left to bet on is said once and waited out, the race office
        still posting the results."""
        try:
            if time.monotonic() - self.refreshed > 5:
                self.refresh(client)
            self._bet(client)
        except httpx.HTTPError as err:  # a stalled or restarting server: wait, go on
            if not self.stalled:
                print(
                    f"racecourse: the server does not answer ({err}); retrying",
                    file=sys.stderr,
                    flush=True,
                )
            self.stalled = True
            self.next_bet, self.refreshed = time.monotonic(), 0.0
            return 2.0
        if self.stalled:
            print("racecourse: the server answers again", file=sys.stderr, flush=True)
            self.stalled = False
        return max(0.0, self.next_bet - time.monotonic())

    def _bet(self, client: httpx.Client) -> None:
        now = self.clock()
        open_races = [
            r
            for r in self.races
            if r["status"] == "OPEN" and datetime.fromisoformat(r["post_time"]) > now
        ]
        if self.rate <= 0:
            self.next_bet = time.monotonic() + 1
            return
        if not offered(open_races):
            if not self.waiting:
                print(
                    "racecourse: no race open for bets: the bettors wait",
                    file=sys.stderr,
                    flush=True,
                )
            self.waiting = True
            self.next_bet = time.monotonic() + 1
            return
        if self.waiting:
            print(
                "racecourse: races open for bets again: the bettors bet",
                file=sys.stderr,
                flush=True,
            )
            self.waiting = False
        answer = client.post("/v1/bets", json=a_bet(self.rng, open_races, self.form))
        self.placed += answer.status_code == 200
        self.refused += answer.status_code != 200
        self.next_bet += self.rng.expovariate(self.rate)

    def close(self) -> None:
        self.stop.set()
        self.admin.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="racecourse", description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--admin-token-file", type=Path)
    parser.add_argument("--rate", type=float, default=10.0, help="bets a second")
    parser.add_argument("--no-office", action="store_true", help="bettors only")
    args = parser.parse_args(argv)
    token = os.environ.get("GUICHET_ADMIN_TOKEN") or (
        args.admin_token_file.read_text(encoding="utf-8").strip() if args.admin_token_file else ""
    )
    if not token:
        print("racecourse: GUICHET_ADMIN_TOKEN or --admin-token-file is needed", file=sys.stderr)
        return 2
    course = Racecourse(args.url, token, rate=args.rate, office=not args.no_office)
    signal.signal(signal.SIGTERM, lambda *_: course.stop.set())
    signal.signal(signal.SIGINT, lambda *_: course.stop.set())
    try:
        course.run()
    except httpx.HTTPError as err:
        print(f"racecourse: the server does not answer ({err})", file=sys.stderr)
        return 1
    finally:
        course.close()
    print(f"racecourse: {course.placed} bets placed, {course.refused} refused", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
