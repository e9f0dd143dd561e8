from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from backend import journal
from backend.app import selling_for
from backend.bet_request import BetRequest, Receipt
from backend.betting import BetDesk
from backend.errors import BettingClosed, IdempotencyConflict, InvalidBet, NotFound
from backend.races import advance
from backend.store import Store, open_store, writers_at
from backend.tickets import (
    barcode_payload,
    is_valid_ticket_number,
    number_from_payload,
)
from pari import BetType
from pari.check_digit import luhn_digit

from .conftest import Clock

RACE = "2026-11-21/R1C1"


def request(**changes: Any) -> BetRequest:
    made = BetRequest(str(uuid.uuid4()), RACE, "SIMPLE_GAGNANT", runners=(3,))
    return replace(made, **changes)


def bets_stored(store: Store) -> int:
    return int(store.execute("SELECT COUNT(*) FROM bet").fetchone()[0])


def test_an_accepted_bet_is_durable_journaled_and_in_its_pool(bet_desk: BetDesk) -> None:
    receipt = bet_desk.accept("T1", request(multiplier=2))
    assert is_valid_ticket_number(receipt.ticket_number)
    assert (receipt.cost, receipt.status) == (300, "ACCEPTED")
    assert bet_desk.pool(RACE, BetType.SIMPLE_GAGNANT).stake_on_runner(3) == 300
    assert journal.verify(bet_desk.store).intact
    kinds = [r[0] for r in bet_desk.store.execute("SELECT kind FROM journal ORDER BY seq")]
    assert kinds[-1] == "bets.accepted"


def test_a_replay_returns_the_original_receipt_and_counts_once(bet_desk: BetDesk) -> None:
    original = request(bet_type="TRIO", formula="combinee", runners=(1, 2, 3, 4))
    first = bet_desk.accept("T1", original)
    again = bet_desk.accept("T1", original)
    assert again == first
    assert bets_stored(bet_desk.store) == 1
    assert bet_desk.pool(RACE, BetType.TRIO).total == first.cost


def test_the_same_transaction_with_another_body_is_refused(bet_desk: BetDesk) -> None:
    first = request()
    bet_desk.accept("T1", first)
    with pytest.raises(IdempotencyConflict, match="already used"):
        bet_desk.accept("T1", request(transaction_id=first.transaction_id, runners=(4,)))
    with pytest.raises(IdempotencyConflict):
        bet_desk.accept("T2", first)  # another terminal cannot claim it either
    assert bets_stored(bet_desk.store) == 1


def test_the_servers_clock_closes_betting_at_the_post_time(bet_desk: BetDesk, clock: Clock) -> None:
    clock.advance(minutes=29, seconds=59)
    bet_desk.accept("T1", request())
    clock.advance(seconds=1)
    with pytest.raises(BettingClosed, match="not open for bets"):
        bet_desk.accept("T1", request())
    assert bets_stored(bet_desk.store) == 1


def test_a_race_not_yet_open_or_closed_takes_no_bet(bet_desk: BetDesk, clock: Clock) -> None:
    with pytest.raises(BettingClosed, match="PLANNED"):
        bet_desk.accept("T1", request(race_id="2026-11-21/R2C1"))
    advance(bet_desk.store, RACE, "close", clock())
    with pytest.raises(BettingClosed, match="CLOSED"):
        bet_desk.accept("T1", request())
    with pytest.raises(NotFound, match="no race"):
        bet_desk.accept("T1", request(race_id="2026-11-21/R9C9"))


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"runners": (99,)}, "unknown_runner", "runner 99 is not in this race"),
        ({"runners": (3, 3)}, "duplicate_runner", "named twice"),
        (
            {"bet_type": "QUINTE_PLUS", "runners": (1, 2, 3, 4, 5)},
            "type_not_offered",
            "not offered",
        ),
        ({"bet_type": "TRIO", "runners": (1, 2)}, "wrong_runner_count", "too few"),
        ({"formula": "champ_magique"}, "not_a_bet", "not a formula"),
        ({"multiplier": 0}, "stake_below_minimum", "multiplier"),
    ],
)
def test_a_bad_bet_is_refused_with_its_reason_and_changes_nothing(
    bet_desk: BetDesk, changes: dict[str, object], code: str, message: str
) -> None:
    before = journal.verify(bet_desk.store).records
    with pytest.raises(InvalidBet, match=message) as caught:
        bet_desk.accept("T1", request(**changes))
    assert caught.value.code == code
    assert bets_stored(bet_desk.store) == 0
    assert journal.verify(bet_desk.store).records == before


def test_a_scratched_runner_is_refused(bet_desk: BetDesk) -> None:
    bet_desk.store.execute(
        "UPDATE runner SET scratched = 1 WHERE race_id = ? AND number = 3", (RACE,)
    )
    with pytest.raises(InvalidBet, match="scratched") as caught:
        bet_desk.accept("T1", request())
    assert caught.value.code == "scratched_runner"


