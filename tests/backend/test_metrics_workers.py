"""The metrics of ``guichet-server serve --workers 2`` (PostgreSQL): each worker counts what it
did in its own files (prometheus_client's multiprocess mode), and whichever worker is scraped
gives the sum of both; the folder is ``serve``'s own, made before the workers and removed
after them."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import psycopg

from backend.app import utc_now
from tests.worker_servers import WORKERS_TOKEN as TOKEN
from tests.worker_servers import SellingServer
from wire.signing import TerminalAuth

from .test_metrics import parsed, value

MOST_BETS = 400  # bets sent, one connection each, until both workers have sold some


def chains_selling(url: str) -> int:
    """How many workers committed bets: each worker journals on a chain of its own."""
    with psycopg.connect(url, connect_timeout=10, autocommit=True) as db:
        row = db.execute(
            "SELECT COUNT(DISTINCT chain) FROM journal WHERE kind = 'bets.accepted'"
        ).fetchone()
    return int(row[0]) if row else 0


def test_two_workers_metrics_add_up(two_worker_server: SellingServer) -> None:
    server, signer, race = (
        two_worker_server.server,
        two_worker_server.signer,
        two_worker_server.race,
    )
    fresh_pg, url = server.database, server.url
    said = server.opening  # its first lines, before any worker's
    gathered = [line for line in said if "the workers' metrics are gathered in" in line]
    assert gathered, said
    folder = Path(gathered[0].rsplit(" in ", 1)[-1].strip())
    assert folder.is_dir()
    sold = 0
    while sold < MOST_BETS and (sold < 10 or chains_selling(fresh_pg) < 2):
        # a new connection each: either worker takes it, whichever the kernel picks
        with httpx.Client(base_url=url, auth=TerminalAuth(signer, utc_now), timeout=10) as t:
            body = {
                "transaction_id": str(uuid.uuid4()),
                "race_id": race,
                "bet_type": "SIMPLE_GAGNANT",
                "runners": [1 + sold % 8],
            }
            assert t.post("/v1/bets", json=body).status_code == 200
        sold += 1
    assert chains_selling(fresh_pg) == 2, f"one worker took all {sold} bets"
    pids = set()
    for _ in range(6):  # each scrape on a new connection: either worker answers
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as r:
            found = parsed(r.get("/metrics", timeout=10).text)
        assert value(found, "guichet_bets_accepted_total") == sold
        answered = value(
            found,
            "guichet_http_request_duration_seconds_count",
            method="POST",
            route="/v1/bets",
            status="200",
        )
        assert answered == sold
        pids |= {
            dict(labels)["pid"] for name, labels in found if name == "guichet_tote_queue_depth"
        }
    assert len(pids) == 2, pids  # each worker's level, by its process
    server.stop()
    assert not folder.exists(), "serve left the workers' metrics behind"


WORKER = """
import os, sys
from backend.bet_request import Receipt
from backend.metrics import Metrics
metrics = Metrics(sys.argv[1])
receipt = Receipt("t", "1", "2026-11-21/R1C1", "SIMPLE_GAGNANT", "", 1, 150, 150, "", "", "")
metrics.committed([receipt], 0.001)
metrics.levels(5, 2, False)
print(os.getpid())
"""
READER = """
import sys
from backend.metrics import Metrics
sys.stdout.write(Metrics(sys.argv[1]).exposition([]).decode())
"""


def in_a_worker(script: str, folder: Path) -> str:
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_a_dead_workers_levels_are_dropped_and_its_counts_kept(tmp_path: Path) -> None:
    """A worker that died (uvicorn starts another): what it counted still counts, but its
    queue and subscribers are not shown as if it still had them."""
    dead = in_a_worker(WORKER, tmp_path).strip()
    found = parsed(in_a_worker(READER, tmp_path))
    assert value(found, "guichet_bets_accepted_total") == 1
    pids = {dict(labels)["pid"] for name, labels in found if name == "guichet_tote_queue_depth"}
    assert pids, "the reader's own level is there"
    assert dead not in pids
    assert not any(dict(labels).get("pid") == dead for _, labels in found)
