"""The link to the server under network faults: every bet exactly once, whatever happens."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from backend.fleet import TerminalState, fleet
from terminal.app import VERSION, Terminal
from terminal.errors import Offline, Refused, SaleProblem
from terminal.link.client import Credentials, ServerClient
from terminal.link.drain import Drain, DrainWorker
from terminal.operations.desk import Desk
from terminal.operations.sell import Draft, price, sell
from terminal.store import outbox, programme
from tests.netfaults import FaultProxy
from tests.servers import LiveServer


def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait for a worker thread's effect, bounded (the workers report no signal to wait on)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        time.sleep(0.02)


def server_bets(live_server: LiveServer, terminal_id: str) -> dict[str, str]:
    """transaction id → ticket number, as the server recorded them for this terminal."""
    rows = live_server.tote.call(
        lambda d: d.store.execute(
            "SELECT id, ticket_number FROM bet WHERE terminal_id = ?", (terminal_id,)
        ).fetchall()
    ).result(timeout=10)
    return {r[0]: r[1] for r in rows}


def local_bets(desk: Desk) -> dict[str, str | None]:
    return {r[0]: r[1] for r in desk.store.all("SELECT transaction_id, ticket_number FROM bet")}


@pytest.mark.parametrize("fault", ["drop", "reset_response", "blackhole"])
def test_a_fault_mid_drain_then_recovery_records_every_bet_exactly_once(
    desk: Desk, open_race: str, live_server: LiveServer, proxy: FaultProxy, fault: str
) -> None:
    for runner in (1, 2, 3, 4, 5):
        sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (runner,)), wait=False)
    proxy.set(fault)
    with pytest.raises(Offline):
        desk.drain.once()
    proxy.set("pass")
    desk.drain.until_empty()

    mine = local_bets(desk)
    assert server_bets(live_server, desk.client.credentials.terminal_id) == mine
    assert all(mine.values())
    assert outbox.depth(desk.store) == 0


def test_a_slow_link_is_only_slow(desk: Desk, open_race: str, proxy: FaultProxy) -> None:
    proxy.delay = 0.3
    proxy.set("delay")
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.status == "ACCEPTED"


def test_the_worker_drains_after_an_outage_with_backoff(
    counter: Terminal, open_race: str, live_server: LiveServer, proxy: FaultProxy
) -> None:
    desk = counter.desk
    worker = DrainWorker(desk.drain, base=0.05, cap=0.3, idle=0.1)
    proxy.set("drop")
    worker.start()
    try:
        for runner in (1, 2, 3):
            sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (runner,)), wait=False)
        worker.wake()
        eventually(lambda: worker.failures >= 3)
        assert not desk.drain.state.online
        assert desk.drain.state.queue_depth == 4  # the shift's opening and three bets
        proxy.set("pass")
        eventually(lambda: outbox.depth(desk.store) == 0)
    finally:
        worker.stop()
    assert desk.drain.state.online
    assert server_bets(live_server, desk.client.credentials.terminal_id) == local_bets(desk)


def test_backoff_grows_to_its_cap_with_full_jitter(desk: Desk) -> None:
    worker = DrainWorker(desk.drain, base=0.25, cap=30.0, rng=random.Random(7))
    assert worker.delay() == worker.idle
    ceilings = []
    for failures in range(1, 12):
        worker.failures = failures
        delays = [worker.delay() for _ in range(200)]
        assert all(0 <= d <= min(30.0, 0.25 * 2**failures) for d in delays)
        ceilings.append(max(delays))
    assert ceilings[0] < 0.5 < ceilings[4] < 8.0 < ceilings[-1] <= 30.0


def test_the_feed_keeps_odds_current_and_resyncs_after_a_gap(
    counter: Terminal, open_race: str, live_server: LiveServer, proxy: FaultProxy
) -> None:
    feed = counter.feed
    feed.read_timeout = 2.0
    feed.start()
    try:
        eventually(lambda: feed.connected)
        sell(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=5))
        eventually(
            lambda: (
                (programme.odds_of(counter.desk.store, open_race) or {}).get("pool_total", 0) > 0
            )
        )
        first = feed.resyncs
        with live_server.admin() as admin:  # scratched while the link is down
            proxy.set("drop")
            admin.post(f"/v1/admin/races/{open_race}/scratch", json={"runner": 7})
        proxy.set("pass")
        eventually(lambda: feed.resyncs > first)
        eventually(lambda: 7 in programme.race(counter.desk.store, open_race).field.scratched)
    finally:
        feed.stop()


def test_the_heartbeat_measures_the_clock_offset(
    counter: Terminal, live_server: LiveServer
) -> None:
    client = counter.desk.client
    client.clock.local = lambda: live_server.clock() + timedelta(seconds=90)  # a fast clock
    counter.heartbeat.beat()
    assert abs(client.clock.offset + timedelta(seconds=90)) < timedelta(seconds=1)
    assert abs(client.clock() - live_server.clock()) < timedelta(seconds=1)
    assert counter.heartbeat.config["cancel_window_seconds"] == 900
    assert counter.heartbeat.online


def test_a_refused_request_keeps_the_bets_queued_and_the_worker_alive(
    desk: Desk, open_race: str
) -> None:
    sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)), wait=False)
    mine = desk.client.credentials
    forged = ServerClient(
        Credentials(mine.server_url, mine.terminal_id, b"not the secret" * 2), desk.client.clock
    )
    drain = Drain(desk.store, forged)
    with pytest.raises(Refused, match="signature does not match"):
        drain.once()
    assert outbox.depth(desk.store) == 2
    worker = DrainWorker(drain, base=0.01, cap=0.05)
    worker.start()
    try:
        eventually(lambda: worker.failures >= 3)
        assert worker._thread.is_alive()
    finally:
        worker.stop()
        forged.close()
    assert outbox.depth(desk.store) == 2
    assert desk.drain.until_empty() == 2  # with the right secret, all goes through


def test_race_changes_reach_the_terminal_live_without_a_resync(
    counter: Terminal, open_race: str, live_server: LiveServer
) -> None:
    """A scratching, then the betting stop: each is on the terminal within the server's
    publication interval, by the stream (no programme reload), and the terminal prices
    neither the scratched runner nor anything in the closed race."""
    feed = counter.feed
    told: list[str] = []
    feed.listeners.append(told.append)
    sell(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))  # the only bet: 1.10, the floor
    feed.start()
    try:
        eventually(lambda: feed.connected)
        resyncs = feed.resyncs
        with live_server.admin() as admin:
            admin.post(f"/v1/admin/races/{open_race}/scratch", json={"runner": 7})
            eventually(
                lambda: 7 in programme.race(counter.desk.store, open_race).field.scratched,
                within=3.0,
            )
            with pytest.raises(SaleProblem) as scratched:
                price(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (7,)))
            assert scratched.value.code == "scratched_runner"
            admin.post(f"/v1/admin/races/{open_race}/close")
            eventually(
                lambda: programme.race(counter.desk.store, open_race).status == "CLOSED", within=3.0
            )
        with pytest.raises(SaleProblem) as closed:
            price(counter.desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
        assert closed.value.code == "betting_closed"
        with live_server.admin() as admin:  # the provisional result brings its dividends
            admin.post(
                f"/v1/admin/races/{open_race}/result", json={"places": [[4], [2], [3]]}
            ).raise_for_status()
            eventually(
                lambda: programme.race(counter.desk.store, open_race).result is not None, within=3.0
            )
        result = programme.race(counter.desk.store, open_race).result
        assert result is not None
        assert result["places"] == [[4], [2], [3]]
        win = [d for d in result["dividends"] if d["bet_type"] == "SIMPLE_GAGNANT"]
        assert [(d["runners"], d["dividend"], d["official"]) for d in win] == [([4], "1.10", False)]
        assert feed.resyncs == resyncs  # the stream said it, not a reload
        assert "" in told  # the screens were told to read the programme again
    finally:
        feed.stop()


def test_the_heartbeat_tells_supervision_what_the_terminal_is_and_when_it_stops(
    counter: Terminal, live_server: LiveServer
) -> None:
    def seen() -> TerminalState:
        states = live_server.tote.call(lambda d: fleet(d.store, live_server.clock()))
        mine = counter.desk.client.credentials.terminal_id
        return next(s for s in states.result(timeout=10) if s.terminal_id == mine)

    counter.heartbeat.beat()
    state = seen()
    assert (state.online, state.mode, state.printer, state.bill_acceptor) == (
        True,
        "counter",
        "ok",
        "none",
    )
    assert state.version == VERSION != ""
    counter.heartbeat.stop()  # never started: stopping still says so
    assert (seen().online, seen().stopped) == (False, True)
