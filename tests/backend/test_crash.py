"""SIGKILL the real server while it takes bets: nothing acknowledged is lost, nothing doubled.

The server runs as ``guichet-server serve`` in its own process on a real database file.
Terminals sell bets from several threads; the server is killed without warning in the middle,
restarted on the same file, and every transaction whose answer was lost is retried with its
original UUID, as the terminal's outbox would.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.journal import verify
from backend.programme import demo_programme
from backend.store import open_store
from wire.signing import Signer, TerminalAuth

COMMAND = Path(sys.executable).parent / "guichet-server"
TOKEN = "crash-test-token"


def start(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GUICHET_ADMIN_TOKEN": TOKEN}
    server = subprocess.Popen(
        [str(COMMAND), "--db", str(db), "--create", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:  # bounded wait for the process to listen
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        assert server.poll() is None, "guichet-server exited while starting"
        assert time.monotonic() < deadline, "guichet-server did not start in 30 s"
        time.sleep(0.05)


@pytest.mark.parametrize("kill_after", [0.3, 0.8, 1.5])
def test_sigkill_while_selling_loses_and_doubles_nothing(tmp_path: Path, kill_after: float) -> None:
    db = tmp_path / "server.db"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = start(db, port)
    now = datetime.now(UTC)
    day = now.date().isoformat()
    admin = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    admin.post("/v1/admin/programme", json=demo_programme(now.date(), now + timedelta(hours=1)))
    admin.post(f"/v1/admin/races/{day}/R1C1/open").raise_for_status()
    created = admin.post("/v1/admin/terminals", json={"name": "crash"}).json()
    admin.close()
    signer = Signer(created["terminal_id"], bytes.fromhex(created["secret"]))
    clock = lambda: datetime.now(UTC)  # noqa: E731

    sent: dict[str, dict[str, Any]] = {}
    acknowledged: dict[str, dict[str, Any]] = {}
    unanswered: dict[str, dict[str, Any]] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def sell(seed: int) -> None:
        with httpx.Client(base_url=url, auth=TerminalAuth(signer, clock), timeout=5) as client:
            n = 0
            while not stop.is_set():
                n += 1
                body: dict[str, Any] = {
                    "transaction_id": str(uuid.uuid4()),
                    "race_id": f"{day}/R1C1",
                    "bet_type": "SIMPLE_GAGNANT",
                    "runners": [(seed + n) % 8 + 1],
                    "multiplier": n % 5 + 1,
                }
                with lock:
                    sent[body["transaction_id"]] = body
                try:
                    answer = client.post("/v1/bets", json=body)
                except httpx.TransportError:
                    with lock:
                        unanswered[body["transaction_id"]] = body
                    return
                with lock:
                    if answer.status_code == 200:
                        acknowledged[body["transaction_id"]] = answer.json()
                    else:
                        unanswered[body["transaction_id"]] = body

    sellers = [threading.Thread(target=sell, args=(i,)) for i in range(6)]
    for thread in sellers:
        thread.start()
    time.sleep(kill_after)  # let sales run, then pull the plug
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    stop.set()
    for thread in sellers:
        thread.join(timeout=15)
    assert acknowledged, "no bet was acknowledged before the kill"

    server = start(db, port)
    try:
        with httpx.Client(base_url=url, auth=TerminalAuth(signer, clock), timeout=10) as client:
            for tid, body in unanswered.items():  # the outbox retries what was not answered
                retry = client.post("/v1/bets", json=body)
                assert retry.status_code == 200, retry.text
                acknowledged[tid] = retry.json()
            for tid in list(acknowledged)[:20]:  # an answered bet replayed: the same receipt
                replay = client.post("/v1/bets", json=sent[tid])
                assert replay.json() == acknowledged[tid]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    with closing(open_store(db)) as store:
        stored = {
            r[0]: (r[1], r[2]) for r in store.execute("SELECT id, ticket_number, cost FROM bet")
        }
        assert verify(store).intact
        journaled = sum(
            len(json.loads(r[0]))
            for r in store.execute("SELECT payload FROM journal WHERE kind = 'bets.accepted'")
        )
    assert set(stored) == set(acknowledged)  # nothing lost, nothing extra
    assert journaled == len(stored)  # each bet journaled exactly once
    for tid, receipt in acknowledged.items():
        assert stored[tid] == (receipt["ticket_number"], receipt["cost"])
    assert len({number for number, _ in stored.values()}) == len(stored)
