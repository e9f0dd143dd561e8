"""Approximate odds through the real server: the snapshot and the SSE stream."""

from __future__ import annotations

import json
import queue
import threading
from decimal import Decimal
from typing import Any

import httpx

from backend.odds import odds_of

from .conftest import LiveServer
from .test_api import bet


def read_events(
    client: httpx.Client,
    found: queue.Queue[dict[str, Any]],
    stop: threading.Event,
    kind: str = "odds",
) -> None:
    """Read the stream on a thread and hand each event of ``kind`` (or the failure) to the
    test."""
    try:
        with client.stream("GET", "/v1/odds-stream", timeout=httpx.Timeout(10, read=20)) as answer:
            found.put({"status": answer.status_code, "type": answer.headers["content-type"]})
            event = ""
            for line in answer.iter_lines():
                if stop.is_set():
                    return
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                if line.startswith("data: ") and event == kind:
                    found.put(json.loads(line[len("data: ") :]))
    except httpx.TransportError as err:
        if not stop.is_set():
            found.put({"error": repr(err)})


def wait_for(found: queue.Queue[dict[str, Any]], accept: Any) -> dict[str, Any]:
    while True:
        odds = found.get(timeout=15)  # bounded: a missing push fails the test
        assert "error" not in odds, odds["error"]
        if accept(odds):
            return odds


def test_the_stream_pushes_new_odds_after_a_bet(live_server: LiveServer, open_race: str) -> None:
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with live_server.terminal("odds board") as board, live_server.terminal("till") as till:
        reader = threading.Thread(target=read_events, args=(board, found, stop), daemon=True)
        reader.start()
        opened = found.get(timeout=15)
        assert opened.get("status") == 200, opened
        assert opened["type"].startswith("text/event-stream")
        first = wait_for(found, lambda o: o.get("race_id") == open_race)
        assert set(first["odds"].values()) == {None}  # nothing staked yet
        till.post("/v1/bets", json=bet(open_race, runners=[3], multiplier=2)).raise_for_status()
        till.post("/v1/bets", json=bet(open_race, runners=[5], multiplier=6)).raise_for_status()
        moved = wait_for(found, lambda o: o.get("race_id") == open_race and o["pool_total"] == 1200)
        stop.set()
        till.post("/v1/bets", json=bet(open_race, runners=[1])).raise_for_status()  # one more event
        reader.join(timeout=20)  # the reader sees the stop at that event and leaves
    assert not reader.is_alive()
    # 12 € × 0.844 = 10.128: on runner 3 (3 €) 3.376 → 3.30; on runner 5 (9 €) 1.125 → 1.10
    assert (moved["odds"]["3"], moved["odds"]["5"], moved["odds"]["1"]) == ("3.30", "1.10", None)
    assert moved["version"] > first["version"]
    assert Decimal(moved["odds"]["3"]) > Decimal(moved["odds"]["5"])


def test_snapshot_and_one_race(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        terminal.post("/v1/bets", json=bet(open_race, runners=[2], multiplier=4)).raise_for_status()
        one = terminal.get(f"/v1/odds/{open_race}").json()
        # 6 € × 0.844 on the one runner backed: 0.84, shown as the minimum dividend it would pay
        assert (one["pool_total"], one["odds"]["2"], one["open"]) == (600, "1.10", True)
        snapshot = terminal.get("/v1/odds").json()
    assert all("odds" in race for race in snapshot["races"])


def test_the_stream_needs_a_signature(live_server: LiveServer, open_race: str) -> None:
    with httpx.Client(base_url=live_server.url) as anonymous:
        assert anonymous.get("/v1/odds-stream").status_code == 401


def test_a_scratching_republishes_the_races_odds(live_server: LiveServer, open_race: str) -> None:
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with live_server.terminal("board") as board, live_server.terminal("till") as till:
        reader = threading.Thread(target=read_events, args=(board, found, stop), daemon=True)
        reader.start()
        assert found.get(timeout=15).get("status") == 200
        wait_for(found, lambda o: o.get("race_id") == open_race)
        with live_server.admin() as admin:
            admin.post(
                f"/v1/admin/races/{open_race}/scratch", json={"runner": 4}
            ).raise_for_status()
        scratched = wait_for(found, lambda o: o.get("race_id") == open_race and o["scratched"])
        stop.set()
        till.post("/v1/bets", json=bet(open_race, runners=[1])).raise_for_status()  # one more event
        reader.join(timeout=20)
    assert scratched["scratched"] == [4]
    assert "4" not in scratched["odds"]


def test_race_changes_are_on_the_stream(live_server: LiveServer, open_race: str) -> None:
    """A scratching, the close and a result each go out as ``event: race``, in the shape of
    ``/v1/programme``'s races, so a terminal applies them without reloading anything."""
    found: queue.Queue[dict[str, Any]] = queue.Queue()
    stop = threading.Event()
    with live_server.terminal("board") as board:
        reader = threading.Thread(
            target=read_events, args=(board, found, stop, "race"), daemon=True
        )
        reader.start()
        assert found.get(timeout=15).get("status") == 200
        with live_server.admin() as admin:
            admin.post(f"/v1/admin/races/{open_race}/scratch", json={"runner": 4})
            scratched = wait_for(
                found,
                lambda r: r["race_id"] == open_race and any(x["scratched"] for x in r["runners"]),
            )
            admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
            closed = wait_for(found, lambda r: r["status"] == "CLOSED")
            admin.post(
                f"/v1/admin/races/{open_race}/result",
                json={"places": [[1], [2], [3]], "official": False},
            ).raise_for_status()
            resulted = wait_for(found, lambda r: r["status"] not in {"OPEN", "CLOSED"})
        stop.set()
        with live_server.admin() as admin:  # one more event, for the reader to see the stop
            admin.post(
                f"/v1/admin/races/{open_race}/result",
                json={"places": [[1], [2], [3]], "official": True},
            )
        reader.join(timeout=20)
    assert [r["number"] for r in scratched["runners"] if r["scratched"]] == [4]
    assert closed["version"] > scratched["version"]
    assert resulted["status"] == "RESULT_PROVISIONAL"
    assert closed["result"] is None
    assert resulted["result"]["places"] == [[1], [2], [3]]  # with its dividends (none: no bets)
    assert resulted["result"]["dividends"] == []
    assert set(closed) >= {"race_id", "name", "post_time", "status", "bet_types", "runners"}


def test_no_odds_while_the_win_pool_is_below_the_operators_threshold(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        terminal.post("/v1/bets", json=bet(open_race, runners=[2], multiplier=4)).raise_for_status()
        terminal.post("/v1/bets", json=bet(open_race, runners=[3], multiplier=4)).raise_for_status()
    now = live_server.clock()
    below = live_server.tote.call(lambda d: odds_of(d, open_race, now, min_pool=1201)).result(10)
    above = live_server.tote.call(lambda d: odds_of(d, open_race, now, min_pool=1200)).result(10)
    assert below["pool_total"] == above["pool_total"] == 1200
    assert set(below["odds"].values()) == {None}  # shown as "—"
    # 12 € × 0.844 / 6 € = 1.688, rounded down to the odds step (0.10)
    assert (above["odds"]["2"], above["odds"]["3"]) == ("1.60", "1.60")
