"""The demo's simulated racecourse lives through a whole race day on the real server: once
the day's only Quinté+ has run it bets on what is still offered, and once every race has run
it says so and waits, its race office still posting the results (issue 24: it used to die
of ``IndexError`` in ``a_bet``)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from scripts.racecourse import MIX, NothingToBet, Racecourse, a_bet, offered
from tests.servers import ADMIN_TOKEN, LiveServer

QUINTE_RACE = "2026-11-21/R1C4"  # the demo day's Quinté+, post at 13:06


def race(race_id: str, *bet_types: str) -> dict[str, object]:
    runners = [{"number": n, "scratched": False} for n in range(1, 11)]
    return {"race_id": race_id, "bet_types": list(bet_types), "runners": runners}


def test_a_bet_is_drawn_among_the_bet_types_still_offered() -> None:
    rng = random.Random(3)
    no_quinte = [race("R1C1", "SIMPLE_GAGNANT", "TIERCE"), race("R1C2", "TRIO")]
    drawn = Counter(a_bet(rng, no_quinte)["bet_type"] for _ in range(300))
    assert set(drawn) == {"SIMPLE_GAGNANT", "TIERCE", "TRIO"}
    assert {m[0] for m in offered(no_quinte)} == {"SIMPLE_GAGNANT", "TIERCE", "TRIO"}
    assert offered([race("R1C1", *{m[0] for m in MIX})]) == MIX  # the whole mix, as before
    assert offered([]) == [] == offered([race("R1C1", "TRIO_ORDRE")])  # not in the mix
    with pytest.raises(NothingToBet):
        a_bet(rng, [])


def statuses(server: LiveServer) -> dict[str, str]:
    with server.admin() as admin:
        answer = admin.get("/v1/admin/programme", params={"day": "2026-11-21"})
        answer.raise_for_status()
        return {r["race_id"]: r["status"] for m in answer.json()["meetings"] for r in m["races"]}


def test_the_racecourse_bets_on_after_the_quinte_and_waits_at_the_end_of_the_day(
    live_server: LiveServer, open_race: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{QUINTE_RACE}/open").raise_for_status()
    course = Racecourse(live_server.url, ADMIN_TOKEN, rate=1000, clock=live_server.clock)
    try:
        with course.bettors() as bettors:
            live_server.clock.advance(minutes=68)  # 13:08: the Quinté+ has run, others open
            for _ in range(40):  # the old a_bet drew a Quinté+ among them, and died
                course.step(bettors)
            seen = statuses(live_server)
            assert seen[QUINTE_RACE] == seen[open_race] == "RESULT_OFFICIAL"
            assert "OPEN" in seen.values()  # the later races, opened by the race office
            assert (course.placed, course.refused) == (40, 0)

            live_server.clock.advance(hours=3)  # past the day's last post and result
            course.refresh(bettors)
            for _ in range(5):
                assert course.step(bettors) > 0  # a turn a second, not a busy loop
            assert (course.placed, course.refused) == (40, 0)
            seen = statuses(live_server)
            assert "OPEN" not in seen.values()
            assert "CLOSED" not in seen.values()  # every race run has its result
            said = capsys.readouterr().err
            assert said.count("racecourse: no race open for bets: the bettors wait") == 1
    finally:
        course.close()
