"""The throwaway PostgreSQL cluster the tests make for themselves: it starts, keeps what it
acknowledged through a SIGKILL (fsync on), and goes away."""

from __future__ import annotations

import psycopg

from scripts.pgcluster import Cluster, make_cluster, remove


def test_a_fresh_database_takes_writes(fresh_pg: str, pg_cluster: Cluster) -> None:
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        conn.execute("CREATE TABLE bet (id TEXT PRIMARY KEY, cost INTEGER NOT NULL)")
        conn.execute("INSERT INTO bet VALUES ('a', 150)")
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        assert conn.execute("SELECT cost FROM bet").fetchall() == [(150,)]
    assert fresh_pg != pg_cluster.new_database()  # one database a test


def test_a_committed_write_survives_a_sigkill(pg_cluster: Cluster) -> None:
    """What the failover and crash tests stand on: a commit acknowledged is on disk."""
    cluster = make_cluster()
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
