"""What only PostgreSQL does (``backend.store.postgresql``), on a throwaway cluster: migrations
applied once by however many workers start at once, types translated, a journal chain per
writer."""

from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta

import psycopg
import pytest

from backend import journal
from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.programme import demo_programme, load_programme, parse_programme
from backend.races import advance
from backend.selling import many_writers
from backend.store import Store, StoreError, StoreRefused, open_store
from backend.store.migrations import MIGRATIONS
from backend.store.postgresql import PostgresStore, for_postgres, migrate
from backend.terminals import create_terminal
from tests.servers import NOON

RACE = "2026-11-21/R1C1"


def tables(url: str) -> set[str]:
    with psycopg.connect(url, connect_timeout=10) as store:
        rows = store.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def test_the_migrations_build_the_schema_once_in_order(fresh_pg: str) -> None:
    store = open_store(fresh_pg, create=True)
    recorded = [r[0] for r in store.execute("SELECT name FROM _migration ORDER BY name")]
    assert recorded == sorted(name for name, _ in MIGRATIONS)
    assert isinstance(store, PostgresStore)
    assert migrate(store) == []  # a restart applies nothing
    store.close()
    assert {"bet", "payout", "journal", "voucher", "voucher_redemption", "refusal"} <= tables(
        fresh_pg
    )


def test_workers_starting_together_apply_each_migration_once(fresh_pg: str) -> None:
    failures: list[BaseException] = []
    stores: list[Store] = []

    def start() -> None:
        try:
            stores.append(open_store(fresh_pg, create=True))
        except BaseException as err:  # reported below, in the test's thread
            failures.append(err)

    workers = [threading.Thread(target=start) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert failures == []
    applied = stores[0].execute("SELECT COUNT(*) FROM _migration").fetchone()[0]
    for store in stores:
        store.close()
    assert applied == len(MIGRATIONS)


def test_the_translation_keeps_what_is_common() -> None:
    sql = "CREATE TABLE t (a INTEGER NOT NULL, b BLOB, c TEXT, integers_total INTEGER)"
    assert for_postgres(sql) == (
        "CREATE TABLE t (a BIGINT NOT NULL, b BYTEA, c TEXT, integers_total BIGINT)"
    )


def test_each_writer_appends_to_a_chain_of_its_own(fresh_pg: str) -> None:
    first, second = open_store(fresh_pg, create=True), open_store(fresh_pg)
    assert (first.journal_chain(), second.journal_chain()) == (0, 1)
    for n in range(3):
        for store in (first, second):
            with store.transaction():
                journal.append(store, f"2026-11-21T12:00:0{n}Z", "test", {"n": n})
    heads = journal.head(first)
    assert [(chain, seq) for chain, seq, _ in heads] == [(0, 3), (1, 3)]
    assert journal.verify(first, heads).records == 6
    second.close()  # a writer that ends releases its chain; the next one takes it up
    third = open_store(fresh_pg)
    assert third.journal_chain() == 1
    with third.transaction():
        journal.append(third, "2026-11-21T12:00:09Z", "test", {"n": 9})
    assert journal.verify(third, heads).intact
    first.close()
    third.close()


def test_a_bad_url_or_an_unreachable_server_is_one_line() -> None:
    with pytest.raises(StoreRefused, match="the database URL is not valid"):
        open_store("postgresql://host/db?nonsense=1")
    with pytest.raises(StoreError, match="cannot reach the database") as caught:
        open_store("postgresql://nobody@127.0.0.1:9/guichet?connect_timeout=2")
    assert "\n" not in caught.value.detail


def test_workers_number_tickets_from_blocks_of_their_own(fresh_pg: str) -> None:
    """Each worker reserves a block of the day's numbers outside its bet transactions, so no
    commit waits on the counter's row; the numbers never collide."""
    store = open_store(fresh_pg, create=True)
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    load_programme(store, parse_programme(data), NOON)
    create_terminal(store, "till", NOON)
    terminal = str(store.execute("SELECT id FROM terminal").fetchone()[0])
    advance(store, RACE, "open", NOON)
    desks = [
        BetDesk(store, lambda: NOON, many_writers()),
        BetDesk(open_store(fresh_pg), lambda: NOON, many_writers()),
    ]
    numbers = []
    for round_ in range(3):
        for desk in desks:
            bets = [
                (terminal, BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", (2,)))
                for _ in range(round_ + 1)
            ]
            numbers += [r.ticket_number for r in desk.accept_many(bets) if isinstance(r, Receipt)]
    assert len(numbers) == len(set(numbers)) == 12
    sequences = sorted(int(n[6:15]) for n in numbers)
    assert sequences == [1, 2, 3, 4, 5, 6, 1001, 1002, 1003, 1004, 1005, 1006]
    for desk in desks:
        desk.store.close()
