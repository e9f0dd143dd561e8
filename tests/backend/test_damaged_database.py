"""A SQLite file damaged or replaced under the running server stops sales, saying why, and
nothing is acknowledged into a file the server would not open again (issue 26, item 5).

Through the real server on a real file: what a disk, a careless copy or a person does to the
file while it runs, then the next bets.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from backend.bet_request import BetRequest
from backend.programme import demo_programme
from backend.selling import one_writer
from backend.store import StoreDamaged, StoreRefused, open_store
from backend.store.sqlite import SqliteStore
from backend.tote import Tote
from scripts.loopback import Clock
from tests.servers import NOON, running_server

from .test_api import assert_problem, bet

RACE = "2026-11-21/R1C1"


def sell(terminal: httpx.Client, count: int) -> list[str]:
    """``count`` bets, each acknowledged; their transaction ids."""
    sold = []
    for _ in range(count):
        body = bet(RACE)
        terminal.post("/v1/bets", json=body).raise_for_status()
        sold.append(body["transaction_id"])
    return sold


@pytest.fixture
def day_sold(tmp_path: Path, clock: Clock) -> tuple[Path, list[str]]:
    """A file holding a day already: the programme and bets sold by a server since stopped
    (so its pages are in the file itself, not only in the write-ahead log)."""
    database = tmp_path / "server.db"
    with running_server(str(database), clock) as server:
        data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
        with server.admin() as admin:
            admin.post("/v1/admin/programme", json=data).raise_for_status()
            admin.post(f"/v1/admin/races/{RACE}/open").raise_for_status()
        with server.terminal("Bar du matin") as terminal:
            sold = sell(terminal, 5)
    return database, sold


def stored_ids(path: Path) -> set[str]:
    """The bets of the database at ``path``, after checking it opens whole."""
    store = open_store(path, check=True)
    try:
        return {str(row[0]) for row in store.execute("SELECT id FROM bet")}
    finally:
        store.close()


def overwrite_pages(path: Path, first: int = 1) -> None:
    """Every page from ``first`` (0-based) to the end written over, as a disk or a stray
    ``dd`` would, the size unchanged."""
    page = 4096
    size = path.stat().st_size
    assert size > (first + 4) * page, "the file has pages to damage"
    with path.open("r+b") as file:
        file.seek(first * page)
        file.write(bytes([0xA5]) * (size - first * page))
        file.flush()
        os.fsync(file.fileno())


def backup(path: Path, to: Path) -> None:
    """What ``sqlite3 server.db ".backup copy.db"`` makes, the README's backup."""
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(to)) as target:
        source.backup(target)


def stopped_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("sales stopped")]


