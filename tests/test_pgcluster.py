"""The throwaway PostgreSQL cluster the tests make for themselves: it starts, keeps what it
acknowledged through a SIGKILL (fsync on), and goes away."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from scripts.pgcluster import Cluster, Unavailable, remove
from tests.pg import own_cluster


def test_a_fresh_database_takes_writes(fresh_pg: str, pg_cluster: Cluster) -> None:
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE bet (id TEXT PRIMARY KEY, cost INTEGER NOT NULL)")
        conn.execute("INSERT INTO bet VALUES ('a', 150)")
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        assert conn.execute("SELECT cost FROM bet").fetchall() == [(150,)]
    assert fresh_pg != pg_cluster.new_database()  # one database a test


@pytest.mark.own_pg_server("the server is killed")
def test_a_committed_write_survives_a_sigkill(request: pytest.FixtureRequest) -> None:
    """What the failover and crash tests stand on: a commit acknowledged is on disk."""
    cluster = own_cluster(request)
    try:
        url = cluster.new_database()
        with psycopg.connect(url, connect_timeout=10) as conn:
            conn.execute("CREATE TABLE bet (id TEXT PRIMARY KEY)")
            conn.execute("INSERT INTO bet VALUES ('acknowledged')")
        cluster.kill()
        cluster.start()  # crash recovery replays the write-ahead log
        with psycopg.connect(url, connect_timeout=10) as conn:
            assert conn.execute("SELECT id FROM bet").fetchall() == [("acknowledged",)]
    finally:
        remove(cluster)
    assert not cluster.folder.exists()


def test_the_shared_server_flushes_nothing(pg_cluster: Cluster) -> None:
    """No test kills the session's server: flushing its every commit was only cost."""
    assert pg_cluster.sql("SHOW fsync") == [("off",)]
    assert pg_cluster.sql("SHOW synchronous_commit") == [("off",)]


@pytest.mark.own_pg_server("its server will not stop")
def test_a_server_that_will_not_stop_is_killed_before_its_folder_goes(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = own_cluster(request)
    assert cluster.sql("SHOW fsync") == [("on",)]  # a server of its own is durable
    assert cluster.running()
    postmaster = int((cluster.data / "postmaster.pid").read_text().splitlines()[0])

    def refuse(mode: str = "fast") -> None:
        raise Unavailable("pg_ctl failed: server does not shut down")

    monkeypatch.setattr(cluster, "stop", refuse)
    with pytest.raises(Unavailable):
        remove(cluster)
    assert not alive(postmaster)
    assert not cluster.folder.exists()


def alive(pid: int) -> bool:
    """The process runs (a zombie no one reaped yet does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}


def test_a_server_of_its_own_must_be_marked(request: pytest.FixtureRequest) -> None:
    with pytest.raises(pytest.fail.Exception, match="own_pg_server"):
        own_cluster(request)
