"""The idempotency look-up (``backend.transaction_ids``): a restarted desk knows every id
already sold or refused, on both stores; on SQLite a batch of new ids asks the database
nothing, and only a retry's row is read back; on PostgreSQL one query a batch asks both
tables."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from backend.app import selling_for
from backend.bet_request import BetRequest
from backend.betting import BetDesk
from backend.errors import BettingClosed, IdempotencyConflict
from backend.store import Store, open_store

from .conftest import Clock

RACE = "2026-11-21/R1C1"


def request(**changes: Any) -> BetRequest:
    return replace(BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", runners=(3,)), **changes)


@pytest.fixture
def looked_up(bet_desk: BetDesk, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement of the bet desk that reads bets or refusals by transaction id."""
    said: list[str] = []
    execute = bet_desk.store.execute

    def spied(sql: str, params: Any = ()) -> Any:
        if "WHERE id IN" in sql and ("FROM bet" in sql or "FROM refusal" in sql):
            said.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(bet_desk.store, "execute", spied)
    return said


def test_a_restarted_desk_knows_every_id_sold_or_refused(
    bet_desk: BetDesk, clock: Clock, server_db: str
) -> None:
    sold = request()
    receipt = bet_desk.accept("T1", sold)
    early = request(race_id="2026-11-21/R1C2")  # not open yet: refused, and kept
    with pytest.raises(BettingClosed) as refused:
        bet_desk.accept("T1", early)
    restarted = BetDesk(open_store(server_db), clock, selling_for(bet_desk.store.writers)())
    try:
        assert restarted.accept("T1", sold) == receipt
        with pytest.raises(BettingClosed) as again:
            restarted.accept("T1", early)
        assert again.value.detail == refused.value.detail
        with pytest.raises(IdempotencyConflict):
            restarted.accept("T1", replace(sold, runners=(5,)))
        # and the ids it sells itself, once durable
        fresh = request()
        assert restarted.accept("T1", fresh) == restarted.accept("T1", fresh)
    finally:
        restarted.store.close()


def test_new_ids_ask_sqlite_nothing_and_a_retry_reads_its_row(
    bet_desk: BetDesk, looked_up: list[str], demo_day: Store
) -> None:
    if demo_day.writers != "one":
        pytest.skip("the ids are kept in memory by the store's one writer (SQLite) only")
    first = request()
    bet_desk.accept_many([("T1", first), ("T1", request()), ("T1", request())])
    assert looked_up == []
    bet_desk.accept_many([("T1", first), ("T1", request())])  # one retry among new bets
    assert len(looked_up) == 2  # its bet, and whether it was refused


def test_postgresql_asks_both_tables_in_one_query(
    bet_desk: BetDesk, looked_up: list[str], demo_day: Store
) -> None:
    if demo_day.writers != "many":
        pytest.skip("several writers: PostgreSQL only")
    bet_desk.accept_many([("T1", request()), ("T1", request())])
    assert len(looked_up) == 1
    assert "UNION ALL" in looked_up[0]
