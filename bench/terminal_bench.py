"""``make bench`` (terminal): durable enqueue latency, and draining an outage's backlog.

The server runs as ``guichet-server serve`` in its own process with a fresh database; the
terminal core runs here with its store on disk (WAL, ``synchronous=FULL``: every sale is on
disk before ``sell`` returns).

1. Durable enqueue: ``sell(..., wait=False)`` — price with ``pari``, take the cash, write
   the PENDING bet, its outbox row, its ledger entry and its journal entry in one committed
   transaction. Latency per sale, p50 and p99.
2. After an outage: 10,000 bets queued while the server was unreachable, then the time to
   drain them all (batches of 500, every answer recorded). Target (issue 5): <= 2 s.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from backend.programme import demo_programme
from bench.servers import ADMIN, free_port, start_server
from drivers.printer.layout import Slip
from drivers.printer.status import PrinterStatus
from terminal.app import TerminalSettings, open_terminal
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import open_shift
from terminal.store import outbox

BACKLOG = int(os.environ.get("BENCH_BACKLOG", "10000"))


class NoPrinter:
    """Draining prints nothing (tickets print when a clerk asks): no printer is needed."""

    def print_slip(self, slip: Slip, timeout: float = 30.0) -> PrinterStatus:
        raise AssertionError("the drain benchmark prints nothing")


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/openapi.json", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 30 s")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="guichet-bench-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(folder / "server.db", port)
    try:
        wait_ready(url)
        now = datetime.now(UTC)
        programme = demo_programme(now.date(), now + timedelta(hours=2))
        admin = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60)
        admin.post("/v1/admin/programme", json=programme).raise_for_status()
        races = []
        for meeting in programme["meetings"]:
            for race in meeting["races"]:
                code = f"R{meeting['number']}C{race['number']}"
                admin.post(f"/v1/admin/races/{now.date()}/{code}/open").raise_for_status()
                races.append(f"{now.date()}/{code}")
        body = admin.post("/v1/admin/terminals", json={"name": "bench"}).json()
        admin.close()
        terminal = open_terminal(
            TerminalSettings(
                folder / "terminal.db",
                url,
                body["terminal_id"],
                bytes.fromhex(body["secret"]),
                timeout=30,
            ),
            printer=NoPrinter(),
        )
        desk = terminal.desk
        terminal.feed.resync()
        open_shift(desk, 0)
        desk.drain.until_empty()
        rng = random.Random(5)
        latencies = []
        for _ in range(BACKLOG):
            draft = Draft(rng.choice(races[:6]), "SIMPLE_GAGNANT", (rng.randint(1, 8),))
            started = time.perf_counter()
            sell(desk, draft, wait=False)
            latencies.append((time.perf_counter() - started) * 1000)
        latencies.sort()
        print(f"terminal: durable enqueue of {BACKLOG:,} sales (store on {folder}):")
        print(
            f"  p50 {statistics.median(latencies):.2f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)]:.2f} ms, "
            f"max {latencies[-1]:.2f} ms"
        )
        assert outbox.depth(desk.store) == BACKLOG
        started = time.perf_counter()
        drained = desk.drain.until_empty()
        elapsed = time.perf_counter() - started
        accepted = desk.store.one("SELECT COUNT(*) FROM bet WHERE status = 'ACCEPTED'")
        print(
            f"terminal: drained {drained:,} queued bets in {elapsed:.2f} s "
            f"({drained / elapsed:,.0f} bets/s; {accepted[0] if accepted else 0:,} accepted; "
            "target <= 2 s)"
        )
        terminal.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
