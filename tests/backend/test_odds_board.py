"""The odds board's fan-out (``backend.odds_board``): each event encoded once for every
subscriber, and a subscriber's waiting events sent as one piece, newest of each race only."""

from __future__ import annotations

import json
from typing import Any

from backend.odds_board import KEEP_ALIVE, ODDS, RACE, OddsBoard
from tests.loops import run_apart


def odds(race_id: str, version: int, total: int) -> dict[str, Any]:
    return {"race_id": race_id, "version": version, "pool_total": total, "odds": {}}


def events(text: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The Server-Sent Events in ``text``: kind, id, data."""
    found = []
    for block in text.split("\n\n"):
        if block.startswith("event: "):
            kind, ident, data = block.split("\n")
            found.append((kind[7:], ident[4:], json.loads(data[6:])))
    return found


def test_waiting_events_go_out_as_one_piece_encoded_once_for_everyone() -> None:
    async def scenario() -> tuple[list[str], list[str], str]:
        board = OddsBoard()
        board.publish([odds("R1", 1, 100)])
        streams = [board.stream(), board.stream()]
        first = [await anext(s) for s in streams]  # the odds as they stand
        board.publish([odds("R1", 2, 200), odds("R2", 3, 50)])
        board.publish([odds("R1", 4, 300)])  # R1 again before anyone read: the newest only
        board.publish([{"race_id": "R2", "version": 5, "status": "CLOSED"}], RACE)
        batch = [await anext(s) for s in streams]
        quiet = board.stream(keepalive=0.01)
        await anext(quiet)
        tick = await anext(quiet)
        board.close()
        return first, batch, tick

    first, batch, tick = run_apart(scenario())
    assert [events(text) for text in first] == [[(ODDS, "1", odds("R1", 1, 100))]] * 2
    assert batch[0] == batch[1]
    assert events(batch[0]) == [
        (ODDS, "4", odds("R1", 4, 300)),
        (ODDS, "3", odds("R2", 3, 50)),
        (RACE, "5", {"race_id": "R2", "version": 5, "status": "CLOSED"}),
    ]
    assert tick == KEEP_ALIVE
