"""``make bench`` (server): durable bets per second and latency under 200 terminals.

The server runs as ``guichet-server serve`` in its own process with a fresh database; this
process is the load generator (real HTTP on loopback, every request signed). Each simulated
terminal sells one bet at a time, as a counter does, with a realistic mix of bet types and
formulas across the open races; the whole load falls in the last minutes before the races
close. Targets (issue 3), load generator included on this 2-core machine: >= 4,000 durable
bets/s with p99 <= 50 ms.

Also measured: the delay from a bet to its effect on the odds pushed to 500 subscribers of
the SSE stream (target <= 1 s); and, as a yardstick, a bare FastAPI endpoint under the same
uvicorn and the same load generator (``bench/bare_app.py``), with the server's ceiling given as
a share of it.

And a terminal's bet latency, quiet and while the console's login is flooded
(``bench/login_flood.py``), side by side.

Then the same plan (``BENCH_PG_PLAN``, shorter) on PostgreSQL — a throwaway cluster on this
machine, fsync on — with one and with two worker processes, and a table of the three side by
side. The cluster shares the two cores with the server and the load generator.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from backend.app import utc_now
from backend.programme import demo_programme
from bench.login_flood import CLIENTS, Phase, cpu_seconds, flood
from bench.login_flood import table as login_table
from scripts.pgcluster import Unavailable, make_cluster, remove
from scripts.racecourse import a_bet
from wire.signing import Signer, TerminalAuth

ADMIN = "bench-admin-token"
TERMINALS = int(os.environ.get("BENCH_TERMINALS", "200"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "500"))
IDLE = int(os.environ.get("BENCH_IDLE", "1000"))
SLOW = int(os.environ.get("BENCH_SLOW", "300"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path | str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    command = Path(sys.executable).parent / "guichet-server"
    env = {**os.environ, "GUICHET_ADMIN_TOKEN": ADMIN}
    return subprocess.Popen(
        [
            str(command),
            "--db",
            str(db),
            "--create",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=url) as client:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError("guichet-server exited while starting")
            try:
                if (await client.get("/v1/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("guichet-server did not start in 30 s")


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


async def load(
    port: int,
    signers: list[Signer],
    races: list[dict[str, Any]],
    batch: int,
    offered: float | None = None,
) -> Step:
    """Run one step of the plan and print its figures."""
    connections = [Connection(port, s) for s in signers]
    latencies: list[float] = []
    refused: list[str] = []
    period = None if offered is None else len(signers) * batch / offered
    start = time.perf_counter()
    until = start + SECONDS
    await asyncio.gather(
        *(
            terminal_loop(c, races, until, i, batch, latencies, refused, period)
            for i, c in enumerate(connections)
        )
    )
    elapsed = time.perf_counter() - start
    for conn in connections:
        await conn.close()
    accepted = len(latencies) - len(refused)
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    rate = accepted / elapsed
    how = "one bet per request" if batch == 1 else f"outbox batches of {batch} bets"
    how += ", as fast as answered" if offered is None else f", {offered:,.0f} bets/s offered"
    print(
        f"  {len(signers)} terminals, {how}: {elapsed:.0f} s, {len(latencies):,} bets, "
        f"{len(refused)} refused {sorted(set(refused))[:3]}"
    )
    if offered is None:
        print(
            f"    durable bets accepted: {rate:>8,.0f} bets/s (the ceiling)   target >= 4,000   "
            f"{'OK' if rate >= 4000 else 'MISSED'}"
        )
    else:
        kept_up = len(latencies) >= 0.98 * offered * SECONDS and not refused
        print(
            f"    durable bets accepted: {rate:>8,.0f} bets/s of {offered:,.0f} offered   "
            f"{'kept up' if kept_up else 'FELL BEHIND'}"
        )
    print(
        f"    latency (request to durable receipt) p50 {p50:.1f} ms, p99 {p99:.1f} ms   "
        f"target p99 <= 50 ms   {'OK' if p99 <= 50 else 'MISSED'}"
    )
    return Step(batch, offered, rate, p99)


@dataclass(frozen=True)
class Step:
    """One step of a plan, measured."""

    batch: int
    offered: float | None
    rate: float
    p99: float

    @property
    def title(self) -> str:
        load = "ceiling" if self.offered is None else f"@{self.offered:,.0f}/s"
        return f"×{self.batch} {load}"

    @property
    def figure(self) -> str:
        """The ceiling in bets a second; for an offered load, its p99."""
        return f"{self.rate:,.0f}/s" if self.offered is None else f"p99 {self.p99:.0f} ms"


async def bare_ceiling(port: int, signers: list[Signer], races: list[dict[str, Any]]) -> float:
    """Requests a second a bare endpoint answers, as fast as answered, same generator."""
    connections = [Connection(port, s) for s in signers]
    latencies: list[float] = []
    refused: list[str] = []
    start = time.perf_counter()
    until = start + SECONDS
    await asyncio.gather(
        *(
            terminal_loop(c, races, until, i, 1, latencies, refused)
            for i, c in enumerate(connections)
        )
    )
    elapsed = time.perf_counter() - start
    for conn in connections:
        await conn.close()
    return len(latencies) / elapsed


async def run(
    url: str, plan: str, subscribers: bool = True, besieged: int | None = None
) -> tuple[list[Signer], list[dict[str, Any]], list[Step], float | None]:
    """The plan against the server; what the yardstick and the table need: signers, races,
    each step's figures, the median delay from a bet to its odds at every subscriber.
    ``besieged``: the server's process id, to hold connections off and flood its logins."""
    now = datetime.now(UTC)
    programme = demo_programme(now.date(), now + timedelta(minutes=5))
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60
    ) as admin:
        (await admin.post("/v1/admin/programme", json=programme)).raise_for_status()
        for meeting in programme["meetings"]:
            for race in meeting["races"]:
                code = f"R{meeting['number']}C{race['number']}"
                (await admin.post(f"/v1/admin/races/{now.date()}/{code}/open")).raise_for_status()
        signers = []
        for i in range(TERMINALS):
            body = (await admin.post("/v1/admin/terminals", json={"name": f"T{i}"})).json()
            signers.append(Signer(body["terminal_id"], bytes.fromhex(body["secret"])))
    async with httpx.AsyncClient(base_url=url, auth=TerminalAuth(signers[0], utc_now)) as first:
        day = (await first.get("/v1/programme", params={"day": str(now.date())})).json()
    races = [r for m in day["meetings"] for r in m["races"]]
    port = int(url.rsplit(":", 1)[1])
    steps = []
    for batch, offered in (
        (int(b), float(o) or None) for b, o in (step.split(":") for step in plan.split(","))
    ):
        steps.append(await load(port, signers, races, batch, offered))
    if besieged and IDLE + SLOW:
        await siege(port, signers[0], races)
    if besieged:
        login_table(await login_siege(url, besieged, signers[0], races))
    if SUBSCRIBERS == 0 or not subscribers:
        return signers, races, steps, None
    delays = await odds_delay(url, signers, races)
    worst = max(delays)
    print(
        f"    bet → odds seen by all {SUBSCRIBERS} SSE subscribers: median "
        f"{statistics.median(delays) * 1000:.0f} ms, worst {worst * 1000:.0f} ms   "
        f"target <= 1,000 ms   {'OK' if worst <= 1 else 'MISSED'}"
    )
    return signers, races, steps, statistics.median(delays)


