"""The console's use cases on both stores: sessions, the official result by two operators,
the fleet's state, the day's figures."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from backend.bet_request import BetRequest
from backend.betting import BetDesk
from backend.day_report import day_report, sales_per_hour, stakes_per_minute
from backend.errors import Conflict, InvalidRequest, NotFound, WrongRaceState
from backend.fleet import OFFLINE_AFTER, disable_terminal, fleet
from backend.official_result import confirm_official, proposal_of, propose_official, reject_official
from backend.operators import create_operator, log_in
from backend.races import advance, load_race
from backend.reports import heartbeat, period_report
from backend.results import record_result
from backend.sessions import IDLE, LONGEST, end_session, open_session, session_of
from backend.store import Store
from backend.terminals import all_secrets, secret_of

from .conftest import NOON, Clock

RACE = "2026-11-21/R1C1"
PASSWORD = "correct horse battery staple"


def last_record(store: Store) -> tuple[str, dict[str, object]]:
    row = store.execute("SELECT kind, payload FROM journal ORDER BY at DESC, seq DESC").fetchone()
    return row[0], json.loads(row[1])


# -- sessions -------------------------------------------------------------------------------


def test_a_session_lasts_while_used_and_ends_idle_or_at_logout(fresh_db: Store) -> None:
    claire = create_operator(fresh_db, "Claire", "race-office", PASSWORD, NOON)
    token = open_session(fresh_db, log_in(fresh_db, "Claire", PASSWORD, NOON), NOON)
    assert token not in str(fresh_db.execute("SELECT * FROM console_session").fetchall())
    session = session_of(fresh_db, token, NOON + IDLE - timedelta(seconds=1))
    assert session is not None
    assert (session.operator, session.checks(session.csrf), session.checks("forged")) == (
        claire,
        True,
        False,
    )
    # used just now: idle counts from here
    used = NOON + IDLE + timedelta(minutes=20)
    assert session_of(fresh_db, token, used) is not None
    assert session_of(fresh_db, token, used + IDLE + timedelta(minutes=2)) is None
    again = open_session(fresh_db, claire, NOON)
    end_session(fresh_db, again, NOON)
    assert session_of(fresh_db, again, NOON) is None
    assert session_of(fresh_db, "not-a-token", NOON) is None


def test_a_session_ends_at_its_longest_and_with_its_operator(fresh_db: Store) -> None:
    paul = create_operator(fresh_db, "Paul", "supervisor", PASSWORD, NOON)
    token = open_session(fresh_db, paul, NOON)
    moment = NOON
    while moment < NOON + LONGEST - IDLE:  # used all day long
        moment += IDLE - timedelta(minutes=1)
        assert session_of(fresh_db, token, moment) is not None
    assert session_of(fresh_db, token, NOON + LONGEST) is None
    other = open_session(fresh_db, paul, NOON)
    fresh_db.execute("UPDATE operator SET disabled_at = ? WHERE name = 'Paul'", (NOON.isoformat(),))
    assert session_of(fresh_db, other, NOON) is None


# -- the official result, by two operators -------------------------------------------------------


@pytest.fixture
def provisional(demo_day: Store, clock: Clock) -> Store:
    advance(demo_day, RACE, "close", clock())
    record_result(demo_day, RACE, [[4], [7, 2], [1]], False, clock(), {"by": "Claire"})
    return demo_day


def test_the_official_result_needs_a_second_operator(provisional: Store) -> None:
    entered = propose_official(provisional, RACE, [[4], [7, 2], [1]], "Claire", NOON)
    assert (entered.places, proposal_of(provisional, RACE)) == ([[4], [7, 2], [1]], entered)
    assert last_record(provisional) == (
        "race.official_proposed",
        {"race": RACE, "places": [[4], [7, 2], [1]], "by": "Claire"},
    )
    with pytest.raises(Conflict) as same:
        confirm_official(provisional, RACE, "Claire", NOON, revision=entered.revision)
    assert (same.value.code, load_race(provisional, RACE).status.value) == (
        "same_operator",
        "RESULT_PROVISIONAL",
    )
    settled = confirm_official(provisional, RACE, "Hugo", NOON, revision=entered.revision)
    assert settled["status"] == "RESULT_OFFICIAL"
    kind, payload = last_record(provisional)
    assert (kind, payload["by"], payload["confirmed_by"]) == (
        "race.result_official",
        "Claire",
        "Hugo",
    )
    assert proposal_of(provisional, RACE) is None
    with pytest.raises(NotFound):
        confirm_official(provisional, RACE, "Hugo", NOON, revision=entered.revision)


def test_an_official_result_is_rejected_or_replaced_never_half_made(provisional: Store) -> None:
    entered = propose_official(provisional, RACE, [[4], [7], [2]], "Claire", NOON)
    reject_official(provisional, RACE, "Hugo", NOON, revision=entered.revision)
    assert proposal_of(provisional, RACE) is None
    assert last_record(provisional)[0] == "race.official_rejected"
    propose_official(provisional, RACE, [[4], [7], [2]], "Claire", NOON)
    record_result(provisional, RACE, [[4], [2], [7]], False, NOON)  # the provisional changed
    assert proposal_of(provisional, RACE) is None
    with pytest.raises(InvalidRequest) as wrong:
        propose_official(provisional, RACE, [[4], [99]], "Claire", NOON)
    assert (wrong.value.code, wrong.value.params) == (
        "bad_result",
        {"reason": "unknown_runner", "place": 2, "runner": 99},
    )
    advance(provisional, "2026-11-21/R1C2", "open", NOON)
    with pytest.raises(WrongRaceState):
        propose_official(provisional, "2026-11-21/R1C2", [[1]], "Claire", NOON)


# -- the fleet ------------------------------------------------------------------------------------


def test_the_fleet_says_who_is_online_and_who_needs_a_person(demo_day: Store) -> None:
    states = [
        (t.terminal_id, t.online, t.seconds_since, t.attention) for t in fleet(demo_day, NOON)
    ]
    assert states == [("T1", False, None, ("offline",)), ("T2", False, None, ("offline",))]
    heartbeat(
        demo_day,
        "T1",
        {
            "mode": "counter",
            "printer": "paper_out",
            "queue_depth": 12,
            "clock_offset_ms": -45_000,
            "version": "0.1.0",
        },
        NOON,
    )
    heartbeat(demo_day, "T2", {"mode": "kiosk", "printer": "ok", "bill_acceptor": "ok"}, NOON)
    bar, kiosk = fleet(demo_day, NOON + timedelta(seconds=20))
    assert (bar.online, bar.seconds_since, bar.mode, bar.version) == (True, 20, "counter", "0.1.0")
    assert bar.attention == ("printer", "queue", "clock")
    assert (kiosk.online, kiosk.needs_attention) == (True, False)
    late = fleet(demo_day, NOON + OFFLINE_AFTER + timedelta(seconds=1))[1]
    assert (late.online, late.attention) == (False, ("offline",))
    heartbeat(demo_day, "T2", {"mode": "kiosk", "stopping": True}, NOON)
    stopped = fleet(demo_day, NOON)[1]
    assert (stopped.online, stopped.stopped, stopped.attention) == (False, True, ("stopped",))
    heartbeat(demo_day, "T2", {"queue_depth": "lots", "clock_offset_ms": True}, NOON)
    assert (fleet(demo_day, NOON)[1].queue_depth, fleet(demo_day, NOON)[1].clock_offset_ms) == (
        0,
        0,
    )


def test_a_disabled_terminal_may_no_longer_sign(demo_day: Store) -> None:
    assert secret_of(demo_day, "T2") is not None
    assert disable_terminal(demo_day, "T2", NOON, by="Nadia") == "kiosk"
    assert (secret_of(demo_day, "T2"), sorted(all_secrets(demo_day))) == (None, ["T1"])
    assert last_record(demo_day) == ("terminal.disabled", {"terminal": "T2", "by": "Nadia"})
    assert fleet(demo_day, NOON)[1].disabled
    with pytest.raises(Conflict):
        disable_terminal(demo_day, "T2", NOON)
    with pytest.raises(NotFound):
        disable_terminal(demo_day, "T9", NOON)


# -- the day's figures ----------------------------------------------------------------------------


def test_the_days_figures_agree_with_each_terminals_report(bet_desk: BetDesk, clock: Clock) -> None:
    sold = 0
    for minute in range(6):
        clock.now = NOON + timedelta(minutes=20 + minute, seconds=10)
        for n in range(minute + 1):  # the rush: more each minute
            terminal = "T1" if n % 2 else "T2"
            bet_desk.accept(
                terminal,
                BetRequest(
                    f"00000000-0000-4000-8000-{minute:06d}{n:06d}",
                    RACE,
                    "SIMPLE_GAGNANT",
                    (1 + n % 5,),
                    multiplier=2,
                ),
            )
            sold += 300
    start, end = NOON.replace(hour=0), NOON.replace(hour=0) + timedelta(days=1)
    report = day_report(bet_desk.store, start, end)
    for figures in report.terminals:
        single = period_report(
            bet_desk.store, figures.terminal_id, start.isoformat(), end.isoformat()
        )
        assert (figures.sales, figures.sales_cents, figures.net_cents) == (
            single["sales"]["count"],
            single["sales"]["amount"],
            single["net"],
        )
    assert (report.total.sales, report.total.sales_cents) == (21, sold)
    post = load_race(bet_desk.store, RACE).post_time
    minutes = stakes_per_minute(bet_desk.store, RACE, post, minutes=30)
    assert (len(minutes), minutes[-1][0]) == (30, post.replace(second=0))
    assert [cents for _, cents in minutes[19:25]] == [300, 600, 900, 1200, 1500, 1800]
    assert sum(cents for _, cents in minutes) == sold
    hours = sales_per_hour(bet_desk.store, start, end)
    assert (len(hours), hours[12][1], sum(c for _, c in hours)) == (24, sold, sold)
