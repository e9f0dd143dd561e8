"""The hash-chained journal: every state change, tamper-evident.

How records are ordered. The journal is a set of chains, one per writer: each server process
(and each administration command) appends to a chain it alone writes, so writers never wait
for one another on the journal. A single chain across several worker processes would make
every bet commit wait on its head row — the one row all of them update — and 2,000 bets a
second would queue behind it. Within a chain, records are totally ordered by their sequence
number (1, 2, 3…), which is the order in which that writer committed them (a writer commits
one transaction at a time, and reads its chain's head inside the transaction). Between chains
there is no order but the records' times (``at``): two commits on two workers at the same
moment have no order to record. On SQLite there is one writer at a time, and chain 0 holds
everything, in commit order.

Each record's hash covers its sequence number, time, kind, payload and the previous record's
hash; each chain starts from its own genesis (chain 0's is 64 zeros, as before chains), so a
record altered, removed, reordered or moved to another chain breaks its chain there, and
``verify`` names it (``record 1.42``: chain 1, record 42). Cutting off a chain's newest
records leaves a shorter chain that is still whole: to detect that, operators record the
journal's head — every chain's last record, ``head``, ``guichet-server journal-head`` —
somewhere the database's owner cannot rewrite, and verify against that anchor later.

Records are appended inside the same transaction as the change they describe, so the journal
and the state never disagree.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from backend.store import Store

GENESIS = "0" * 64

Anchor = tuple[tuple[int, int, str], ...]  # (chain, seq, hash) of each chain's last record


def canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def genesis(chain: int) -> str:
    """What a chain's first record follows: chain 0 keeps the original all-zero genesis."""
    if chain == 0:
        return GENESIS
    return hashlib.sha256(f"guichet journal chain {chain}".encode()).hexdigest()


def _digest(seq: int, at: str, kind: str, payload: str, prev: str) -> str:
    text = "\x1f".join((str(seq), at, kind, payload, prev))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(store: Store, at: str, kind: str, payload: Any) -> str:
    """Append one record to this writer's chain; the caller holds the write transaction."""
    return append_canonical(store, at, kind, canonical(payload))


def append_canonical(store: Store, at: str, kind: str, body: str) -> str:
    """``append`` of a payload given as its ``canonical`` text already (the bets of a commit,
    written without the json module: ``backend.sale_memo``)."""
    chain = store.journal_chain()
    row = store.execute(
        "SELECT seq, hash FROM journal WHERE chain = ? ORDER BY seq DESC LIMIT 1", (chain,)
    ).fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, genesis(chain))
    digest = _digest(seq, at, kind, body, prev)
    store.execute(
        "INSERT INTO journal (chain, seq, at, kind, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (chain, seq, at, kind, body, prev, digest),
    )
    return digest


@dataclass(frozen=True, slots=True)
class Verdict:
    records: int
    broken_at: str | None  # the first record where a chain breaks, as "chain.seq"
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def head(store: Store) -> Anchor:
    rows = store.execute(
        "SELECT j.chain, j.seq, j.hash FROM journal j JOIN (SELECT chain, MAX(seq) AS seq"
        " FROM journal GROUP BY chain) last ON j.chain = last.chain AND j.seq = last.seq"
        " ORDER BY j.chain"
    ).fetchall()
    return tuple((int(r[0]), int(r[1]), str(r[2])) for r in rows)


def format_anchor(anchor: Anchor) -> str:
    """``0.42:HASH,1.17:HASH``; an empty journal is ``0.0:GENESIS``."""
    heads = anchor or ((0, 0, GENESIS),)
    return ",".join(f"{chain}.{seq}:{digest}" for chain, seq, digest in heads)


_HEAD = re.compile(r"(?:(\d{1,6})\.)?(\d{1,18}):([0-9a-f]{64})")


def parse_anchor(text: str) -> Anchor:
    """An anchor as ``format_anchor`` prints it (``SEQ:HASH`` alone, from before chains,
    is chain 0); ``ValueError`` saying what is expected."""
    heads = []
    for item in text.split(","):
        found = _HEAD.fullmatch(item.strip())
        if found is None:
            raise ValueError(
                "the anchor is CHAIN.SEQ:HASH[,CHAIN.SEQ:HASH…] as journal-head prints it"
            )
        heads.append((int(found.group(1) or 0), int(found.group(2)), found.group(3)))
    return tuple(heads)


def verify(store: Store, anchor: Anchor | None = None) -> Verdict:
    """Check every chain, and that each still holds its anchored record."""
    count = 0
    chains = [int(r[0]) for r in store.execute("SELECT DISTINCT chain FROM journal ORDER BY 1")]
    for chain in chains:
        verdict = _verify_chain(store, chain)
        count += verdict.records
        if not verdict.intact:
            return Verdict(count, verdict.broken_at, verdict.reason)
    for chain, seq, digest in anchor or ():
        if seq == 0:
            continue
        label = f"{chain}.{seq}"
        row = store.execute(
            "SELECT hash FROM journal WHERE chain = ? AND seq = ?", (chain, seq)
        ).fetchone()
        if row is None:
            return Verdict(
                count, label, f"record {label} of the anchor is gone: the journal was cut"
            )
        if row[0] != digest:
            return Verdict(count, label, f"record {label} differs from the anchor: rewritten")
    return Verdict(count, None)


def _verify_chain(store: Store, chain: int) -> Verdict:
    prev = genesis(chain)
    expected = 1
    for row in store.execute(
        "SELECT seq, at, kind, payload, prev_hash, hash FROM journal WHERE chain = ? ORDER BY seq",
        (chain,),
    ):
        seq, at, kind, payload, prev_hash, digest = tuple(row)
        label = f"{chain}.{seq}"
        if seq != expected:
            return Verdict(
                expected - 1, f"{chain}.{expected}", f"record {chain}.{expected} is missing"
            )
        if prev_hash != prev:
            return Verdict(
                seq - 1, label, f"record {label} does not follow record {chain}.{seq - 1}"
            )
        if _digest(seq, at, kind, payload, prev_hash) != digest:
            return Verdict(seq - 1, label, f"record {label} was altered")
        prev = digest
        expected += 1
    return Verdict(expected - 1, None)