def measure(
    db: Path | str, plan: str, workers: int = 1, besieged: bool = False
) -> tuple[Any, Any, list[Step], Any]:
    """Start a server on ``db``, run the plan against it, stop it."""
    port = free_port()
    server = start_server(db, port, workers)
    try:
        url = f"http://127.0.0.1:{port}"
        asyncio.run(wait_ready(url, server))
        return asyncio.run(run(url, plan, besieged=server.pid if besieged else None))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


def postgres_rows(plan: str) -> list[tuple[str, list[Step], float | None]]:
    """The same plan on PostgreSQL (a throwaway cluster, fsync on), 1 then 2 workers."""
    try:
        cluster = make_cluster()
    except Unavailable as why:
        print(f"  PostgreSQL not measured: {why}")
        return []
    rows = []
    try:
        for workers in (1, 2):
            print(f"server on PostgreSQL, {workers} worker(s), {TERMINALS} terminals:")
            _, _, steps, odds = measure(cluster.new_database(), plan, workers)
            rows.append((f"PostgreSQL, {workers} worker{'s' if workers > 1 else ''}", steps, odds))
    finally:
        remove(cluster)
    return rows


def table(rows: list[tuple[str, list[Step], float | None]]) -> None:
    """The stores side by side, on the steps they share."""
    titles = [step.title for step in rows[-1][1]]
    print("  " + f"{'store':<24}" + "".join(f"{t:>18}" for t in titles) + f"{'bet → odds':>14}")
    for name, steps, odds in rows:
        by_title = {step.title: step.figure for step in steps}
        shown = "—" if odds is None else f"{odds * 1000:.0f} ms"
        print(
            "  "
            + f"{name:<24}"
            + "".join(f"{by_title.get(t, '—'):>18}" for t in titles)
            + f"{shown:>14}"
        )


