"""The hash-chained journal: every state change, in order, tamper-evident.

Each record's hash covers its sequence number, time, kind, payload and the previous record's
hash, so altering, removing or reordering a record breaks the chain from there on;
``verify`` names the first record where it breaks. Cutting off the newest records leaves a
shorter chain that is still whole: to detect that, operators record the head (``head``,
``guichet-server journal-head``) somewhere the database's owner cannot rewrite, and verify
against that anchor later. Records are appended inside the same
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


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def verify(conn: sqlite3.Connection, anchor: tuple[int, str] | None = None) -> Verdict:
    """Check the chain, and that it still holds the anchored record ``(seq, hash)``."""
    verdict = _verify_chain(conn)
    if not verdict.intact or anchor is None:
        return verdict
    seq, digest = anchor
    row = conn.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        return Verdict(
            verdict.records, seq, f"record {seq} of the anchor is gone: the journal was cut"
        )
    if row[0] != digest:
        return Verdict(verdict.records, seq, f"record {seq} differs from the anchor: rewritten")
    return verdict


def _verify_chain(conn: sqlite3.Connection) -> Verdict:
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