def test_a_batch_gives_each_bet_its_own_outcome(bet_desk: BetDesk) -> None:
    good, bad, also_good = request(), request(runners=(99,)), request(runners=(5,))
    outcomes = bet_desk.accept_many([("T1", good), ("T1", bad), ("T2", also_good)])
    assert isinstance(outcomes[0], Receipt)
    assert isinstance(outcomes[1], InvalidBet)
    assert isinstance(outcomes[2], Receipt)
    assert bets_stored(bet_desk.store) == 2
    numbers = {outcomes[0].ticket_number, outcomes[2].ticket_number}
    assert len(numbers) == 2


def test_pools_are_rebuilt_from_the_durable_bets_after_a_restart(
    bet_desk: BetDesk, clock: Clock, server_db: str
) -> None:
    champ = request(bet_type="COUPLE_GAGNANT", formula="champ_total", base=(1,), runners=())
    sold = bet_desk.accept("T1", champ)
    bet_desk.accept("T1", request(bet_type="COUPLE_ORDRE", formula="combinee", runners=(2, 5)))
    bet_desk.accept("T2", request(runners=(7,), multiplier=3))
    # a runner scratched after the sale: the champ total keeps the starters it was sold with
    bet_desk.store.execute(
        "UPDATE runner SET scratched = 1 WHERE race_id = ? AND number = 4", (RACE,)
    )
    live = {
        t: dict(bet_desk.pool(RACE, t).stakes())
        for t in (BetType.COUPLE_GAGNANT, BetType.COUPLE_ORDRE, BetType.SIMPLE_GAGNANT)
    }
    restarted = BetDesk(open_store(server_db), clock, selling_for(writers_at(server_db))())
    try:
        for bet_type, stakes in live.items():
            assert dict(restarted.pool(RACE, bet_type).stakes()) == stakes
        assert restarted.accept("T1", champ) == sold  # a replay after the restart: same receipt
    finally:
        restarted.store.close()


def test_a_refusal_is_the_original_outcome_of_its_transaction(
    bet_desk: BetDesk, clock: Clock
) -> None:
    early = request(race_id="2026-11-21/R1C2")  # not open yet
    with pytest.raises(BettingClosed):
        bet_desk.accept("T1", early)
    advance(bet_desk.store, "2026-11-21/R1C2", "open", clock())
    with pytest.raises(BettingClosed) as again:  # a retry after the race opened
        bet_desk.accept("T1", early)
    assert (again.value.code, again.value.status) == ("betting_closed", 409)
    with pytest.raises(IdempotencyConflict):
        bet_desk.accept("T1", request(transaction_id=early.transaction_id, runners=(4,)))
    with pytest.raises(InvalidBet) as unknown:
        bet_desk.accept("T1", bad := request(runners=(99,)))
    with pytest.raises(InvalidBet) as replayed:
        bet_desk.accept("T1", bad)
    assert replayed.value.code == unknown.value.code == "unknown_runner"
    assert replayed.value.detail == unknown.value.detail
    assert bets_stored(bet_desk.store) == 0


def test_tickets_have_room_for_a_national_peak_day_and_never_run_past_it(
    bet_desk: BetDesk,
) -> None:
    """Format 1 numbered 9,999,999 tickets a day; the 10,000,000th got a number its own
    barcode could not carry (charged, never payable). Format 2 has nine digits of sequence,
    and a day that used them all refuses its next sales before charging them (issue 16)."""
    sold = bet_desk.accept("T1", request())
    assert len(sold.ticket_number) == 16
    assert (sold.barcode[:2], len(sold.barcode)) == ("94", 38)
    bet_desk.store.execute("UPDATE ticket_counter SET last = ?", (10_000_000,))
    bet_desk.selling = selling_for(bet_desk.store.writers)()  # PostgreSQL: a block afresh
    past_format_1 = bet_desk.accept("T1", request())
    assert past_format_1.ticket_number[6:15] == "010000001"
    assert number_from_payload(bet_desk.key, past_format_1.barcode) == past_format_1.ticket_number
    bet_desk.store.execute("UPDATE ticket_counter SET last = ?", (999_999_998,))
    bet_desk.selling = selling_for(bet_desk.store.writers)()
    outcomes = bet_desk.accept_many([("T1", request()), ("T1", request())])
    assert [getattr(o, "code", None) for o in outcomes] == ["numbers_exhausted"] * 2
    assert bets_stored(bet_desk.store) == 2  # nothing written, nothing charged


def test_a_format_1_ticket_sold_before_still_reads(bet_desk: BetDesk) -> None:
    sold = bet_desk.accept("T1", request())
    old = "2611210000042"
    old += luhn_digit(old)
    bet_desk.store.execute("UPDATE bet SET ticket_number = ?", (old,))
    barcode = barcode_payload(bet_desk.key, old)
    assert (barcode[:2], len(barcode)) == ("91", 36)
    assert number_from_payload(bet_desk.key, barcode) == old
    assert sold.ticket_number != old
