"""A bettor's way through the kiosk without a window or a server: the races offered a page at
a time, the bet owed an answer, the late tickets listed, the idle warning, the voucher owed
kept on the screen; and the kiosk's state importing no Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from pari import BetType
from terminal.journey import Journey, Selection
from terminal.journey.journey import KEPT, LISTED, PAGE, WARNING_SECONDS
from tests.terminal.journey.races import NOW, race_of


def test_the_kiosk_s_state_imports_no_qt() -> None:
    """Checked where it runs, imports of imports included (the architecture test reads the
    source of each file)."""
    loaded = "import sys, terminal.journey; print(sorted(m for m in sys.modules if 'PySide' in m))"
    done = subprocess.run(
        [sys.executable, "-c", loaded],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )
    assert done.stdout.strip() == "[]"


def test_only_races_open_with_a_bet_on_sale_are_offered_a_page_at_a_time() -> None:
    journey = Journey()
    races = [race_of(n) for n in range(1, 16)]  # 15 open
    races.append(race_of(16, post_in=timedelta(minutes=-1)))  # past its post time
    races.append(race_of(17, types=()))  # nothing on sale here (a PMU race sold online)
    races.append(race_of(18, status="CLOSED"))
    journey.load(races, {})
    assert [r.race_id for r in journey.open_races(NOW)] == [r.race_id for r in races[:15]]
    assert journey.pages(NOW) == 2
    assert journey.page_races(NOW) == races[:PAGE]
    journey.turn(1)
    assert journey.page_races(NOW) == races[PAGE:15]
    journey.turn(1)  # past the last page (a tap on a page about to go): the last one
    assert journey.page_races(NOW) == races[PAGE:15]
    assert journey.race_page == 1
    journey.load(races[:3], {})  # races closed under the second page
    assert journey.page_races(NOW) == races[:3]
    assert (journey.race_page, journey.pages(NOW)) == (0, 1)
    journey.turn(1)
    journey.new_bettor()
    assert journey.race_page == 0


def test_no_race_open_is_one_empty_page() -> None:
    journey = Journey()
    assert (journey.pages(NOW), journey.page_races(NOW)) == (1, [])


def test_the_race_being_bet_on_and_its_odds() -> None:
    journey = Journey()
    race = race_of(2)
    journey.load([race], {race.race_id: {"odds": {"4": "3.5"}}})
    assert journey.race() is None
    journey.choose_race(race.race_id)
    assert journey.race() is race
    assert journey.odds_of(race.race_id) == {"4": "3.5"}
    journey.new_odds(race.race_id, None)  # the server has none yet
    assert journey.odds_of(race.race_id) == {}
    assert journey.odds_of("2026-11-21/R9C9") == {}


def test_an_answer_is_the_bettor_s_only_while_they_wait_for_it() -> None:
    journey = Journey()
    journey.paid("tx-1")
    journey.answer_slow()
    assert (journey.owed_bet, journey.owed_slow) == ("tx-1", True)
    assert not journey.answered("tx-0")  # someone else's, from before
    assert journey.answered("tx-1")
    assert not journey.answered("tx-1")  # told once
    journey.paid("tx-2")
    assert not journey.owed_slow
    journey.bettor_gone()  # back at the start: the ticket is the next person's to read
    assert not journey.answered("tx-2")


def test_a_ticket_sold_spends_the_selection() -> None:
    journey = Journey()
    journey.choose_race(race_of(1).race_id)
    journey.selection.choose_type(BetType.TIERCE.value)
    journey.selection.picked.extend([4, 7, 2])
    journey.sold()
    assert journey.selection == Selection()


def test_late_tickets_are_listed_newest_first_and_for_a_while() -> None:
    journey = Journey()
    for n in range(LISTED + 1):
        journey.keep_late(f"T{n}", NOW + timedelta(minutes=n))
    assert [t for t, _ in journey.late_shown(NOW + timedelta(minutes=5))] == ["T3", "T2", "T1"]
    later = NOW + timedelta(minutes=2) + KEPT
    assert [t for t, _ in journey.late_shown(later)] == ["T3"]
    assert journey.late_shown(later + timedelta(minutes=1)) == []


def test_the_idle_warning_counts_down_and_carries_on_where_it_was() -> None:
    journey = Journey()
    journey.warn("summary")
    ticks = 0
    while journey.tick():
        ticks += 1
    assert ticks == WARNING_SECONDS - 1  # the last second ends it
    assert journey.carry_on_to() == "summary"
    for screen in ("", "still_there"):
        journey.warn(screen)
        assert journey.carry_on_to() == "attract"


def test_a_voucher_owed_is_never_hidden_behind_the_next_bettor() -> None:
    journey = Journey(first_lang="en")
    journey.choose_race(race_of(1).race_id)
    journey.voucher_given(650, printed=False)
    assert (journey.voucher_amount, journey.voucher_waiting) == (650, True)
    assert not journey.start_afresh()
    assert journey.selection.race_id  # kept: nothing starts afresh yet
    journey.voucher_printed()
    assert journey.start_afresh()
    assert journey.selection == Selection()
    journey.voucher_given(300, printed=True)
    assert not journey.voucher_waiting
