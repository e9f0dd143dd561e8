"""``make bench`` (server): durable bets per second, latency and CPU per bet under 200
terminals.

The server runs as ``guichet-server serve`` in its own process with a fresh database
(``bench/servers.py``); this process is the load generator (``bench/load.py``: real HTTP on
loopback, every request signed). Each simulated terminal sells one bet at a time, as a
counter does, or drains its outbox in batches, with a realistic mix of bet types and formulas
across the open races; the whole load falls in the last minutes before the races close. Each
step of the plan (``BENCH_PLAN``: batch size and bets/s offered, or as fast as answered) is
printed as it ends (``bench/steps.py``): bets a second, latency, and ``cpu/bet``, the CPU the
server's processes spent per bet accepted (``bench/cpu.py``), with the load generator's and
the database's CPU given apart. Targets: issue 28.

First, alone on the machine, the yardstick: a bare FastAPI endpoint under the same uvicorn
and the same load generator (``bench/bare_app.py``), measured the same way; each step's
``cpu/bet`` is printed beside its CPU per request, and the server's ceiling is given as a
share of its own.

Also measured (``bench/odds_delay.py``): the delay from a bet to its effect on the odds
pushed to 500 subscribers of the SSE stream, once the load is over and while the plan's last
steady load runs again (``BENCH_SECONDS`` more); and (``bench/sieges.py``) a terminal's bet
latency while clients hold connections open, and quiet and while the console's login is
flooded (``bench/login_flood.py``), side by side.

Then the same plan (``BENCH_PG_PLAN``, shorter) on PostgreSQL — a throwaway cluster on this
machine, fsync on — with one and with two worker processes, and a table of the three side by
side. The cluster shares the two cores with the server and the load generator.

Last, the HTTP servers side by side (``bench/side_by_side.py``): the bare endpoint, a plain
ASGI callable and the real server under uvicorn and under granian, each row's ceiling and
``cpu/bet``, the server the figures choose, and what granian would take to keep the
service's guards.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

from bench import sizes
from bench.day import bare_day, open_day
from bench.login_flood import table as login_table
from bench.odds_delay import load_for_odds, odds_delay, odds_delay_under_load, under_load_line
from bench.servers import free_port, serving, start_bare, stop, wait_bare
from bench.side_by_side import side_by_side
from bench.sieges import login_siege, siege
from bench.steps import Step, Yardstick, share, step, table, yardstick
from scripts.pgcluster import Cluster, Unavailable, make_cluster, remove


async def run(
    url: str,
    plan: str,
    bare: Yardstick,
    server: int,
    database: int | None = None,
    besieged: bool = False,
) -> tuple[list[Step], float | None]:
    """The plan against the server (process ``server``, the cluster's postmaster
    ``database``): each step's figures, the median delay from a bet to its odds at every
    subscriber. ``besieged``: hold connections off and flood its logins too."""
    signers, races = await open_day(url)
    port = int(url.rsplit(":", 1)[1])
    steps = [
        await step(port, signers, races, batch, offered, bare, server, database)
        for batch, offered in sizes.steps(plan)
    ]
    if besieged and sizes.IDLE + sizes.SLOW:
        await siege(port, signers[0], races)
    if besieged:
        login_table(await login_siege(url, server, signers[0], races))
    if sizes.SUBSCRIBERS == 0:
        return steps, None
    delays = await odds_delay(url, signers, races)
    worst = max(delays)
    print(
        f"    bet → odds seen by all {sizes.SUBSCRIBERS} SSE subscribers: median "
        f"{statistics.median(delays) * 1000:.0f} ms, worst {worst * 1000:.0f} ms   "
        f"target <= 1,000 ms   {'OK' if worst <= 1 else 'MISSED'}"
    )
    batch, offered = load_for_odds(plan)
    under_load, _ = await odds_delay_under_load(url, signers, races, batch, offered)
    print(under_load_line(under_load, batch, offered))
    return steps, statistics.median(delays)


def measure(
    db: Path | str,
    plan: str,
    bare: Yardstick,
    workers: int = 1,
    besieged: bool = False,
    database: int | None = None,
) -> tuple[list[Step], float | None]:
    """Start a server on ``db``, run the plan against it, stop it."""
    with serving(db, workers) as (url, server):
        return asyncio.run(run(url, plan, bare, server.pid, database, besieged))


def measure_bare() -> Yardstick:
    """The bare endpoint under the same load (its terminals' signatures go unchecked)."""
    signers, races = bare_day()
    port = free_port()
    bare = start_bare(port)
    try:
        asyncio.run(wait_bare(port))
        return asyncio.run(yardstick(port, signers, races, bare.pid))
    finally:
        stop(bare)


def postmaster(cluster: Cluster) -> int | None:
    """The cluster's first process, whose children are its backends."""
    try:
        return int((cluster.data / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def postgres_rows(plan: str, bare: Yardstick) -> list[tuple[str, list[Step], float | None]]:
    """The same plan on PostgreSQL (a throwaway cluster, fsync on), 1 then 2 workers."""
    try:
        cluster = make_cluster()
    except Unavailable as why:
        print(f"  PostgreSQL not measured: {why}")
        return []
    rows = []
    try:
        for workers in (1, 2):
            print(f"server on PostgreSQL, {workers} worker(s), {sizes.TERMINALS} terminals:")
            steps, odds = measure(
                cluster.new_database(), plan, bare, workers, database=postmaster(cluster)
            )
            rows.append((f"PostgreSQL, {workers} worker{'s' if workers > 1 else ''}", steps, odds))
    finally:
        remove(cluster)
    return rows


def main() -> None:
    print(
        f"the yardstick, alone on the machine: a bare FastAPI endpoint (no signature, no "
        f"database), same uvicorn and load generator, {sizes.TERMINALS} terminals:"
    )
    bare = measure_bare()
    with tempfile.TemporaryDirectory() as folder:
        print(f"server on SQLite, 1 worker, {sizes.TERMINALS} terminals:")
        steps, odds = measure(Path(folder) / "bench.db", sizes.PLAN, bare, besieged=True)
    print(share(bare, steps))
    rows = [("SQLite, 1 worker", steps, odds)]
    if sizes.PG_PLAN:
        rows += postgres_rows(sizes.PG_PLAN, bare)
    print(
        "the stores side by side (ceilings in durable bets/s; p99 at an offered load; cpu/bet: "
        "the server's processes' CPU a bet accepted):"
    )
    table(rows, bare)
    side_by_side()


if __name__ == "__main__":
    main()