def test_pages_overwritten_under_the_running_server_stop_sales_saying_why(
    day_sold: tuple[Path, list[str]],
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every page after the first overwritten under a running server: 30 more bets were
    acknowledged, then the server refused to restart on the file (issue 26)."""
    database, sold = day_sold
    copy = tmp_path / "copy.db"
    with running_server(str(database), clock) as server, server.terminal() as terminal:
        sold += sell(terminal, 3)
        backup(database, copy)  # the operator's backup, just before the damage
        overwrite_pages(database)
        caplog.clear()
        refused = [bet(RACE) for _ in range(30)]
        answers = [terminal.post("/v1/bets", json=body) for body in refused]
        batch = terminal.post("/v1/bets/batch", json={"bets": [bet(RACE), bet(RACE)]})
        with httpx.Client(base_url=server.url) as anyone:
            health = anyone.get("/v1/health")
    for answer in [*answers, batch]:
        problem = assert_problem(answer, 503, "store_damaged")
        assert problem["detail"].startswith("the database is damaged: sales stopped (")
        assert "fails its integrity check" in problem["detail"]
        assert problem["params"] == {"reason": "damaged"}
        assert answer.headers["retry-after"] == "60"
    assert assert_problem(health, 503, "store_damaged")["detail"] == answers[0].json()["detail"]
    assert health.headers["retry-after"] == "60"
    assert len(stopped_lines(caplog)) == 1, caplog.text  # the log says why, once
    # nothing acknowledged after the damage; the file is refused at a restart, as it would
    # have been with the 30 bets in it; every bet acknowledged is in the backup, which opens
    with pytest.raises(StoreRefused, match="damaged"):
        open_store(database, check=True)
    assert stored_ids(copy) == set(sold)


def test_a_database_replaced_under_the_running_server_stops_sales_saying_why(
    day_sold: tuple[Path, list[str]],
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Another Guichet database put in its place (a restore over a running server, say): the
    bets would go into the unlinked file, acknowledged, and no restart would find them."""
    database, sold = day_sold
    other = tmp_path / "other.db"
    open_store(other, create=True).close()  # a valid Guichet database, empty
    with running_server(str(database), clock) as server, server.terminal() as terminal:
        sold += sell(terminal, 3)  # in the write-ahead log: lost with the file unless saved
        os.replace(other, database)
        caplog.clear()
        answers = [terminal.post("/v1/bets", json=bet(RACE)) for _ in range(5)]
        with httpx.Client(base_url=server.url) as anyone:
            health = anyone.get("/v1/health")
    (saved,) = tmp_path.glob("server.db.saved-*")
    for answer in answers:
        problem = assert_problem(answer, 503, "store_damaged")
        assert "was deleted or replaced while the server ran" in problem["detail"]
        assert f"what the server had is saved in {saved}" in problem["detail"]
        assert problem["params"] == {"reason": "replaced"}
        assert answer.headers["retry-after"] == "60"
    assert assert_problem(health, 503, "store_damaged")["params"] == {"reason": "replaced"}
    assert len(stopped_lines(caplog)) == 1, caplog.text
    # every bet acknowledged is in the copy the server saved, which opens whole; none went
    # into the file put in its place
    assert stored_ids(saved) == set(sold)
    assert stored_ids(database) == set()


def test_the_periodic_check_finds_damage_while_no_bet_comes(
    day_sold: tuple[Path, list[str]], clock: Clock
) -> None:
    """A quiet server finds the damage on its own, on a thread of its own, and refuses the
    next bet with it: no bet has to meet a broken page first."""
    database, _ = day_sold
    tote = Tote(database, clock, selling=one_writer, check_every=0.05)
    tote.start()
    try:
        assert tote.stopped is None
        terminal = tote.call(lambda desk: desk.store.execute("SELECT id FROM terminal").fetchone())
        one = (
            str(terminal.result(timeout=30)[0]),
            BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", (3,)),
        )
        overwrite_pages(database)
        deadline = time.monotonic() + 30
        while tote.stopped is None:
            assert time.monotonic() < deadline, "the periodic check did not find the damage"
            time.sleep(0.02)
        assert "fails its integrity check" in tote.stopped.detail
        with pytest.raises(StoreDamaged):
            tote.bets([one]).result(timeout=30)
    finally:
        tote.stop()


def test_sqlite_saying_the_file_is_malformed_stops_the_store(
    day_sold: tuple[Path, list[str]],
) -> None:
    """SQLITE_CORRUPT from any statement (a page damaged within the clock tick of the
    server's own write, which its times do not show) stops every write too."""
    database, _ = day_sold
    store = open_store(database)
    assert isinstance(store, SqliteStore)
    assert store.guard is not None
    try:
        overwrite_pages(database)
        store.guard.after()  # as if that write had been the server's own
        with pytest.raises(StoreDamaged, match=r"SQLite found .* damaged: database disk image"):
            store.execute("SELECT COUNT(*) FROM bet").fetchall()
        assert store.stopped is not None
        with pytest.raises(StoreDamaged), store.transaction():
            pass
    finally:
        store.close()


def test_a_write_by_another_connection_is_checked_and_taken(
    day_sold: tuple[Path, list[str]], clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    """What the server did not write itself is checked whole, not refused: a file still
    whole after another connection's checkpoint (an operator's ``sqlite3``) sells on."""
    database, _ = day_sold
    with running_server(str(database), clock) as server, server.terminal() as terminal:
        sell(terminal, 3)
        before = database.stat().st_mtime_ns
        with closing(sqlite3.connect(database)) as other:
            other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert database.stat().st_mtime_ns != before, "the checkpoint wrote the file"
        sell(terminal, 3)
        assert server.tote.stopped is None
    assert not stopped_lines(caplog)
