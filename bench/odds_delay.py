"""The server benchmark's delay from a bet to its effect on the odds pushed to every
subscriber of the SSE stream (``/v1/odds-stream``), with ``BENCH_SUBSCRIBERS`` of them: once
the load is over (``odds_delay``), and while a load runs (``odds_delay_under_load``).

Under load the probe's bets go to one race the load leaves alone, so that a pool total names
the probe's bet alone; every other race's odds still change every round, and every subscriber
is sent them all. The subscribers then run in a process of their own
(``bench/odds_subscribers.py``), not beside the load generator, whose own lateness would be
counted as the server's.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from backend.app import utc_now
from bench.load import Driven, drive
from bench.sizes import SECONDS, SUBSCRIBERS, steps
from wire.signing import Signer, TerminalAuth

ROOT = Path(__file__).resolve().parents[1]
TARGET_UNDER_LOAD = 0.3  # seconds, the median (issue 28)


async def odds_delay(url: str, signers: list[Signer], races: list[dict[str, Any]]) -> list[float]:
    """Open many SSE subscribers, place bets, time each bet until every subscriber saw it."""
    race = next(r for r in races if "SIMPLE_GAGNANT" in r["bet_types"])
    limits = httpx.Limits(max_connections=SUBSCRIBERS + 10)
    seen: dict[int, list[float]] = {}
    ready = asyncio.Event()
    connected = 0

    async def subscriber(index: int) -> None:
        nonlocal connected
        signer = signers[index % len(signers)]
        auth = TerminalAuth(signer, utc_now)
        client = httpx.AsyncClient(base_url=url, auth=auth, timeout=30, limits=limits)
        async with client, client.stream("GET", "/v1/odds-stream") as answer:
            connected += 1
            if connected == SUBSCRIBERS:
                ready.set()
            async for line in answer.aiter_lines():
                if line.startswith("data: "):
                    odds = json.loads(line[6:])
                    if odds["race_id"] == race["race_id"]:
                        seen.setdefault(odds["pool_total"], []).append(time.perf_counter())

    tasks = [asyncio.create_task(subscriber(i)) for i in range(SUBSCRIBERS)]
    await asyncio.wait_for(ready.wait(), 60)
    delays = []
    auth = TerminalAuth(signers[0], utc_now)
    async with httpx.AsyncClient(base_url=url, auth=auth, timeout=30) as client:
        for _ in range(5):
            body = {
                "transaction_id": str(uuid.uuid4()),
                "race_id": race["race_id"],
                "bet_type": "SIMPLE_GAGNANT",
                "runners": [1],
            }
            sent = time.perf_counter()
            receipt = (await client.post("/v1/bets", json=body)).json()
            total = (await client.get(f"/v1/odds/{race['race_id']}")).json()["pool_total"]
            deadline = time.perf_counter() + 10
            while len(seen.get(total, [])) < SUBSCRIBERS and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            arrivals = seen.get(total, [])
            delays.append((max(arrivals) if len(arrivals) == SUBSCRIBERS else float("inf")) - sent)
            assert receipt["status"] == "ACCEPTED"
            await asyncio.sleep(0.3)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return delays


def load_for_odds(plan: str) -> tuple[int, float | None]:
    """The load the odds are measured under: the plan's last step with an offered rate (a
    steady load, as a racecourse's), else its last step."""
    planned = steps(plan)
    return next((s for s in reversed(planned) if s[1] is not None), planned[-1])


async def odds_delay_under_load(
    url: str, signers: list[Signer], races: list[dict[str, Any]], batch: int, offered: float | None
) -> tuple[list[float], Driven]:
    """Each probe bet's delay until every subscriber saw its race's new total, probes placed
    one after the other for as long as the load (``drive``, on every race but the probe's)
    runs; and what the load was answered."""
    race = next(r for r in reversed(races) if "SIMPLE_GAGNANT" in r["bet_types"])
    others = [r for r in races if r is not race]
    port = int(url.rsplit(":", 1)[1])
    subscribers = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.odds_subscribers",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert subscribers.stdin is not None
    assert subscribers.stdout is not None
    given = {
        "port": port,
        "race_id": race["race_id"],
        "signers": [
            (s.terminal_id, s.secret.hex())
            for s in (signers[i % len(signers)] for i in range(SUBSCRIBERS))
        ],
    }
    subscribers.stdin.write(json.dumps(given).encode() + b"\n")
    await subscribers.stdin.drain()
    try:
        said = await asyncio.wait_for(subscribers.stdout.readline(), 60)
        if said.strip() != b"ready":
            raise RuntimeError(f"the subscribers' process did not start: {said!r}")
        arrived: dict[int, float] = {}
        following = asyncio.create_task(_arrivals(subscribers.stdout, arrived))
        load = asyncio.create_task(drive(port, signers, others, batch, SECONDS, offered))
        delays = await _probe(url, signers[0], race["race_id"], arrived, load)
        following.cancel()
        return delays, await load
    finally:
        subscribers.kill()
        await subscribers.wait()


async def _arrivals(stdout: asyncio.StreamReader, arrived: dict[int, float]) -> None:
    """``TOTAL SECONDS`` lines from the subscribers' process, into ``arrived``."""
    while line := await stdout.readline():
        total, at = line.split()
        arrived[int(total)] = float(at)


async def _probe(
    url: str, signer: Signer, race_id: str, arrived: dict[int, float], load: asyncio.Task[Driven]
) -> list[float]:
    """Probe bets from a quarter into the load to its end (one at least); each one's delay
    from its sending to its total's arrival at every subscriber. The pause between two is
    drawn at random over more than a round (0.2 to 0.8 s): at a fixed pause the probes would
    fall at one phase of the publication's rounds, and measure that phase's wait only."""
    delays: list[float] = []
    pauses = random.Random(28)
    await asyncio.sleep(min(1.0, SECONDS / 4))  # into the load
    async with httpx.AsyncClient(
        base_url=url, auth=TerminalAuth(signer, utc_now), timeout=30
    ) as client:
        while not delays or not load.done():
            body = {
                "transaction_id": str(uuid.uuid4()),
                "race_id": race_id,
                "bet_type": "SIMPLE_GAGNANT",
                "runners": [1],
            }
            sent = time.monotonic()
            receipt = (await client.post("/v1/bets", json=body)).json()
            assert receipt["status"] == "ACCEPTED", receipt
            total = (await client.get(f"/v1/odds/{race_id}")).json()["pool_total"]
            deadline = time.monotonic() + 10
            while total not in arrived and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            delays.append(arrived.get(total, float("inf")) - sent)
            await asyncio.sleep(pauses.uniform(0.2, 0.8))
    return delays


def under_load_line(delays: list[float], batch: int, offered: float | None) -> str:
    """The figure as ``make bench`` prints it, beside the one measured after the load."""
    how = "one bet per request" if batch == 1 else f"batches of {batch}"
    load = "as fast as answered" if offered is None else f"{offered:,.0f} bets/s offered"
    median, worst = statistics.median(delays), max(delays)
    return (
        f"    bet → odds seen by all {SUBSCRIBERS} SSE subscribers during the load ({load}, "
        f"{how}; {len(delays)} probes): median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms"
        f"   target median <= 300 ms   {'OK' if median <= TARGET_UNDER_LOAD else 'MISSED'}"
    )
