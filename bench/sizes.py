"""The server benchmark's sizes, from the environment: ``make bench`` runs them at full size,
``tests/test_bench.py`` shrinks them so that every line is still printed in a minute."""

from __future__ import annotations

import os

TERMINALS = int(os.environ.get("BENCH_TERMINALS", "200"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "500"))
IDLE = int(os.environ.get("BENCH_IDLE", "1000"))
SLOW = int(os.environ.get("BENCH_SLOW", "300"))
# batch size : bets/s offered (0: as fast as answered); the default is issue 28's table
PLAN = os.environ.get("BENCH_PLAN", "1:0,10:0,20:0,20:4000,10:4000,1:2000")
PG_PLAN = os.environ.get("BENCH_PG_PLAN", "1:0,20:0,20:4000,1:2000")


def steps(plan: str) -> list[tuple[int, float | None]]:
    """``"1:0,20:4000"`` → ``[(1, None), (20, 4000.0)]``: batch size, bets/s offered or None."""
    return [
        (int(batch), float(offered) or None)
        for batch, offered in (step.split(":") for step in plan.split(","))
    ]
