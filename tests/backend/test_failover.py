"""The primary dies under load; its synchronous standby takes over; nothing is lost or doubled.

A primary and a synchronous streaming standby (two throwaway clusters), ``guichet-server serve
--workers 2`` on a multi-host URL, three terminals selling through their outboxes as fast as
they can. The primary is SIGKILLed and the standby promoted at once (as Patroni would); the
workers reconnect to the new primary, the terminals' outboxes retry. At the end every bet a
terminal holds as accepted is on the new primary exactly once, every outbox is empty, and
the journal verifies. The time without service is printed for the issue's note.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from drivers.printer.layout import Slip
from drivers.printer.status import PrinterStatus
from scripts.pgcluster import Cluster, Unavailable, make_standby, remove
from terminal.app import Terminal, TerminalSettings, open_terminal
from terminal.errors import Offline, Refused
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import open_shift
from terminal.store import outbox
from tests.pg import own_cluster

COMMAND = shutil.which("guichet-server", path=str(Path(sys.executable).parent))
TOKEN = "failover-test-token"


class NoPrinter:
    """Sales queued and drained print nothing here (a clerk prints once the bet is accepted)."""

    def print_slip(self, slip: Slip, timeout: float = 30.0) -> PrinterStatus:
        raise AssertionError("nothing is printed in the failover test")


pytestmark = pytest.mark.own_pg_server("a primary and its standby; the primary is killed")


@pytest.fixture
def primary_and_standby(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[Cluster, Cluster, str]]:
    primary = own_cluster(request)
    standby = None
    try:
        primary.sql("CREATE DATABASE guichet")
        standby = make_standby(primary)
        url = (
            f"postgresql://guichet@127.0.0.1:{primary.port},127.0.0.1:{standby.port}"
            "/guichet?connect_timeout=2"
        )
        yield primary, standby, url
    finally:
        if standby is not None:
            remove(standby)
        try:
            remove(primary)
        except Unavailable:
            shutil.rmtree(primary.folder, ignore_errors=True)  # killed by the test: gone


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert COMMAND is not None
    return subprocess.run(
        [COMMAND, "--db", url, *args], capture_output=True, text=True, timeout=120, check=False
    )


class Till:
    """One terminal: a seller queuing bets as fast as it can, a drain sending them."""

    def __init__(self, terminal: Terminal, race: str) -> None:
        self.terminal = terminal
        self.race = race
        self.stop = threading.Event()
        self.answered: list[float] = []  # when each drain got an answer
        self.sold = 0
        self.threads = [threading.Thread(target=self._sell), threading.Thread(target=self._drain)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def _sell(self) -> None:
        while not self.stop.is_set():
            sell(
                self.terminal.desk,
                Draft(self.race, "SIMPLE_GAGNANT", (1 + self.sold % 8,)),
                wait=False,
            )
            self.sold += 1
            time.sleep(0.005)

    def _drain(self) -> None:
        while not self.stop.is_set():
            try:
                if self.terminal.desk.drain.once():
                    self.answered.append(time.monotonic())
                    continue
            except (Offline, Refused):
                pass
            time.sleep(0.02)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_the_standby_takes_over_and_every_acknowledged_bet_is_there_once(
    primary_and_standby: tuple[Cluster, Cluster, str], tmp_path: Path
) -> None:
    primary, standby, url = primary_and_standby
    now = datetime.now(UTC)
    programme = tmp_path / "programme.json"
    programme.write_text(cli(url, "demo-programme", "--print").stdout)
    assert cli(url, "--create", "load-programme", str(programme)).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert COMMAND is not None
    server = subprocess.Popen(
        [COMMAND, "--db", url, "serve", "--workers", "2", "--port", str(port)],
        env={**os.environ, "GUICHET_ADMIN_TOKEN": TOKEN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    admin = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    tills: list[Till] = []
    try:
        deadline = time.monotonic() + 60
        while True:  # bounded wait for the workers to listen
            try:
                if admin.get("/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.communicate()[1][-2000:]
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.1)
        day = now.date().isoformat()
        race = f"{day}/R1C1"
        admin.post(f"/v1/admin/races/{race}/open").raise_for_status()
        for n in range(3):
            account = admin.post("/v1/admin/terminals", json={"name": f"Till {n}"}).json()
            terminal = open_terminal(
                TerminalSettings(
                    tmp_path / f"till-{n}.db",
                    base,
                    account["terminal_id"],
                    bytes.fromhex(account["secret"]),
                    timeout=5,
                ),
                printer=NoPrinter(),
            )
            terminal.feed.resync()
            open_shift(terminal.desk, 0)
            tills.append(Till(terminal, race))
        for till in tills:
            till.start()
        time.sleep(2)  # selling against the primary
        assert all(till.answered for till in tills), "no terminal was answered before the kill"
        primary.kill()
        killed = time.monotonic()
        standby.promote()
        promoted = time.monotonic() - killed
        time.sleep(4)  # selling on, against the new primary
        for till in tills:
            till.finish()
        for till in tills:  # what is still queued goes now, retried as the app would
            deadline = time.monotonic() + 60
            while outbox.depth(till.terminal.desk.store):
                try:
                    till.terminal.desk.drain.until_empty()
                except (Offline, Refused):
                    assert time.monotonic() < deadline, "the outbox did not drain in 60 s"
                    time.sleep(0.2)
        answers = sorted(t for till in tills for t in till.answered)
        around = [b - a for a, b in itertools.pairwise(answers) if b > killed]
        without = max(around)  # the longest no terminal was answered, from the kill on
        print(
            f"\nprimary SIGKILLed; standby promoted {promoted:.2f} s later; no terminal "
            f"answered for {without:.2f} s; {sum(t.sold for t in tills)} bets sold"
        )
        sold: set[str] = set()
        for till in tills:
            store = till.terminal.desk.store
            assert outbox.depth(store) == 0
            statuses = {row[0] for row in store.all("SELECT status FROM bet")}
            assert statuses == {"ACCEPTED"}, statuses
            sold |= {str(row[0]) for row in store.all("SELECT transaction_id FROM bet")}
        on_server = standby.sql("SELECT id FROM bet", "guichet")
        assert len(on_server) == len({row[0] for row in on_server})  # once each
        assert {str(row[0]) for row in on_server} == sold  # every one, and nothing else
        verdict = cli(url, "verify-journal")
        assert verdict.returncode == 0, verdict.stdout + verdict.stderr
        assert without < 60
    finally:
        for till in tills:
            till.finish()
            till.terminal.close()
        admin.close()
        server.send_signal(signal.SIGINT)
        try:
            said = server.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            server.kill()
            said = server.communicate(timeout=30)[1]
        print(said[-6000:])
