"""``make bench`` runs end to end, each benchmark at a small size, and prints its figures: a
benchmark nobody runs breaks silently. The figures themselves are not judged here (tests
never fail on timings); ``make bench`` at full size reports them."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = {
    "BENCH_BETS": "2000",
    "BENCH_TERMINALS": "5",
    "BENCH_SECONDS": "1",
    "BENCH_SUBSCRIBERS": "5",
    "BENCH_PLAN": "1:0",
    "BENCH_PG_PLAN": "1:0",
    "BENCH_IDLE": "20",
    "BENCH_SLOW": "5",
    "BENCH_BACKLOG": "100",
    "BENCH_UI_LAUNCHES": "1",
    "BENCH_UI_SALES": "6",
    "BENCH_UI_KIOSK_SALES": "2",
    "BENCH_UI_STALLED": "2",
}


def test_make_bench_runs_every_benchmark_and_prints_its_figures() -> None:
    run = subprocess.run(
        ["make", "bench"],
        cwd=ROOT,
        env={**os.environ, **SMALL, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    out = run.stdout
    assert run.returncode == 0, out[-4000:] + run.stderr[-4000:]
    for figure in (
        r"make_bet \(validate \+ price\): +[\d,]+ bets/s",  # pari
        r"durable bets accepted: +[\d,]+ bets/s",  # the server
        r"a bare FastAPI endpoint .*: [\d,]+ requests/s; the server's ceiling is \d+% of it",
        r"PostgreSQL, 2 workers +[\d,]+/s",  # the stores side by side
        r"slow-header clients hold connections: p50 [\d.]+ ms, p99 [\d.]+ ms",
        r"8 clients post wrong logins to the console",  # a terminal's bets, quiet and flooded
        r"bet latency p99 +[\d.,]+ ms +[\d.,]+ ms +[\d.,]+ ms",
        r"server CPU per login answered +— +[\d.]+ ms +[\d.]+ ms",
        r"TCP \(port 9100 style\) +median +[\d.]+ ms",  # the printer
        r"drained 100 queued bets in [\d.]+ s",  # the terminal's outbox
        r"counter: first \(new store\) \d+ ms",  # the app's launch
        r"kiosk: 2 bets tapped through six screens each",  # the app under a live feed
        r"event-loop stall: p50 [\d.]+ ms",
        r"2 sales while the server is stopped: Enter to \"recorded\" median \d+ ms, worst \d+ ms"
        r".*2 of 2 tickets printed",  # the sale's acknowledgement during a stall
    ):
        assert re.search(figure, out), f"no {figure!r} in\n{out[-3000:]}"
    cpu_per_bet_printed_for_every_row(out)
    servers_side_by_side(out)
    odds_under_load_printed_for_every_row(out)


def cpu_per_bet_printed_for_every_row(out: str) -> None:
    """Each step of each store (one at the small size: SQLite, PostgreSQL with 1 and with 2
    workers) prints its ``cpu/bet`` beside the bare endpoint's CPU a request, both numbers
    above 0, and where the rest of the machine's CPU went; the table repeats them."""
    rows = [line for line in out.splitlines() if "durable bets accepted:" in line]
    assert len(rows) == 3, rows
    for row in rows:
        found = re.search(r"cpu/bet ([\d,]+) µs \(the bare endpoint: ([\d,]+) µs a request\)", row)
        assert found, f"no cpu/bet on {row!r}"
        assert whole(found[1]) > 0, row
        assert whole(found[2]) > 0, row
    budgets = re.findall(r"CPU over \d+ s, of \d+ cores: server [\d.]+ cores, load generator", out)
    assert len(budgets) == 4, budgets  # the three rows and the bare endpoint's
    assert re.search(r"cpu/request [1-9][\d,]* µs, the server's cpu/bet [1-9][\d,]* µs", out)
    table = re.findall(r"^ +cpu/bet +([\d,]+) µs$", out, re.MULTILINE)
    assert len(table) == 3, table
    assert all(whole(n) > 0 for n in table), table


def whole(figure: str) -> int:
    return int(figure.replace(",", ""))


def odds_under_load_printed_for_every_row(out: str) -> None:
    """Each store (SQLite, PostgreSQL with 1 and with 2 workers) prints the delay from a bet
    to its odds at every subscriber while a load runs, right under the one after the load."""
    lines = out.splitlines()
    under = [
        i
        for i, line in enumerate(lines)
        if re.search(
            r"bet → odds seen by all 5 SSE subscribers during the load \(.+; \d+ probes?\): "
            r"median \d+ ms, worst \d+ ms +target median <= 300 ms",
            line,
        )
    ]
    assert len(under) == 3, under
    for i in under:
        assert "bet → odds seen by all 5 SSE subscribers: median" in lines[i - 1], lines[i - 1]


def servers_side_by_side(out: str) -> None:
    """uvicorn and granian side by side (issue 28, item 1): each application's row under each
    server with its rate and CPU a request or bet above 0 (a granian row says why when
    granian is missing: never left out silently), the server the figures choose, and what
    keeping the guards under granian would take."""
    rows = [
        ("bare FastAPI endpoint", "uvicorn", "request"),
        ("bare FastAPI endpoint", "granian", "request"),
        ("plain ASGI callable", "uvicorn", "request"),
        ("plain ASGI callable", "granian", "request"),
        ("real server, serve", "uvicorn", "bet"),
        ("real server, factory", "uvicorn", "bet"),
        ("real server, factory", "granian", "bet"),
    ]
    granian = importlib.util.find_spec("granian") is not None
    for name, server, unit in rows:
        start = rf"^  {re.escape(name)} +{server} +"
        if server == "granian" and not granian:
            assert re.search(start + "not measured: granian is not installed", out, re.M), name
            continue
        found = re.search(start + rf"([\d,]+) {unit}s/s +cpu/{unit} ([\d,]+) µs", out, re.M)
        assert found, f"no {name} under {server} in\n{out[-3000:]}"
        assert whole(found[1]) > 0, found[0]
        assert whole(found[2]) > 0, found[0]
    chosen = "granian|uvicorn" if granian else "nothing"
    assert re.search(rf"^  the figures choose ({chosen})", out, re.M), out[-3000:]
    assert "keeping the service's guards under granian" in out
    for guard in ("header timeout", "connection limits", "readiness", "watchdog", "graceful stop"):
        assert re.search(rf"^    {guard}.*: .+; .+", out, re.M), guard
