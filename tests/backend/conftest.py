from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from backend.app import selling_for
from backend.betting import BetDesk
from backend.programme import demo_programme, load_programme, parse_programme
from backend.races import advance
from backend.store import Store, open_store
from scripts.loopback import Clock
from scripts.pgcluster import Cluster
from tests.servers import ADMIN_TOKEN, NOON, LiveServer
from tests.worker_servers import SellingServer, selling_today

__all__ = ["ADMIN_TOKEN", "NOON", "Clock", "LiveServer"]


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The server's database, for every backend test that takes it (directly, or through
    ``fresh_db`` and ``live_server``): a SQLite file, then a new database on the session's
    throwaway PostgreSQL cluster — one suite, both stores."""
    if request.param == "sqlite":
        return str(tmp_path / "server.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@pytest.fixture
def fresh_db(server_db: str) -> Iterator[Store]:
    store = open_store(server_db, create=True)
    yield store
    store.close()


@pytest.fixture
def demo_day(fresh_db: Store, clock: Clock) -> Store:
    """The demo programme loaded, first post time 30 minutes from now, R1C1 open."""
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    load_programme(fresh_db, parse_programme(data), clock())
    fresh_db.execute(
        "INSERT INTO terminal (id, name, secret, created_at) VALUES ('T1', 'bar', ?, ''),"
        " ('T2', 'kiosk', ?, '')",
        (b"\x00", b"\x00"),
    )
    advance(fresh_db, "2026-11-21/R1C1", "open", clock())
    return fresh_db


@pytest.fixture
def bet_desk(demo_day: Store, clock: Clock) -> BetDesk:
    return BetDesk(demo_day, clock, selling_for(demo_day.writers)())


@pytest.fixture
def two_worker_server(fresh_pg: str) -> Iterator[SellingServer]:
    """``guichet-server serve --workers 2`` as its own process on a new PostgreSQL database,
    selling today (``tests/worker_servers.py``); stopped after the test, if it did not."""
    with selling_today(fresh_pg, workers=2) as selling:
        yield selling
