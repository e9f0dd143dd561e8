"""The hash-chained journal: every state change, in order, tamper-evident.

Each record's hash covers its sequence number, time, kind, payload and the previous record's
hash, so altering, removing or reordering a record breaks the chain from there on;
``verify`` names the first record where it breaks. Records are appended inside the same
transaction as the change they describe, so the journal and the state never disagree.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _digest(seq: int, at: str, kind: str, payload: str, prev: str) -> str:
    text = "\x1f".join((str(seq), at, kind, payload, prev))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, at: str, kind: str, payload: Any) -> str:
    """Append one record; the caller holds the write transaction."""
    row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    body = canonical(payload)
    digest = _digest(seq, at, kind, body, prev)
    conn.execute(
        "INSERT INTO journal (seq, at, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
        (seq, at, kind, body, prev, digest),
    )
    return digest


@dataclass(frozen=True, slots=True)
class Verdict:
    records: int
    broken_at: int | None  # the first sequence number where the chain breaks
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(conn: sqlite3.Connection) -> Verdict:
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in conn.execute(
        "SELECT seq, at, kind, payload, prev_hash, hash FROM journal ORDER BY seq"
    ):
        seq, at, kind, payload, prev_hash, digest = tuple(row)
        if seq != expected_seq:
            return Verdict(count, expected_seq, f"record {expected_seq} is missing")
        if prev_hash != prev:
            return Verdict(count, seq, f"record {seq} does not follow record {seq - 1}")
        if _digest(seq, at, kind, payload, prev_hash) != digest:
            return Verdict(count, seq, f"record {seq} was altered")
        prev = digest
        expected_seq += 1
        count += 1
    return Verdict(count, None)
