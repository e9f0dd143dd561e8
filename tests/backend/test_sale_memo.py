"""The selections a bet desk checked, kept per race as it was read (``backend.sale_memo``):
never an answer from before the race changed, and rows and journal exactly as without it."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from backend import journal, sale_memo
from backend.bet_request import BetRequest
from backend.betting import BetDesk
from backend.errors import BettingClosed, InvalidBet
from backend.races import Race, RaceStatus, advance
from backend.results import scratch
from backend.sale_memo import SaleMemo, journal_entry, sale_of
from backend.store import is_url, open_store
from pari import BetType, Field, Formula, make_bet, rules_from_mapping

from .conftest import Clock

RACE = "2026-11-21/R1C1"


def request(**changes: Any) -> BetRequest:
    made = BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", runners=(3,))
    return replace(made, **changes)


def test_a_runner_scratched_after_its_selection_was_kept_is_refused(bet_desk: BetDesk) -> None:
    bet_desk.accept("T1", request())
    bet_desk.accept("T1", request())  # the second from what the first checked
    bet_desk.changed(RACE, scratch(bet_desk.store, RACE, 3, bet_desk.clock()))
    with pytest.raises(InvalidBet) as refused:
        bet_desk.accept("T1", request())
    assert refused.value.code == "scratched_runner"
    assert bet_desk.accept("T1", request(runners=(4,))).status == "ACCEPTED"


def test_a_race_closed_after_its_selections_were_kept_takes_none(
    bet_desk: BetDesk, clock: Clock
) -> None:
    bet_desk.accept("T1", request())
    bet_desk.changed(RACE, advance(bet_desk.store, RACE, "close", clock()))
    with pytest.raises(BettingClosed, match="CLOSED"):
        bet_desk.accept("T1", request())


def test_a_scratching_at_another_worker_is_seen_by_the_kept_selections(
    server_db: str, bet_desk: BetDesk
) -> None:
    """PostgreSQL: the race changed behind this desk (``_still_current`` reads it again)."""
    if not is_url(server_db):
        pytest.skip("one writer: every change of a race goes through its desk")
    bet_desk.accept("T1", request())
    other = open_store(server_db)
    try:
        scratch(other, RACE, 3, bet_desk.clock())
    finally:
        other.close()
    with pytest.raises(InvalidBet) as refused:
        bet_desk.accept("T1", request())
    assert refused.value.code == "scratched_runner"


def test_a_memo_answers_only_for_the_race_it_was_filled_from(bet_desk: BetDesk) -> None:
    """A race read again (its kept copy dropped, as another worker's change drops it) is
    checked again, even had its memo not been dropped with it."""
    bet_desk.accept("T1", request())
    kept = bet_desk._memos[RACE]
    scratch(bet_desk.store, RACE, 3, bet_desk.clock())
    bet_desk._races.pop(RACE)  # read again at the next bet; its memo left where it was
    with pytest.raises(InvalidBet):
        bet_desk.accept("T1", request())
    assert bet_desk._memos[RACE] is not kept


def test_a_multiplier_of_true_is_refused_after_one_of_1_was_kept(bet_desk: BetDesk) -> None:
    bet_desk.accept("T1", request(multiplier=1))
    with pytest.raises(InvalidBet) as refused:
        bet_desk.accept("T1", request(multiplier=True))
    assert refused.value.code == "stake_below_minimum"


def test_kept_and_fresh_sales_write_the_same_rows_journal_and_receipts(
    bet_desk: BetDesk,
) -> None:
    """Two bets of one selection (the second answered from the memo) and one of another:
    rows, receipts and journal entries as the bet itself would give them."""
    combinee = {"bet_type": "TRIO", "formula": "combinee", "runners": (4, 1, 3, 2)}
    asked = [request(**combinee, multiplier=2) for _ in range(2)] + [request()]
    receipts = [bet_desk.accept("T1", r) for r in asked]
    assert len(bet_desk._memos[RACE]) == 2
    store = bet_desk.store
    for wanted, receipt in zip(asked, receipts, strict=True):
        row = store.execute("SELECT * FROM bet WHERE id = ?", (wanted.transaction_id,)).fetchone()
        bet = make_bet(
            BetType(wanted.bet_type),
            bet_desk.race(RACE).field,
            bet_desk.race(RACE).rules[BetType(wanted.bet_type)],
            runners=wanted.runners,
            formula=wanted.formula,  # type: ignore[arg-type]
            multiplier=wanted.multiplier,
        )
        assert (row["race_id"], row["bet_type"], row["formula"]) == (
            RACE,
            bet.bet_type.value,
            bet.formula.value,
        )
        assert (json.loads(row["base"]), json.loads(row["runners"])) == (
            list(bet.base),
            list(bet.others),
        )
        assert (row["complete"], row["multiplier"], row["unit_stake"], row["cost"]) == (
            0,
            bet.multiplier,
            bet.unit_stake,
            bet.cost,
        )
        assert (row["status"], row["accepted_at"], row["ticket_number"]) == (
            "ACCEPTED",
            receipt.accepted_at,
            receipt.ticket_number,
        )
        assert (receipt.description, receipt.combinations, receipt.cost) == (
            bet.describe(),
            bet.combinations,
            bet.cost,
        )
    payloads = [
        json.loads(r[0])
        for r in store.execute("SELECT payload FROM journal WHERE kind = 'bets.accepted'")
    ]
    assert payloads == [
        [
            {
                "bet": wanted.transaction_id,
                "ticket": receipt.ticket_number,
                "terminal": "T1",
                "race": RACE,
                "bet_type": receipt.bet_type,
                "cost": receipt.cost,
            }
        ]
        for wanted, receipt in zip(asked, receipts, strict=True)
    ]
    assert journal.verify(store).intact


TRICKY = ["R1C1", "Vincennes « Prix d'Amérique » é", 'a"b\\c', "tab\there\x01\x7f", "€ 🐎"]


@pytest.mark.parametrize("text", TRICKY)
def test_a_journal_entry_is_the_canonical_json_of_its_dict(text: str) -> None:
    """Byte for byte what ``journal.canonical`` writes: the journal is a hash chain, read
    back and verified, and its records' text must not change."""
    rules = {BetType.TRIO: rules_from_mapping(BetType.TRIO, {})}
    race = Race(
        text, "x", datetime.now(UTC), RaceStatus.OPEN, Field.of(range(1, 9)), (BetType.TRIO,), rules
    )
    bet = make_bet(
        BetType.TRIO,
        race.field,
        rules[BetType.TRIO],
        runners=(1, 2, 3, 4),
        formula=Formula.COMBINEE,
    )
    sale = sale_of(race, bet)
    entries = [journal_entry(t, sale, text + t, "2611210000000011") for t in ("a", text)]
    dicts = [
        {
            "bet": t,
            "ticket": "2611210000000011",
            "terminal": text + t,
            "race": text,
            "bet_type": "TRIO",
            "cost": bet.cost,
        }
        for t in ("a", text)
    ]
    assert "[" + ",".join(entries) + "]" == journal.canonical(dicts)


def test_a_memo_stays_within_its_limit(bet_desk: BetDesk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sale_memo, "LIMIT", 3)
    memo = SaleMemo(bet_desk.race(RACE))
    for runner in range(1, 8):
        memo.sale(request(runners=(runner,)))
        assert 1 <= len(memo) <= 3
