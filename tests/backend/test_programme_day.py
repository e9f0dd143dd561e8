"""``GET /v1/programme?day=``: a day that is not a date is the terminal's mistake, said in one
line (422), never an empty programme as if the day had no races (issue 26, item 9). Through
the real server, signed as a terminal signs, on both stores."""

from __future__ import annotations

import pytest

from tests.servers import LiveServer


@pytest.mark.parametrize(
    "day",
    [
        "2026-11-2%ff",
        "2026-11-2%00",
        "%ff%ff%ff%ff%ff%ff%ff%ff%ff%ff",
        "2026-13-01",
        "2026-11-2x",
        "tomorrow!!",
        "",
        "20261121",
        "2026-W47-6",
    ],
)
def test_a_day_that_is_not_a_date_is_refused(live_server: LiveServer, day: str) -> None:
    with live_server.terminal() as terminal:
        answer = terminal.get(f"/v1/programme?day={day}")
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["code"] == "invalid_request"
    assert problem["detail"].startswith("day must be a date such as 2026-11-21, not ")
    assert "\n" not in problem["detail"]


def test_a_date_reads_the_days_programme(live_server: LiveServer, open_race: str) -> None:
    with live_server.terminal() as terminal:
        day = terminal.get("/v1/programme?day=2026-11-21").json()
        other = terminal.get("/v1/programme?day=2026-11-22").json()
    assert open_race in [r["race_id"] for m in day["meetings"] for r in m["races"]]
    assert other["meetings"] == []
