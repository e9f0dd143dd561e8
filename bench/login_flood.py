"""``make bench`` (server): a terminal's bet latency while the console's login is flooded.

Eight clients post wrong logins to ``/console/login`` as fast as they are answered, each with
a name that does not exist (what costs the server most: an argon2 check each), while one
terminal sells 20 bets a second on a fixed schedule. Measured three times on the same
server: quiet, with the eight clients at eight addresses (the per-address allowance answers
most of them), and with every try from a new address (as a botnet would: only the bound on
password checks in flight stands between the flood and the machine's cores). The addresses
are given as the server's trusted proxy gives them (``X-Forwarded-For`` from loopback).

Printed side by side: the bets' p50 and p99, the logins answered a second (checked, refused
with 429), and the server's CPU per bet or per login beside them (its processes' user + system
time over the phase, ``bench/cpu.py``; a login's share is what the phase took beyond the
quiet phase's bets). Issue 26 measured p50 4 ms / p99 19 ms quiet, 1,093 / 1,796 ms flooded
before passwords left the tote's thread.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass

import httpx

CLIENTS = int(os.environ.get("BENCH_LOGIN_CLIENTS", "8"))
TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


async def flood(url: str, clients: int, fresh: bool, stop: asyncio.Event) -> Counter[int]:
    """``clients`` clients posting wrong logins until ``stop``; the statuses they got."""
    answered: Counter[int] = Counter()

    async def client(index: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            token = TOKEN.search((await http.get("/console/login")).text)
            assert token is not None, "no login form"
            tries = 0
            while not stop.is_set():
                tries += 1
                address = (
                    f"10.{index}.{tries // 256 % 256}.{tries % 256}"
                    if fresh
                    else (f"10.0.0.{index + 1}")
                )
                try:
                    answer = await http.post(
                        "/console/login",
                        data={
                            "csrf": token.group(1),
                            "name": f"guess-{uuid.uuid4().hex[:8]}",
                            "password": "not the password",
                        },
                        headers={"X-Forwarded-For": address},
                    )
                except httpx.TransportError:
                    answered[0] += 1
                    continue
                answered[answer.status_code] += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    return answered


@dataclass(frozen=True)
class Phase:
    """A terminal's bets over one phase, and the logins answered meanwhile."""

    title: str
    latencies: list[float]
    seconds: float
    cpu: float  # the server's CPU seconds over the phase
    logins: Counter[int]
    refused: list[str]  # what the terminal's refused bets were told, if any was

    def percentile(self, share: float) -> str:
        ordered = sorted(self.latencies)
        return f"{ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000:,.1f} ms"

    def rate(self, *statuses: int) -> float:
        return sum(self.logins[s] for s in statuses) / self.seconds


def table(phases: list[Phase]) -> None:
    """The phases side by side."""
    quiet = phases[0]
    bet_cpu = quiet.cpu / max(1, len(quiet.latencies))

    def row(label: str, cells: list[str]) -> None:
        print(f"    {label:<34}" + "".join(f"{cell:>26}" for cell in cells))

    print(
        f"  one terminal (20 bets/s) while {CLIENTS} clients post wrong logins to the console "
        f"as fast as answered:"
    )
    row("", [p.title for p in phases])
    row("bet latency p50", [p.percentile(0.5) for p in phases])
    row("bet latency p99", [p.percentile(0.99) for p in phases])
    row("server CPU per bet", [f"{bet_cpu * 1000:.2f} ms", *["" for _ in phases[1:]]])
    row("logins answered", ["—", *[f"{p.rate(*p.logins):,.0f}/s" for p in phases[1:]]])
    row("  checked (401)", ["—", *[f"{p.rate(401):,.1f}/s" for p in phases[1:]]])
    row("  refused at once (429)", ["—", *[f"{p.rate(429):,.0f}/s" for p in phases[1:]]])
    others = [sum(n for s, n in p.logins.items() if s not in (401, 429)) for p in phases[1:]]
    if any(others):
        row("  other answers", ["—", *[f"{n:,}" for n in others]])
    if any(p.refused for p in phases):
        print(f"    bets refused: {[p.refused[:2] for p in phases]}")
    per_login = []
    for phase in phases[1:]:
        spent = phase.cpu - bet_cpu * len(phase.latencies)
        per_login.append(f"{spent * 1000 / max(1, sum(phase.logins.values())):.2f} ms")
    row("server CPU per login answered", ["—", *per_login])
