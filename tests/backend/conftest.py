from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from backend.betting import BetDesk
from backend.db import connect
from backend.programme import demo_programme, load_programme, parse_programme
from backend.races import advance
from tests.servers import ADMIN_TOKEN, NOON, Clock, LiveServer

__all__ = ["ADMIN_TOKEN", "NOON", "Clock", "LiveServer"]


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "server.db")
    yield conn
    conn.close()


@pytest.fixture
def demo_day(fresh_db: sqlite3.Connection, clock: Clock) -> sqlite3.Connection:
    """The demo programme loaded, first post time 30 minutes from now, R1C1 open."""
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    load_programme(fresh_db, parse_programme(data), clock())
    fresh_db.execute(
        "INSERT INTO terminal (id, name, secret, created_at) VALUES ('T1', 'bar', x'00', ''),"
        " ('T2', 'kiosk', x'00', '')"
    )
    advance(fresh_db, "2026-11-21/R1C1", "open", clock())
    return fresh_db


@pytest.fixture
def bet_desk(demo_day: sqlite3.Connection, clock: Clock) -> BetDesk:
    return BetDesk(demo_day, clock)
