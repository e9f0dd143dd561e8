"""A race from programme to payouts, through the real server on loopback."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import httpx

from pari import BetType

from .conftest import LiveServer
from .test_api import assert_problem, bet

RACE = "2026-11-21/R1C1"


def pay(client: httpx.Client, barcode: str, **extra: Any) -> httpx.Response:
    return client.post(
        "/v1/payouts", json={"transaction_id": str(uuid.uuid4()), "barcode": barcode, **extra}
    )


def from_six_terminals(
    live_server: LiveServer, request: Callable[[httpx.Client], httpx.Response]
) -> list[httpx.Response]:
    """The same request from six terminals at once, four times each: the answers."""
    clients = [live_server.terminal(f"T{i}") for i in range(6)]
    try:
        with ThreadPoolExecutor(6) as pool:
            return list(pool.map(request, clients * 4))
    finally:
        for client in clients:
            client.close()


def settle_race(
    live_server: LiveServer, places: list[list[int]], race: str = RACE, *, close: bool = True
) -> dict[str, Any]:
    """Close the race (unless it is), publish ``places`` and make them official: the summary."""
    with live_server.admin() as admin:
        if close:
            admin.post(f"/v1/admin/races/{race}/close").raise_for_status()
        provisional = admin.post(f"/v1/admin/races/{race}/result", json={"places": places})
        provisional.raise_for_status()
        official = admin.post(
            f"/v1/admin/races/{race}/result", json={"places": places, "official": True}
        )
        official.raise_for_status()
        summary: dict[str, Any] = official.json()
    return summary


def test_a_race_from_programme_to_payouts(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal("counter") as counter, live_server.terminal("kiosk") as kiosk:
        winner = counter.post("/v1/bets", json=bet(open_race, runners=[3], multiplier=2)).json()
        loser = kiosk.post("/v1/bets", json=bet(open_race, runners=[5], multiplier=6)).json()
        trio = counter.post(
            "/v1/bets",
            json=bet(open_race, bet_type="TRIO", formula="combinee", runners=[1, 2, 3, 4]),
        ).json()
        with live_server.admin() as admin:  # scratched after the sale: combinations refunded
            admin.post(f"/v1/admin/races/{RACE}/scratch", json={"runner": 4}).raise_for_status()
        before = counter.get(f"/v1/tickets/{winner['barcode']}").json()
        assert (before["status"], before["payout"]) == ("ACCEPTED", None)
        assert_problem(pay(counter, winner["barcode"]), 409, "not_payable")

        summary = settle_race(live_server, [[3], [1], [2]])
        assert set(summary["pools"]) == {"SIMPLE_GAGNANT", "TRIO"}
        assert all(Decimal(pool["balance"]) == 0 for pool in summary["pools"].values())
        dividends = counter.get(f"/v1/races/{RACE}/dividends").json()["dividends"]
        win = next(d for d in dividends if d["bet_type"] == "SIMPLE_GAGNANT")
        # pool 3 + 9 = 12 €, net 12 × 0.844 = 10.128 on 3 € → 3.376 → 3.30
        assert (win["runners"], win["dividend"], win["official"]) == ([3], "3.30", True)

        seen = kiosk.get(f"/v1/tickets/{winner['barcode']}").json()  # any terminal reads it
        assert (seen["status"], seen["payout"]) == ("WINNING", 990)
        paid = pay(kiosk, winner["barcode"])  # paid at another terminal than the seller
        assert paid.status_code == 200, paid.text
        assert paid.json()["amount"] == 990
        assert_problem(pay(counter, winner["barcode"]), 409, "already_paid")
        assert_problem(pay(counter, loser["barcode"]), 409, "not_payable")

        # the trio combinée: 4 sets, 3 hold the scratched runner 4 and are refunded at 1.00;
        # {1,2,3} wins: net (6 − 4.50) × 0.77 = 1.155 on 1.50 → 0.77 → topped up to 1.10
        trio_view = counter.get(f"/v1/tickets/{trio['barcode']}").json()
        assert (trio_view["status"], trio_view["payout"]) == ("WINNING", 450 + 165)
        assert pay(counter, trio["barcode"]).json()["amount"] == 615


def test_concurrent_payouts_of_one_ticket_pay_exactly_once(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as seller:
        ticket = seller.post("/v1/bets", json=bet(open_race, runners=[3])).json()
        seller.post("/v1/bets", json=bet(open_race, runners=[6], multiplier=9)).raise_for_status()
    settle_race(live_server, [[3], [6], [1]])
    answers = from_six_terminals(live_server, lambda c: pay(c, ticket["barcode"]))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 1
    assert set(statuses) == {200, 409}
    assert all(a.json()["code"] == "already_paid" for a in answers if a.status_code == 409)


def test_a_payout_retry_returns_the_original_payment(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        ticket = terminal.post("/v1/bets", json=bet(open_race, runners=[3])).json()
        settle_race(live_server, [[3], [6], [1]])
        body = {"transaction_id": str(uuid.uuid4()), "barcode": ticket["barcode"]}
        first = terminal.post("/v1/payouts", json=body)
        again = terminal.post("/v1/payouts", json=body)  # the first answer was lost
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()


def test_a_forged_or_altered_ticket_is_refused(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        ticket = terminal.post("/v1/bets", json=bet(open_race, runners=[3])).json()
        real = ticket["barcode"]
        number = ticket["ticket_number"]
        altered_number = number[:-2] + str((int(number[-2]) + 1) % 10) + number[-1]
        for forged in (
            real[:-1] + str((int(real[-1]) + 1) % 10),  # MAC altered
            real.replace(number, altered_number),  # number altered, MAC kept
            "91" + "0" * 34,
            "hello",
        ):
            assert_problem(terminal.get(f"/v1/tickets/{forged}"), 422, "forged_ticket")
            assert_problem(pay(terminal, forged), 422, "forged_ticket")


def test_above_2000_euros_the_payee_is_identified_and_not_paid_cash(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        big = terminal.post("/v1/bets", json=bet(open_race, runners=[1], multiplier=1000)).json()
        terminal.post(
            "/v1/bets", json=bet(open_race, runners=[2], multiplier=1000)
        ).raise_for_status()
        settle_race(live_server, [[1], [2], [3]])
        # net 3,000 × 0.844 = 2,532 on 1,500 → 1.688 → 1.60: 2,400 € to pay
        problem = assert_problem(pay(terminal, big["barcode"]), 422, "identity_required")
        assert "not cash" in problem["detail"]
        assert_problem(pay(terminal, big["barcode"], method="transfer"), 422, "identity_required")
        payee = {"name": "Jeanne Martin", "document": "FR-ID 123456789"}
        paid = pay(terminal, big["barcode"], method="transfer", payee=payee)
    assert paid.status_code == 200, paid.text
    assert (paid.json()["amount"], paid.json()["method"]) == (240000, "transfer")


def test_cancellation_rules(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal("seller") as seller, live_server.terminal("other") as other:
        sold = seller.post("/v1/bets", json=bet(open_race, runners=[3], multiplier=4)).json()
        url = f"/v1/bets/{sold['transaction_id']}/cancel"
        assert_problem(other.post(url), 409, "cannot_cancel")  # not the selling terminal
        cancelled = seller.post(url)
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "CANCELLED"
        assert seller.post(url).json()["status"] == "CANCELLED"  # idempotent
        assert_problem(pay(seller, sold["barcode"]), 409, "not_payable")

        late = seller.post("/v1/bets", json=bet(open_race, runners=[3])).json()
        live_server.clock.advance(minutes=16)
        problem = assert_problem(
            seller.post(f"/v1/bets/{late['transaction_id']}/cancel"), 409, "cannot_cancel"
        )
        assert "15 minutes" in problem["detail"]
        fresh = seller.post("/v1/bets", json=bet(open_race, runners=[3])).json()
        live_server.clock.advance(minutes=14)  # post time passed: the race closed
        problem = assert_problem(
            seller.post(f"/v1/bets/{fresh['transaction_id']}/cancel"), 409, "cannot_cancel"
        )
        assert "closed" in problem["detail"]
        assert_problem(seller.post(f"/v1/bets/{uuid.uuid4()}/cancel"), 404, "not_found")

    def pool_total(desk: Any) -> int:
        total: int = desk.pool(RACE, BetType.SIMPLE_GAGNANT).total
        return total

    assert live_server.tote.call(pool_total).result(timeout=10) == 300  # the two left standing


def test_an_abandoned_race_refunds_every_bet(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        tickets = [
            terminal.post("/v1/bets", json=bet(open_race, runners=[r], multiplier=r)).json()
            for r in (1, 2, 3)
        ]
        with live_server.admin() as admin:
            done = admin.post(f"/v1/admin/races/{RACE}/cancel")
            assert done.json()["status"] == "CANCELLED"
            assert_problem(admin.post(f"/v1/admin/races/{RACE}/open"), 409, "wrong_race_state")
        for ticket in tickets:
            view = terminal.get(f"/v1/tickets/{ticket['barcode']}").json()
            assert (view["status"], view["payout"]) == ("REFUNDABLE", ticket["cost"])


def test_results_follow_the_lifecycle(live_server: LiveServer, open_race: str) -> None:
    with live_server.admin() as admin:
        url = f"/v1/admin/races/{RACE}/result"
        assert_problem(admin.post(url, json={"places": [[1]]}), 409, "wrong_race_state")
        admin.post(f"/v1/admin/races/{RACE}/close").raise_for_status()
        assert_problem(
            admin.post(url, json={"places": [[1]], "official": True}), 409, "wrong_race_state"
        )
        assert_problem(admin.post(url, json={"places": [[1], [1]]}), 422, "bad_result")
        assert_problem(admin.post(url, json={"places": [[99]]}), 422, "bad_result")
        assert admin.post(url, json={"places": [[2], [1]]}).json()["status"] == "RESULT_PROVISIONAL"
        official = admin.post(url, json={"places": [[1], [2]], "official": True}).json()
        assert (official["status"], official["result"]) == ("RESULT_OFFICIAL", [[1], [2]])
        scratch = admin.post(f"/v1/admin/races/{RACE}/scratch", json={"runner": 5})
        assert_problem(scratch, 409, "wrong_race_state")


def test_unicode_digits_in_a_barcode_are_a_forged_ticket(
    live_server: LiveServer, open_race: str
) -> None:
    """``str.isdigit`` takes "٣" and "²"; printers encode ASCII digits only (issue 16)."""
    with live_server.terminal() as terminal:
        barcode = terminal.post("/v1/bets", json=bet(open_race)).json()["barcode"]
        for forged in (barcode[:-1] + "٣", barcode[:10] + "²" + barcode[11:]):
            checked = terminal.get(f"/v1/tickets/{forged}")
            assert_problem(checked, 422, "forged_ticket")
            assert_problem(pay(terminal, forged), 422, "forged_ticket")
