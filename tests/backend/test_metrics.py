"""The operators' metrics (``backend.metrics``), scraped over HTTP from a live server as
Prometheus would, parsed with prometheus_client's own parser: each figure moves by what was
done to the server, no more."""

from __future__ import annotations

import json
import logging
import queue
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from backend.app import ServerSettings, metrics_for, metrics_wanted
from backend.connections import GuardedProtocol
from backend.metrics import OFF, Metrics
from backend.security_headers import Message, Receive, Scope, Send
from backend.store.outage import Outage
from backend.timing import ROUTE, Timed
from tests.loops import run_apart
from tests.servers import ADMIN_TOKEN, LiveServer, running_server

from .conftest import Clock
from .test_api import assert_problem, bet
from .test_odds import read_events, wait_for

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
LATENCY = "guichet_http_request_duration_seconds_count"


def parsed(text: str) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name, frozenset(sample.labels.items())] = sample.value
    return found


def scrape(server: LiveServer, token: str = ADMIN_TOKEN) -> Samples:
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as reader:
        answer = reader.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    return parsed(answer.text)


def value(found: Samples, name: str, /, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def moved(before: Samples, after: Samples, name: str, /, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def test_bets_accepted_and_refused_by_code(live_server: LiveServer, open_race: str) -> None:
    before = scrape(live_server)
    with live_server.terminal() as till:
        for runners in ([1], [2], [3]):
            till.post("/v1/bets", json=bet(open_race, runners=runners)).raise_for_status()
        not_open = till.post("/v1/bets", json=bet("2026-11-21/R1C2"))
        assert_problem(not_open, 409, "betting_closed")
        batch = [bet(open_race, runners=[4]), bet(open_race, runners=[5]), bet(open_race)]
        batch[2]["runners"] = [99]  # no such runner
        answer = till.post("/v1/bets/batch", json={"bets": batch})
        answer.raise_for_status()
        results = answer.json()["results"]
        assert [r["accepted"] for r in results] == [True, True, False]
        runner_code = results[2]["problem"]["code"]
        retried = till.post("/v1/bets", json=batch[0])  # the same bet again: its receipt again
        assert retried.status_code == 200
    after = scrape(live_server)
    assert moved(before, after, "guichet_bets_accepted_total") == 6  # 3 + 2 + the retry
    assert moved(before, after, "guichet_bets_refused_total", code="betting_closed") == 1
    assert moved(before, after, "guichet_bets_refused_total", code=runner_code) == 1
    refused = sum(
        moved(before, after, name, **dict(labels))
        for name, labels in after
        if name == "guichet_bets_refused_total"
    )
    assert refused == 2
    # every bet went through one commit or another: 3 + 1 + 3 + 1
    assert moved(before, after, "guichet_tote_commit_bets_sum") == 8
    assert 1 <= moved(before, after, "guichet_tote_commit_bets_count") <= 6
    assert moved(before, after, "guichet_tote_commit_seconds_count") == moved(
        before, after, "guichet_tote_commit_bets_count"
    )


def test_answers_are_timed_by_route_template(live_server: LiveServer, open_race: str) -> None:
    before = scrape(live_server)
    with live_server.terminal() as till:
        sold = till.post("/v1/bets", json=bet(open_race)).json()
        till.post("/v1/bets", json=bet("2026-11-21/R1C2"))  # 409
        cancelled = till.post(f"/v1/bets/{sold['transaction_id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        till.get("/v1/no-such-place")
    after = scrape(live_server)
    post = {"method": "POST"}
    assert moved(before, after, LATENCY, route="/v1/bets", status="200", **post) == 1
    assert moved(before, after, LATENCY, route="/v1/bets", status="409", **post) == 1
    cancel = "/v1/bets/{transaction_id}/cancel"
    assert moved(before, after, LATENCY, route=cancel, status="200", **post) == 1
    assert moved(before, after, LATENCY, route="unmatched", status="404", method="GET") == 1
    routes = {dict(labels).get("route") for name, labels in after if name == LATENCY}
    assert not any(sold["transaction_id"] in str(route) for route in routes), routes
    # the scrape before this one was timed too, under its own route
    assert value(after, LATENCY, route="/metrics", status="200", method="GET") >= 1


def test_only_operators_read_the_metrics(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url, timeout=10) as stranger:
        assert_problem(stranger.get("/metrics"), 401, "admin_required")
        wrong = stranger.get("/metrics", headers={"Authorization": "Bearer guess"})
        assert_problem(wrong, 401, "admin_required")
    with live_server.terminal() as till:  # a terminal's signature is no operator's token
        assert_problem(till.get("/metrics"), 401, "admin_required")
    live_server.app.state.metrics_token = "prometheus-reads-this"  # GUICHET_METRICS_TOKEN
    assert "guichet_bets_accepted_total" in {
        name for name, _ in scrape(live_server, "prometheus-reads-this")
    }
    live_server.app.state.metrics = OFF  # GUICHET_METRICS=off
    with live_server.admin() as admin:
        assert_problem(admin.get("/metrics"), 404, "not_found")


def test_terminals_ages_and_outboxes_from_their_heartbeats(
    live_server: LiveServer, clock: Clock
) -> None:
    with live_server.terminal("Bar du Pont") as bar, live_server.terminal("Kiosque 2"):
        terminal = live_server.signer(bar).terminal_id
        beat = bar.post("/v1/heartbeat", json={"status": {"mode": "counter", "queue_depth": 4}})
        beat.raise_for_status()
    clock.advance(seconds=42)
    found = scrape(live_server)
    labels = {"terminal": terminal, "name": "Bar du Pont"}
    assert value(found, "guichet_terminal_heartbeat_age_seconds", **labels) == 42
    assert value(found, "guichet_terminal_outbox_depth", **labels) == 4
    ages = [labels for name, labels in found if name == "guichet_terminal_heartbeat_age_seconds"]
    assert len(ages) == 1  # the kiosk never beat: no age to give
    assert value(found, "guichet_terminals", state="offline") == 2  # 42 s > two missed beats
    assert value(found, "guichet_terminals", state="online") == 0


def test_subscribers_and_the_odds_publication_delay(
    live_server: LiveServer, open_race: str
) -> None:
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with live_server.terminal("board") as board, live_server.terminal("till") as till:
        reader = threading.Thread(target=read_events, args=(board, found, stop), daemon=True)
        reader.start()
        assert found.get(timeout=15).get("status") == 200
        before = scrape(live_server)
        assert value(before, "guichet_live_subscribers") == 1
        till.post("/v1/bets", json=bet(open_race, runners=[2], multiplier=3)).raise_for_status()
        wait_for(found, lambda odds: odds.get("race_id") == open_race and odds["pool_total"])
        after = scrape(live_server)
        stop.set()
        till.post("/v1/bets", json=bet(open_race)).raise_for_status()  # the reader sees stop
        reader.join(timeout=20)
    delays = moved(before, after, "guichet_odds_publication_delay_seconds_count")
    assert delays == 1
    assert 0 < moved(before, after, "guichet_odds_publication_delay_seconds_sum") < 30


@pytest.fixture
def one_connection(server_db: str, clock: Clock) -> Iterator[LiveServer]:
    with running_server(server_db, clock, GuardedProtocol.configured(most=1)) as server:
        yield server


def test_connections_held_and_refused(one_connection: LiveServer) -> None:
    server = one_connection
    with server.admin() as admin:  # holds the one connection (kept alive)
        assert admin.get("/v1/health").status_code == 200
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as extra:
            extra.sendall(b"GET /v1/health HTTP/1.1\r\nhost: x\r\n\r\n")
            assert extra.recv(200).startswith(b"HTTP/1.1 503")
        found = parsed(admin.get("/metrics").text)
    assert value(found, "guichet_connections_open") == 1
    assert value(found, "guichet_connections_refused_total", reason="too_many") == 1


def test_database_outages_are_counted_by_part() -> None:
    metrics = Metrics()
    outage = Outage(logging.getLogger("test"), "nonce checks", watch=metrics.outage("nonces"))
    for _ in range(3):
        outage.failed("cannot reach the database")
    during = parsed(metrics.exposition([]).decode())
    outage.recovered()
    outage.failed("cannot reach the database")
    after = parsed(metrics.exposition([]).decode())
    assert value(during, "guichet_database_down", part="nonces") == 1
    assert value(during, "guichet_database_errors_total", part="nonces") == 3
    assert value(during, "guichet_database_outages_total", part="nonces") == 1
    assert value(after, "guichet_database_outages_total", part="nonces") == 2
    assert value(after, "guichet_database_errors_total", part="nonces") == 4


def test_a_route_answered_outside_the_framework_is_timed_by_its_name() -> None:
    """The lean path answers bets without Starlette's router: it names its route in the
    scope; an application that fails before answering counts as a 500."""
    metrics = Metrics()

    async def lean(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "/boom":
            raise RuntimeError("failed before answering")
        if scope["path"] == "/v1/bets":
            scope[ROUTE] = "/v1/bets"
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def call(path: str) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            pass

        scope: Scope = {"type": "http", "method": "POST", "path": path}
        await Timed(lean, metrics)(scope, receive, send)

    run_apart(call("/v1/bets"))
    run_apart(call("/v1/bets/3f6c…"))
    with pytest.raises(RuntimeError):
        run_apart(call("/boom"))
    found = parsed(metrics.exposition([]).decode())
    post = {"method": "POST"}
    assert value(found, LATENCY, route="/v1/bets", status="200", **post) == 1
    assert value(found, LATENCY, route="unmatched", status="200", **post) == 1
    assert value(found, LATENCY, route="unmatched", status="500", **post) == 1


def test_the_dashboard_reads_only_metrics_the_server_gives() -> None:
    """packaging/grafana/guichet.json: every metric its panels query is one the server
    exposes (a renamed metric would leave a panel empty without a word)."""
    dashboard = json.loads((ROOT / "packaging" / "grafana" / "guichet.json").read_text())
    queried = {
        re.sub(r"_(bucket|count|sum|total)$", "", name)
        for panel in dashboard["panels"]
        for target in panel.get("targets", ())
        for name in re.findall(r"\bguichet_\w+", target["expr"])
    }
    given = {
        family.name
        for family in text_string_to_metric_families(EXPOSED)
        if family.name.startswith("guichet_") and not family.name.endswith("_created")
    }
    assert queried == given, (queried - given, given - queried)  # and each one shown


EXPOSED = Metrics().exposition([]).decode()
ROOT = Path(__file__).resolve().parents[2]


def test_metrics_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """``GUICHET_METRICS=off`` (what the bench compares against): nothing recorded, the
    connections left untimed (``Recorder.enabled``)."""
    monkeypatch.setenv("GUICHET_METRICS", "off")
    assert not metrics_wanted()
    assert metrics_for(ServerSettings("x.db", "t", metrics=metrics_wanted())) is OFF
    monkeypatch.setenv("GUICHET_METRICS", "on")
    assert isinstance(metrics_for(ServerSettings("x.db", "t", metrics=metrics_wanted())), Metrics)
    assert not OFF.enabled
