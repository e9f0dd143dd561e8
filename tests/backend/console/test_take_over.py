"""The demo's simulated race office runs every race but those an operator took over at the
console: from the operator's first action on a race, it is theirs."""

from __future__ import annotations

from collections.abc import Callable

from scripts.racecourse import Racecourse
from tests.servers import ADMIN_TOKEN, LiveServer

from .conftest import DAY, Operator


def statuses(server: LiveServer) -> dict[str, str]:
    with server.admin() as admin:
        answer = admin.get("/v1/admin/programme", params={"day": DAY})
        answer.raise_for_status()
        races = [r for m in answer.json()["meetings"] for r in m["races"]]
    return {r["race_id"][-4:]: f"{r['status']} {r['taken_over_by'] or '-'}" for r in races}


def test_the_simulated_race_office_leaves_an_operators_races_alone(
    console: LiveServer, login: Callable[..., Operator]
) -> None:
    alice = login("alice")
    alice.race("scratch", code="R1C2", runner="3", confirmed="yes")  # takes R1C2 over
    office = Racecourse(console.url, ADMIN_TOKEN, rate=0, clock=console.clock)
    try:
        office._run_office()
        seen = statuses(console)
        assert (seen["R1C1"], seen["R1C2"], seen["R2C1"]) == (
            "OPEN -",
            "PLANNED alice",
            "OPEN -",
        )
        alice.race("open", code="R1C2")
        console.clock.advance(minutes=29)
        alice.race()  # in use: the session stays open
        console.clock.advance(minutes=20)  # a minute past R1C1's and R1C2's result time
        office._run_office()
        seen = statuses(console)
        assert (seen["R1C1"], seen["R1C2"]) == ("RESULT_OFFICIAL -", "CLOSED alice")
    finally:
        office.close()
    with console.admin() as admin:
        assert admin.get("/v1/admin/programme", params={"day": "today"}).status_code == 422
