"""The server benchmark's attacks, each beside one terminal selling 20 bets a second: clients
that hold connections open without finishing a request (issue 16), and a flood of wrong
logins to the operator's console (``bench/login_flood.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from bench.cpu import tree_ns
from bench.load import Connection, terminal_loop
from bench.login_flood import CLIENTS, Phase, flood
from bench.sizes import IDLE, SECONDS, SLOW
from wire.signing import Signer


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
        start, before = time.perf_counter(), tree_ns(pid)
        await terminal_loop(
            connection, races, start + SECONDS, 11, 1, latencies, refused, period=0.05
        )
        seconds, cpu = time.perf_counter() - start, (tree_ns(pid) - before) / 1e9
        stop.set()
        logins = await flooding
        await connection.close()
        phases.append(Phase(title, latencies, seconds, cpu, logins, sorted(set(refused))))
    return phases
