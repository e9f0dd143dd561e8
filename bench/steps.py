"""One measured step of the server benchmark's plan, its figures printed as it ends, and the
stores side by side at the end: durable bets a second, latency, and the CPU each bet cost the
server's processes (``cpu/bet``) beside what a request cost the bare FastAPI endpoint in the
same run, with the load generator's and the database's CPU given apart so that a reader sees
the machine's whole budget."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from bench.cpu import Clock, cores, per
from bench.load import Driven, drive
from bench.sizes import SECONDS
from wire.signing import Signer


@dataclass(frozen=True)
class Step:
    """One step of a plan, measured."""

    batch: int
    offered: float | None
    rate: float
    p99: float
    cpu: int | None  # microseconds of the server's processes' CPU a bet accepted

    @property
    def title(self) -> str:
        load = "ceiling" if self.offered is None else f"@{self.offered:,.0f}/s"
        return f"×{self.batch} {load}"

    @property
    def figure(self) -> str:
        """The ceiling in bets a second; for an offered load, its p99."""
        return f"{self.rate:,.0f}/s" if self.offered is None else f"p99 {self.p99:.0f} ms"


@dataclass(frozen=True)
class Yardstick:
    """The bare FastAPI endpoint, as fast as answered: requests a second, and microseconds
    of its process's CPU a request."""

    rate: float
    cpu: int | None


def shown(micros: int | None) -> str:
    return "—" if micros is None else f"{micros:,} µs"


async def measured(
    port: int,
    signers: list[Signer],
    races: list[dict[str, Any]],
    batch: int,
    offered: float | None,
    server: int,
    database: int | None = None,
) -> tuple[Driven, Clock]:
    """The load, and the CPU the server's process tree (``server``), the load generator and
    the database's (``database``) spent over exactly the time it ran."""
    start = Clock.read(server, database)
    driven = await drive(port, signers, races, batch, SECONDS, offered)
    return driven, Clock.read(server, database).since(start)


def budget(spent: Clock, count: int, what: str) -> str:
    """Where the machine's CPU went over a step, each share in cores and per ``what``."""
    parts = [
        f"server {cores(spent.server_ns, spent.wall_ns)}",
        f"load generator {cores(spent.generator_ns, spent.wall_ns)} "
        f"({shown(per(spent.generator_ns, count))} a {what})",
    ]
    if spent.database_ns is not None:
        parts.append(
            f"PostgreSQL {cores(spent.database_ns, spent.wall_ns)} "
            f"({shown(per(spent.database_ns, count))} a {what})"
        )
    over = f"    CPU over {spent.wall_ns / 1e9:.0f} s, of {os.cpu_count()} cores: "
    return over + ", ".join(parts)


async def step(
    port: int,
    signers: list[Signer],
    races: list[dict[str, Any]],
    batch: int,
    offered: float | None,
    bare: Yardstick,
    server: int,
    database: int | None = None,
) -> Step:
    """Run one step of the plan and print its figures."""
    driven, spent = await measured(port, signers, races, batch, offered, server, database)
    latencies, refused = driven.latencies, driven.refused
    elapsed = spent.wall_ns / 1e9
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    rate = driven.accepted / elapsed
    cpu = per(spent.server_ns, driven.accepted)
    how = "one bet per request" if batch == 1 else f"outbox batches of {batch} bets"
    how += ", as fast as answered" if offered is None else f", {offered:,.0f} bets/s offered"
    print(
        f"  {len(signers)} terminals, {how}: {elapsed:.0f} s, {len(latencies):,} bets, "
        f"{len(refused)} refused {sorted(set(refused))[:3]}"
    )
    beside = f"   cpu/bet {shown(cpu)} (the bare endpoint: {shown(bare.cpu)} a request)"
    if offered is None:
        print(
            f"    durable bets accepted: {rate:>8,.0f} bets/s (the ceiling)   target >= 4,000   "
            f"{'OK' if rate >= 4000 else 'MISSED'}{beside}"
        )
    else:
        kept_up = len(latencies) >= 0.98 * offered * SECONDS and not refused
        print(
            f"    durable bets accepted: {rate:>8,.0f} bets/s of {offered:,.0f} offered   "
            f"{'kept up' if kept_up else 'FELL BEHIND'}{beside}"
        )
    print(
        f"    latency (request to durable receipt) p50 {p50:.1f} ms, p99 {p99:.1f} ms   "
        f"target p99 <= 50 ms   {'OK' if p99 <= 50 else 'MISSED'}"
    )
    print(budget(spent, driven.accepted, "bet"))
    return Step(batch, offered, rate, p99, cpu)


async def yardstick(
    port: int, signers: list[Signer], races: list[dict[str, Any]], server: int
) -> Yardstick:
    """The bare endpoint as fast as answered by the same generator, measured as a step is."""
    driven, spent = await measured(port, signers, races, 1, None, server)
    bare = Yardstick(
        len(driven.latencies) / (spent.wall_ns / 1e9), per(spent.server_ns, len(driven.latencies))
    )
    print(
        f"  {len(signers)} terminals, one request each at a time: {bare.rate:,.0f} requests/s, "
        f"cpu/request {shown(bare.cpu)}"
    )
    print(budget(spent, len(driven.latencies), "request"))
    return bare


def share(bare: Yardstick, steps: list[Step]) -> str:
    """The bare endpoint's line: its ceiling, the server's as a share of it, and their CPU."""
    ceiling = next((s for s in steps if s.batch == 1 and s.offered is None), None)
    line = (
        "  a bare FastAPI endpoint (no signature, no database), same uvicorn and load "
        f"generator: {bare.rate:,.0f} requests/s"
    )
    if ceiling is not None:
        line += (
            f"; the server's ceiling is {ceiling.rate / bare.rate:.0%} of it; cpu/request "
            f"{shown(bare.cpu)}, the server's cpu/bet {shown(ceiling.cpu)}"
        )
    return line


def table(rows: list[tuple[str, list[Step], float | None]], bare: Yardstick) -> None:
    """The stores side by side, on the steps they share; under each, its cpu/bet."""
    titles = [step.title for step in rows[-1][1]]

    def line(name: str, cells: list[str], last: str = "") -> None:
        text = "  " + f"{name:<24}" + "".join(f"{c:>18}" for c in cells) + f"{last:>14}"
        print(text.rstrip())

    line("store", titles, "bet → odds")
    for name, steps, odds in rows:
        by_title = {step.title: step for step in steps}
        line(
            name,
            [by_title[t].figure if t in by_title else "—" for t in titles],
            "—" if odds is None else f"{odds * 1000:.0f} ms",
        )
        line("  cpu/bet", [shown(by_title[t].cpu) if t in by_title else "—" for t in titles])
    line(
        "bare FastAPI endpoint",
        [f"{bare.rate:,.0f}/s" if t == "×1 ceiling" else "" for t in titles],
    )
    line("  cpu/request", [shown(bare.cpu) if t == "×1 ceiling" else "" for t in titles])
