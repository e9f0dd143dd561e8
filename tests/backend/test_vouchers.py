"""The voucher register, through the real server on loopback: created before printing, paid
exactly once at any terminal, refused with its reason when forged, expired or already paid."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from backend.vouchers import legacy_mac

from .conftest import LiveServer
from .test_api import assert_problem, bet
from .test_race_to_payout import from_six_terminals


def issue(client: httpx.Client, amount: int, tid: str | None = None) -> httpx.Response:
    body = {"transaction_id": tid or str(uuid.uuid4()), "amount": amount, "reason": "cash_out"}
    return client.post("/v1/vouchers", json=body)


def redeem(client: httpx.Client, barcode: str, tid: str | None = None) -> httpx.Response:
    body = {"transaction_id": tid or str(uuid.uuid4()), "barcode": barcode, "method": "cash"}
    return client.post("/v1/vouchers/redemptions", json=body)


def test_a_voucher_from_a_kiosk_is_paid_once_at_a_counter(live_server: LiveServer) -> None:
    with live_server.terminal("kiosk") as kiosk, live_server.terminal("counter") as counter:
        tid = str(uuid.uuid4())
        made = issue(kiosk, 650, tid)
        assert made.status_code == 200, made.text
        voucher: dict[str, Any] = made.json()
        assert voucher["barcode"].startswith("93")
        assert len(voucher["barcode"]) == 36
        assert voucher["barcode"][2:16] == voucher["number"]
        assert voucher["expires_at"][:10] == "2027-01-20"  # 60 days after 2026-11-21
        assert issue(kiosk, 650, tid).json() == voucher  # the kiosk's answer was lost: same one
        assert_problem(issue(kiosk, 700, tid), 409, "idempotency_conflict")

        seen = counter.get(f"/v1/vouchers/{voucher['barcode']}").json()
        assert (seen["amount"], seen["redeemed_at"], seen["expired"]) == (650, None, False)
        again = str(uuid.uuid4())
        paid = redeem(counter, voucher["barcode"], again)
        assert paid.status_code == 200, paid.text
        assert (paid.json()["amount"], paid.json()["method"]) == (650, "cash")
        assert redeem(counter, voucher["barcode"], again).json() == paid.json()  # a retry
        problem = assert_problem(redeem(kiosk, voucher["barcode"]), 409, "voucher_redeemed")
        assert problem["params"]["redeemed_at"] == paid.json()["redeemed_at"]
        assert counter.get(f"/v1/vouchers/{voucher['barcode']}").json()["redeemed_at"]
        day = {"start": "2026-11-21T00:00:00+00:00", "end": "2026-11-22T00:00:00+00:00"}
        issued = kiosk.get("/v1/reports", params=day).json()["vouchers"]
        taken = counter.get("/v1/reports", params=day).json()["vouchers"]
    assert issued == {"issued": {"count": 1, "amount": 650}, "redeemed": {"count": 0, "amount": 0}}
    assert taken == {"issued": {"count": 0, "amount": 0}, "redeemed": {"count": 1, "amount": 650}}


def test_two_terminals_redeeming_one_voucher_at_once_pay_it_once(live_server: LiveServer) -> None:
    with live_server.terminal("kiosk") as kiosk:
        voucher = issue(kiosk, 2000).json()
    answers = from_six_terminals(live_server, lambda c: redeem(c, voucher["barcode"]))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 1
    assert set(statuses) == {200, 409}
    assert all(a.json()["code"] == "voucher_redeemed" for a in answers if a.status_code == 409)


def test_an_expired_voucher_is_refused_with_its_date(live_server: LiveServer) -> None:
    with live_server.terminal("kiosk") as kiosk:
        voucher = issue(kiosk, 500).json()
        live_server.clock.advance(days=60, seconds=1)
        assert kiosk.get(f"/v1/vouchers/{voucher['barcode']}").json()["expired"] is True
        problem = assert_problem(redeem(kiosk, voucher["barcode"]), 409, "voucher_expired")
    assert problem["params"]["expires_at"] == voucher["expires_at"]


def test_a_forged_voucher_or_a_ticket_passed_as_one_is_refused(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        real = issue(terminal, 500).json()["barcode"]
        ticket = terminal.post("/v1/bets", json=bet(open_race, runners=[3])).json()["barcode"]
        for forged in (
            real[:-1] + str((int(real[-1]) + 1) % 10),  # MAC altered
            "93" + ticket[2:],  # a ticket's number and MAC under the voucher prefix
            "93" + "0" * 34,
            real[:-1] + "٣",  # an Arabic-Indic three: a digit to Python, not to a printer
            "hello",
        ):
            assert_problem(terminal.get(f"/v1/vouchers/{forged}"), 422, "forged_voucher")
            assert_problem(redeem(terminal, forged), 422, "forged_voucher")
        assert_problem(redeem(terminal, ticket), 422, "forged_voucher")
        assert_problem(issue(terminal, 0), 422, "invalid_request")


def test_a_voucher_a_kiosk_issued_itself_is_registered_then_paid_anywhere(
    live_server: LiveServer,
) -> None:
    """Before the register, a kiosk MAC'd its vouchers under its own secret (format 92)."""
    with live_server.terminal("kiosk") as kiosk, live_server.terminal("counter") as counter:
        number = "123456789012"
        barcode = "92" + number + legacy_mac(live_server.signer(kiosk).secret, number)
        at = live_server.clock()
        body = {
            "transaction_id": str(uuid.uuid4()),
            "barcode": barcode,
            "amount": 1200,
            "issued_at": (at - timedelta(days=3)).isoformat(),
            "expires_at": (at + timedelta(days=57)).isoformat(),
        }
        assert_problem(redeem(counter, barcode), 404, "unknown_voucher")  # not registered yet
        # a terminal registers only vouchers MAC'd under its own secret
        assert_problem(counter.post("/v1/vouchers/legacy", json=body), 422, "forged_voucher")
        registered = kiosk.post("/v1/vouchers/legacy", json=body)
        assert registered.status_code == 200, registered.text
        assert kiosk.post("/v1/vouchers/legacy", json=body).json() == registered.json()
        paid = redeem(counter, barcode)
        assert paid.status_code == 200, paid.text
        assert paid.json()["amount"] == 1200
        assert_problem(redeem(kiosk, barcode), 409, "voucher_redeemed")
        altered = barcode[:-1] + str((int(barcode[-1]) + 1) % 10)
        assert_problem(redeem(counter, altered), 404, "unknown_voucher")
