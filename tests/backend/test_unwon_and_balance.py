"""On both stores: what became of a pool nobody won, as settlement records it for the console,
and a terminal's balance in the day's figures (vouchers in, payouts by transfer out)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from backend.app import selling_for
from backend.bet_request import BetRequest
from backend.betting import BetDesk
from backend.day_report import day_report
from backend.payouts import PayoutRequest, pay
from backend.programme import demo_programme, load_programme, parse_programme
from backend.races import advance
from backend.reports import period_report
from backend.results import record_result
from backend.store import Store
from backend.unwon import CARRIED, REFUNDED, of_day, of_race
from backend.vouchers import Redemption, VoucherIssue, issue, redeem
from pari import BetType, PoolRules, Rank

from .conftest import NOON, Clock

RACE = "2026-11-21/R1C1"
START = datetime(2026, 11, 21, tzinfo=UTC)
END = START + timedelta(days=1)


@pytest.fixture
def jackpot_day(fresh_db: Store, clock: Clock) -> BetDesk:
    """The demo day, R1C1's Tiercé under a jackpot rule (an unwon rank is carried over), R1C1
    open, two terminals."""
    data = demo_programme(date(2026, 11, 21), NOON + timedelta(minutes=30))
    data["meetings"][0]["races"][0]["rules"] = {"TIERCE": {"jackpot": True}}
    load_programme(fresh_db, parse_programme(data), clock())
    fresh_db.execute(
        "INSERT INTO terminal (id, name, secret, created_at) VALUES ('T1', 'bar', ?, ''),"
        " ('T2', 'kiosk', ?, '')",
        (b"\x00", b"\x00"),
    )
    advance(fresh_db, RACE, "open", clock())
    return BetDesk(fresh_db, clock, selling_for(fresh_db.writers)())


def bet(
    desk: BetDesk,
    bet_type: str,
    runners: tuple[int, ...],
    multiplier: int = 1,
    terminal: str = "T1",
) -> str:
    """Sell one unitaire; its barcode."""
    request = BetRequest(str(uuid.uuid4()), RACE, bet_type, runners, multiplier=multiplier)
    return desk.accept(terminal, request).barcode


def test_a_pool_nobody_won_is_refunded_and_an_unwon_rank_carried_over(
    jackpot_day: BetDesk, clock: Clock
) -> None:
    store = jackpot_day.store
    bet(jackpot_day, "SIMPLE_GAGNANT", (3,), multiplier=2)
    bet(jackpot_day, "SIMPLE_GAGNANT", (5,))
    bet(jackpot_day, "TIERCE", (1, 2, 3))
    bet(jackpot_day, "TIERCE", (2, 1, 3))
    bet(jackpot_day, "TIERCE", (4, 5, 6), multiplier=3)
    clock.now = NOON + timedelta(minutes=31)
    summary = record_result(store, RACE, [[1], [3], [2]], False, clock())

    refunded, carried = of_race(store, RACE)
    assert (refunded.bet_type, refunded.outcome, refunded.amount, refunded.ranks) == (
        "SIMPLE_GAGNANT",
        REFUNDED,
        Decimal("4.50"),
        (),
    )
    assert (carried.bet_type, carried.outcome, carried.ranks) == ("TIERCE", CARRIED, ("ORDRE",))
    # 1-2-3 and 2-1-3 took the any-order rank; the in-order share went to the jackpot
    rules = PoolRules.pmu(BetType.TIERCE)
    tierce_total = Decimal("5.00")  # five 1 € combinations
    share = dict(rules.split)[Rank.ORDRE]
    assert carried.amount == tierce_total * (1 - rules.takeout) * share
    assert carried.cents == int(carried.amount * 100)  # whole cents, rounded down
    assert not carried.official
    assert carried.race_name == refunded.race_name != ""
    assert {p["bet_type"]: p["outcome"] for p in summary["unwon"]} == {
        "SIMPLE_GAGNANT": REFUNDED,
        "TIERCE": CARRIED,
    }

    # a corrected provisional result replaces them: now both Tiercé ranks are won
    record_result(store, RACE, [[1], [2], [3]], False, clock())
    assert [(p.bet_type, p.outcome) for p in of_race(store, RACE)] == [("SIMPLE_GAGNANT", REFUNDED)]
    record_result(store, RACE, [[1], [2], [3]], True, clock())
    (official,) = of_day(store, "2026-11-21")
    assert official.official
    assert of_day(store, "2026-11-22") == []
    statuses = store.execute(
        "SELECT status, payout_cents FROM bet WHERE bet_type = 'SIMPLE_GAGNANT' ORDER BY cost"
    ).fetchall()
    assert [tuple(r) for r in statuses] == [("REFUNDABLE", 150), ("REFUNDABLE", 300)]
    record = store.execute(
        "SELECT payload FROM journal WHERE kind = 'race.result_official'"
    ).fetchone()
    assert json.loads(record[0])["unwon"] == [
        {"bet_type": "SIMPLE_GAGNANT", "outcome": REFUNDED, "amount": "4.50"}
    ]


def test_the_balance_counts_vouchers_and_leaves_out_payouts_by_transfer(
    jackpot_day: BetDesk, clock: Clock
) -> None:
    store, key = jackpot_day.store, jackpot_day.key
    big = bet(jackpot_day, "SIMPLE_GAGNANT", (1,), multiplier=1000)  # 1,500 € on the winner
    small = bet(jackpot_day, "SIMPLE_GAGNANT", (1,), multiplier=2)
    bet(jackpot_day, "SIMPLE_GAGNANT", (2,), multiplier=1000)
    bet(jackpot_day, "SIMPLE_GAGNANT", (3,), multiplier=4, terminal="T2")  # a kiosk's bet
    voucher = issue(store, key, "T2", VoucherIssue(str(uuid.uuid4()), 2500, "cash_out"), clock())
    clock.now = NOON + timedelta(minutes=31)
    record_result(store, RACE, [[1], [2], [3]], False, clock())
    record_result(store, RACE, [[1], [2], [3]], True, clock())
    payee = {"name": "Jeanne Martin", "document": "ID 123456"}
    by_transfer = pay(
        store, key, "T1", PayoutRequest(str(uuid.uuid4()), big, "transfer", payee), clock()
    )["amount"]
    in_cash = pay(store, key, "T1", PayoutRequest(str(uuid.uuid4()), small, "cash"), clock())
    redeem(store, key, "T1", Redemption(str(uuid.uuid4()), voucher["barcode"], "cash"), clock())
    assert by_transfer > 200_000

    bar, kiosk = day_report(store, START, END).terminals
    assert (bar.payouts, bar.payouts_cents) == (2, by_transfer + in_cash["amount"])
    assert bar.payouts_elsewhere_cents == by_transfer
    assert (bar.vouchers_redeemed, bar.vouchers_redeemed_cents) == (1, 2500)
    # the bar's drawer: 3,003 € sold, the cash payout and the voucher paid out of it
    assert bar.balance_cents == 300_300 - in_cash["amount"] - 2500
    assert bar.net_cents == 300_300 - by_transfer - in_cash["amount"]  # betting's result
    assert (kiosk.vouchers_issued, kiosk.vouchers_issued_cents) == (1, 2500)
    assert kiosk.balance_cents == 600 + 2500  # the notes that paid for the bet and the voucher
    for figures in (bar, kiosk):  # a shift's report (the server's X and Z) counts the same
        single = period_report(store, figures.terminal_id, START.isoformat(), END.isoformat())
        assert single["balance"] == figures.balance_cents
    total = day_report(store, START, END).total
    assert total.balance_cents == bar.balance_cents + kiosk.balance_cents
    assert total.vouchers_issued_cents == total.vouchers_redeemed_cents == 2500
