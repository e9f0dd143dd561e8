"""The server's schema on PostgreSQL (``backend.postgres``), on a throwaway cluster: the same
named migrations as SQLite's, applied once, in order, by however many workers start at once."""

from __future__ import annotations

import threading

import psycopg
import pytest

from backend.db import MIGRATIONS
from backend.postgres import connect, for_postgres, migrate


def tables(url: str) -> set[str]:
    with psycopg.connect(url, connect_timeout=10) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_the_migrations_build_the_schema_once_in_order(fresh_pg: str) -> None:
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        assert migrate(conn) == [name for name, _ in MIGRATIONS]
        assert migrate(conn) == []  # a restart applies nothing
        recorded = [r[0] for r in conn.execute("SELECT name FROM _migration ORDER BY name")]
    assert recorded == sorted(name for name, _ in MIGRATIONS)
    assert {"bet", "payout", "journal", "voucher", "voucher_redemption", "refusal"} <= tables(
        fresh_pg
    )
    with connect(fresh_pg) as conn:  # the setting's blob is bytes; a day's cents fit
        conn.execute("INSERT INTO setting VALUES ('ticket_key', %s)", (b"\x00\xff" * 16,))
        conn.execute("INSERT INTO ticket_counter VALUES ('261201', %s)", (10**12,))
        conn.commit()
        assert conn.execute("SELECT value FROM setting").fetchone() == (b"\x00\xff" * 16,)


def test_workers_starting_together_apply_each_migration_once(fresh_pg: str) -> None:
    applied: list[list[str]] = []
    failures: list[BaseException] = []

    def start() -> None:
        try:
            with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
                applied.append(migrate(conn))
        except BaseException as err:  # reported below, in the test's thread
            failures.append(err)

    workers = [threading.Thread(target=start) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert failures == []
    assert sorted(map(len, applied)) == [0, 0, 0, len(MIGRATIONS)]


def test_a_database_from_a_newer_guichet_is_refused(fresh_pg: str) -> None:
    with psycopg.connect(fresh_pg, connect_timeout=10) as conn:
        migrate(conn)
        conn.execute("INSERT INTO _migration VALUES ('9999_from_the_future', 'then')")
        conn.commit()
        with pytest.raises(RuntimeError, match="written by a newer Guichet"):
            migrate(conn)


def test_the_translation_keeps_what_is_common() -> None:
    sql = "CREATE TABLE t (a INTEGER NOT NULL, b BLOB, c TEXT, integers_total INTEGER)"
    assert for_postgres(sql) == (
        "CREATE TABLE t (a BIGINT NOT NULL, b BYTEA, c TEXT, integers_total BIGINT)"
    )
