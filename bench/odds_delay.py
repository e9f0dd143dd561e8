"""The server benchmark's delay from a bet to its effect on the odds pushed to every
subscriber of the SSE stream (``/v1/odds-stream``), with ``BENCH_SUBSCRIBERS`` of them."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx

from backend.app import utc_now
from bench.sizes import SUBSCRIBERS
from wire.signing import Signer, TerminalAuth


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
