"""``make bench`` (metrics): what recording the operators' metrics (``backend.metrics``) costs
the hot path, in CPU, in one process and with several workers (prometheus_client's files).

Measured in this process's CPU time, apart from the server bench: the difference it makes to a
whole server's ``cpu/bet`` (a few µs in 300 to 500) is below what a shared machine's noise
lets ``bench/server_bench.py`` resolve, run with ``GUICHET_METRICS=off`` and on. Two costs:
the latency middleware around every request (``backend.timing.Timed``, around an application
that answers at once), and a commit's recording by the tote (``Metrics.committed``), for a
commit of one bet (a terminal's single bet, at low load) and of 20.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial

from backend.bet_request import Receipt
from backend.errors import BettingClosed, ServerError
from backend.metrics import Metrics
from backend.security_headers import App, Message, Receive, Scope, Send
from backend.timing import Timed

SIZES = (1, 20)  # bets in a commit
ROUNDS = int(os.environ.get("BENCH_METRICS_ROUNDS", "100000"))


class _Route:
    path = "/v1/bets"


def _per_call(work: Callable[[], None], rounds: int) -> float:
    """µs of this process's CPU a call, the best of three runs."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(rounds):
            work()
        best = min(best, (time.process_time() - started) / rounds * 1e6)
    return best


def measure(folder: str | None) -> str:
    metrics = Metrics(folder)
    route = _Route()

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = route
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        pass

    timed = Timed(answer, metrics)

    async def requests(app: App) -> float:
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for _ in range(ROUNDS):
                scope: Scope = {"type": "http", "method": "POST", "path": "/v1/bets"}
                await app(scope, receive, send)
            best = min(best, (time.process_time() - started) / ROUNDS * 1e6)
        return best

    alone = asyncio.run(requests(answer))
    with_timing = asyncio.run(requests(timed))
    receipt = Receipt("t", "1", "2026-11-21/R1C1", "SIMPLE_GAGNANT", "", 1, 150, 150, "", "", "")
    commits = []
    for size in SIZES:
        outcomes: list[Receipt | ServerError] = [receipt] * size
        if size > 1:
            outcomes[-1] = BettingClosed("")  # a refusal among them
        rounds = max(1, ROUNDS // size)
        commits.append(_per_call(partial(metrics.committed, outcomes, 0.001), rounds))
    mode = "several workers (files)" if folder else "one process (memory)"
    commit = ", ".join(
        f"{size} bets {cost:.1f} µs" for size, cost in zip(SIZES, commits, strict=True)
    )
    request = with_timing - alone
    return (
        f"  {mode:>24}: middleware {request:.1f} µs a request; a commit's recording: {commit}; "
        f"a bet alone in its request and its commit: {request + commits[0]:.1f} µs, "
        f"in a batch of {SIZES[-1]}: {(request + commits[-1]) / SIZES[-1]:.2f} µs"
    )


def main() -> None:
    if len(sys.argv) > 1:  # the child: its variable set before prometheus_client is imported
        print(measure(sys.argv[1]))
        return
    print("metrics: what recording them costs the hot path (this process's CPU):")
    print(measure(None))
    with tempfile.TemporaryDirectory(prefix="guichet-metrics-bench-") as folder:
        child = subprocess.run(
            [sys.executable, "-m", "bench.metrics_bench", folder],
            env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": folder},
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        print(child.stdout, end="")


if __name__ == "__main__":
    main()
