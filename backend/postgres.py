"""The server's PostgreSQL database: the schema of ``backend.db``, through the same ordered,
named migrations (``db.MIGRATIONS``, one source of truth), translated to PostgreSQL's types.

Translation: ``BLOB`` is ``BYTEA``; ``INTEGER`` is ``BIGINT`` (a day's sums of cents outgrow
32 bits; SQLite's integers are 64-bit already). The rest of the migrations' SQL is common to
both. The pending migrations run in one transaction (each a savepoint, with its record in
``_migration``: a failing one leaves nothing) under a transaction-scoped advisory lock: several
server workers starting at once apply each migration exactly once, the others wait and find it
done. A database written by a newer Guichet (a
migration this version does not know) is refused, as on SQLite.

This is the first brick of the PostgreSQL store (issue 15): ``guichet-server`` does not serve
from it yet (``--db`` takes a SQLite path).
"""

from __future__ import annotations

import re

import psycopg

from backend.db import MIGRATIONS, statements

MIGRATION_LOCK = 0x6775696368657401  # "guichet" + 1: the advisory lock migrations take


def for_postgres(sql: str) -> str:
    sql = re.sub(r"\bBLOB\b", "BYTEA", sql)
    return re.sub(r"\bINTEGER\b", "BIGINT", sql)


def connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to ``url`` (a libpq URL; several hosts allowed), schema brought up to
    date. Durable as on SQLite: ``synchronous_commit`` stays on (the server's default)."""
    conn = psycopg.connect(url, connect_timeout=10)
    migrate(conn)
    return conn


def migrate(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """Apply the migrations not yet applied, in order; return their names."""
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migration (name TEXT PRIMARY KEY, applied_at TEXT NOT"
            " NULL)"
        )
        done = {str(row[0]) for row in conn.execute("SELECT name FROM _migration")}
        unknown = done - {name for name, _ in MIGRATIONS}
        if unknown:
            raise RuntimeError(
                f"the database has migrations this version does not know: {sorted(unknown)}; "
                "it was written by a newer Guichet"
            )
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with conn.transaction():  # a savepoint: a failing migration leaves nothing
                for statement in statements(sql):
                    conn.execute(for_postgres(statement).encode())
                conn.execute(
                    "INSERT INTO _migration VALUES (%s, to_char(now() AT TIME ZONE 'UTC',"
                    ' \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'))',
                    (name,),
                )
            applied.append(name)
    return applied
