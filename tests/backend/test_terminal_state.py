"""Heartbeat, configuration, shifts and reports through the real server."""

from __future__ import annotations

import uuid
from datetime import timedelta

from .conftest import LiveServer
from .test_api import assert_problem, bet
from .test_race_to_payout import pay, settle_race


def test_heartbeat_gives_the_servers_time_and_the_configuration(live_server: LiveServer) -> None:
    with live_server.terminal("Kiosque Gare du Nord") as terminal:
        answer = terminal.post("/v1/heartbeat", json={"status": {"queue": 3, "printer": "OK"}})
        config = terminal.get("/v1/config").json()
    assert answer.status_code == 200, answer.text
    beat = answer.json()
    assert beat["server_time"] == live_server.clock().isoformat()
    assert (config["name"], config["cancel_window_seconds"]) == ("Kiosque Gare du Nord", 900)
    assert config["identity_threshold_cents"] == 200_000
    with live_server.admin() as admin:
        day = live_server.clock()
        listed = admin.get(
            "/v1/admin/reports",
            params={
                "start": (day - timedelta(hours=1)).isoformat(),
                "end": (day + timedelta(hours=1)).isoformat(),
            },
        ).json()
    seen = [t for t in listed["terminals"] if t["name"] == "Kiosque Gare du Nord"]
    assert seen[0]["last_seen"] == beat["server_time"]


def test_a_heartbeat_status_is_small_flat_json(live_server: LiveServer) -> None:
    with live_server.terminal() as terminal:
        nested = terminal.post("/v1/heartbeat", json={"status": {"printer": {"paper": "low"}}})
        assert_problem(nested, 422, "invalid_request")


def test_a_shift_counts_sales_cancellations_and_payouts(
    live_server: LiveServer, open_race: str
) -> None:
    shift = str(uuid.uuid4())
    with live_server.terminal("counter") as counter, live_server.terminal("other") as other:
        assert counter.post("/v1/shifts", json={"shift_id": shift}).status_code == 200
        assert counter.post("/v1/shifts", json={"shift_id": shift}).status_code == 200  # retry
        assert_problem(
            counter.post("/v1/shifts", json={"shift_id": str(uuid.uuid4())}), 409, "shift_open"
        )
        winner = counter.post("/v1/bets", json=bet(open_race, runners=[3], multiplier=2)).json()
        kept = counter.post("/v1/bets", json=bet(open_race, runners=[5], multiplier=4)).json()
        gone = counter.post("/v1/bets", json=bet(open_race, runners=[6])).json()
        counter.post(f"/v1/bets/{gone['transaction_id']}/cancel").raise_for_status()
        other.post("/v1/bets", json=bet(open_race, runners=[7], multiplier=9)).raise_for_status()
        x_report = counter.get(f"/v1/shifts/{shift}/report").json()
        assert (x_report["closed"], x_report["sales"]) == (False, {"count": 3, "amount": 1050})
        assert x_report["cancellations"] == {"count": 1, "amount": 150}

        settle_race(live_server, [[3], [5], [7]])
        live_server.clock.advance(minutes=1)
        pay(counter, winner["barcode"]).raise_for_status()
        z_report = counter.post(f"/v1/shifts/{shift}/close").json()
        again = counter.post(f"/v1/shifts/{shift}/close").json()
        assert_problem(other.get(f"/v1/shifts/{shift}/report"), 404, "not_found")
    # pool 3 + 6 + 13.50 = 22.50 €, net 18.99 on 3 € → 6.33 → 6.30: 18.90 € paid
    assert z_report["closed"] is True
    assert z_report["payouts"]["count"] == 1
    assert z_report["payouts"]["amount"] == 1890
    assert z_report["payouts"]["by_method"] == {"cash": {"count": 1, "amount": 1890}}
    assert z_report["net"] == 1050 - 150 - 1890
    assert again == z_report
    assert kept["cost"] == 600


def test_reports_refuse_a_malformed_period(live_server: LiveServer) -> None:
    with live_server.terminal() as terminal:
        answer = terminal.get("/v1/reports", params={"start": "yesterday", "end": "today"})
    assert_problem(answer, 422, "invalid_request")
