"""The server benchmark's load generator: terminals that sell over real HTTP on loopback,
every request signed, as a counter does, with a realistic mix of bet types and formulas
across the open races (``scripts.racecourse.a_bet``)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from backend.app import utc_now
from scripts.racecourse import a_bet
from wire.signing import Signer


class Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator must not be the bottleneck
    (httpx's async client tops out near 700 requests/s on one core here). Real sockets,
    real HTTP, every request signed like a terminal's."""

    def __init__(self, port: int, signer: Signer) -> None:
        self.port = port
        self.signer = signer
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, payload: Any) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = json.dumps(payload).encode()
        headers = self.signer.headers("POST", path, body, utc_now())
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{head}\r\n".encode()
            + body
        )
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def terminal_loop(
    conn: Connection,
    races: list[dict[str, Any]],
    until: float,
    seed: int,
    batch: int,
    latencies: list[float],
    refused: list[str],
    period: float | None = None,
) -> None:
    """One terminal: one bet per request, or its outbox drained ``batch`` bets at a time.

    Without ``period`` it sends as fast as it is answered (a closed loop: the server's
    ceiling). With it, it sends on a fixed schedule whatever the answers (an open loop) and
    latency counts from the scheduled time, so a slow answer is never hidden by a late send.
    """
    rng = random.Random(seed)
    scheduled = time.perf_counter() + (rng.random() * period if period else 0.0)
    while scheduled < until:
        if period:
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            start = scheduled
            scheduled += period
        else:
            start = time.perf_counter()
            scheduled = start
        if batch == 1:
            status, body = await conn.post("/v1/bets", a_bet(rng, races))
            outcomes = [status == 200]
        else:
            bets = [a_bet(rng, races) for _ in range(batch)]
            status, body = await conn.post("/v1/bets/batch", {"bets": bets})
            outcomes = [r["accepted"] for r in json.loads(body)["results"]] if status == 200 else []
        elapsed = time.perf_counter() - start
        latencies.extend([elapsed] * len(outcomes))
        refused.extend(str(status) for ok in outcomes if not ok)
        if status != 200:
            refused.append(f"{status} {body[:80]!r}")


@dataclass
class Driven:
    """What the terminals were answered: each bet's latency, what the refused were told."""

    latencies: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return len(self.latencies) - len(self.refused)


async def drive(
    port: int,
    signers: list[Signer],
    races: list[dict[str, Any]],
    batch: int,
    seconds: float,
    offered: float | None = None,
) -> Driven:
    """One terminal a signer, each on its own connection, for ``seconds``: as fast as
    answered, or together offering ``offered`` bets a second."""
    connections = [Connection(port, s) for s in signers]
    driven = Driven()
    period = None if offered is None else len(signers) * batch / offered
    until = time.perf_counter() + seconds
    await asyncio.gather(
        *(
            terminal_loop(c, races, until, i, batch, driven.latencies, driven.refused, period)
            for i, c in enumerate(connections)
        )
    )
    for conn in connections:
        await conn.close()
    return driven


def races_of(programme: dict[str, Any]) -> list[dict[str, Any]]:
    """A programme's races as ``/v1/programme`` lists them, as far as ``a_bet`` reads them:
    for a load against the bare endpoint, which has no programme to ask."""
    return [
        {
            "race_id": f"{programme['day']}-R{meeting['number']}C{race['number']}",
            "bet_types": race["bet_types"],
            "runners": race["runners"],
        }
        for meeting in programme["meetings"]
        for race in meeting["races"]
    ]