async def siege(port: int, signer: Signer, races: list[dict[str, Any]]) -> None:
    """One terminal selling while ``BENCH_IDLE`` clients hold connections that send nothing
    and ``BENCH_SLOW`` send a header line a second; each reconnects when the server closes
    it (after its 10 s for the headers), as an attacker would (issue 16)."""
    reconnections = 0
    stop = asyncio.Event()

    async def pest(slow: bool) -> None:
        nonlocal reconnections
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.1)
                continue
            try:
                if slow:
                    writer.write(b"POST /v1/bets HTTP/1.1\r\nHost: x\r\n")
                while not stop.is_set() and not reader.at_eof():
                    if slow:
                        writer.write(b"X-Slow: y\r\n")
                        await writer.drain()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(reader.read(1024), 1.0)
            except OSError:
                pass
            finally:
                writer.close()
            if not stop.is_set():
                reconnections += 1  # the server closed it

    pests = [asyncio.create_task(pest(i < SLOW)) for i in range(IDLE + SLOW)]
    await asyncio.sleep(2)  # all connected
    connection = Connection(port, signer)
    latencies: list[float] = []
    refused: list[str] = []
    until = time.perf_counter() + SECONDS
    await terminal_loop(connection, races, until, 7, 1, latencies, refused, period=0.05)
    stop.set()
    await connection.close()
    await asyncio.gather(*pests, return_exceptions=True)
    ordered = sorted(latencies)
    print(
        f"  one terminal (20 bets/s) while {IDLE:,} idle and {SLOW:,} slow-header clients hold "
        f"connections: p50 {ordered[len(ordered) // 2] * 1000:.1f} ms, p99 "
        f"{ordered[int(len(ordered) * 0.99)] * 1000:.1f} ms, {len(refused)} refused; the "
        f"server closed the pests' connections {reconnections:,} times"
    )


async def login_siege(
    url: str, pid: int, signer: Signer, races: list[dict[str, Any]]
) -> list[Phase]:
    """One terminal selling 20 bets a second: quiet, then while ``CLIENTS`` clients flood the
    console's login from as many addresses, then from a new address each try."""
    port = int(url.rsplit(":", 1)[1])
    phases = []
    for title, clients, fresh in (
        ("quiet", 0, False),
        (f"{CLIENTS} addresses", CLIENTS, False),
        ("a new address each try", CLIENTS, True),
    ):
        stop = asyncio.Event()
        flooding = asyncio.create_task(flood(url, clients, fresh, stop))
        await asyncio.sleep(0.5 if clients else 0)  # the flood under way
        connection = Connection(port, signer)
        latencies: list[float] = []
        refused: list[str] = []
        start, cpu = time.perf_counter(), cpu_seconds(pid)
        await terminal_loop(
            connection, races, start + SECONDS, 11, 1, latencies, refused, period=0.05
        )
        seconds, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu
        stop.set()
        logins = await flooding
        await connection.close()
        phases.append(Phase(title, latencies, seconds, cpu, logins, sorted(set(refused))))
    return phases


def start_bare(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_bare(port: int) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            await asyncio.sleep(0.05)
    raise RuntimeError("the bare FastAPI endpoint did not start in 30 s")


def main() -> None:
    # batch size : bets/s offered (0: as fast as answered); the default is the reported table
    plan = os.environ.get("BENCH_PLAN", "1:0,10:0,20:0,20:4000,10:4000,1:1000")
    with tempfile.TemporaryDirectory() as folder:
        print(f"server on SQLite, 1 worker, {TERMINALS} terminals:")
        signers, races, steps, odds = measure(Path(folder) / "bench.db", plan, besieged=True)
    ceiling = next((s.rate for s in steps if s.batch == 1 and s.offered is None), None)
    port = free_port()
    bare = start_bare(port)  # alone on the machine now, as the server was
    try:
        asyncio.run(wait_bare(port))
        yardstick = asyncio.run(bare_ceiling(port, signers, races))
    finally:
        bare.send_signal(signal.SIGINT)
        bare.wait(timeout=60)
    share = "" if ceiling is None else f"; the server's ceiling is {ceiling / yardstick:.0%} of it"
    print(
        f"  a bare FastAPI endpoint (no signature, no database), same uvicorn and load "
        f"generator: {yardstick:,.0f} requests/s{share}"
    )
    pg_plan = os.environ.get("BENCH_PG_PLAN", "1:0,20:0,20:4000,1:1000")
    rows = [("SQLite, 1 worker", steps, odds), *(postgres_rows(pg_plan) if pg_plan else [])]
    print("the stores side by side (ceilings in durable bets/s; p99 at an offered load):")
    table(rows)


if __name__ == "__main__":
    main()
