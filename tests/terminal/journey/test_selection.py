"""The kiosk's selection rules without a window or a server: taps read as pari reads a
selection (formula, champ, formule complète), priced as the server charges it, the stake's
steps and the pool's maximum, a new race or bet type starting afresh, a non-runner refused.

Prices are worked by hand from the pools' base stakes (Tiercé 1,00 €, Couplé and Trio 1,50 €,
Multi 3,00 €)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catalogue import words_for
from pari import BetType
from terminal.errors import SaleProblem, TerminalError
from terminal.journey.selection import STAKE_PRESETS, Selection
from terminal.operations.sell import MAX_MULTIPLIER
from tests.terminal.journey.races import NOW, race_of

RACE = race_of(scratched=[3])
EURO = "\N{NO-BREAK SPACE}€"


def tapped(bet_type: str, *numbers: int, base: tuple[int, ...] = ()) -> Selection:
    """``base`` tapped with "Base runners (champ)" on, then ``numbers`` with it off."""
    selection = Selection()
    selection.choose_race(RACE.race_id)
    selection.choose_type(bet_type)
    if base:
        selection.toggle_base_mode()
        for number in base:
            selection.toggle(number, RACE.field)
        selection.toggle_base_mode()
    for number in numbers:
        selection.toggle(number, RACE.field)
    return selection


def test_a_tierce_on_its_three_runners_is_a_unitaire_in_the_order_tapped() -> None:
    selection = tapped("TIERCE", 4, 7, 2)
    draft = selection.draft
    assert (draft.runners, draft.formula, draft.base) == ((4, 7, 2), "unitaire", ())
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (1, 100)


def test_a_runner_more_makes_a_combinee_and_a_second_tap_takes_it_back() -> None:
    selection = tapped("TIERCE", 4, 7, 2, 5)
    assert selection.draft.formula == "combinee"
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (4, 400)  # the 4 sets of 3 among 4 runners
    selection.toggle(5, RACE.field)
    assert selection.draft.runners == (4, 7, 2)
    assert selection.draft.formula == "unitaire"


def test_all_orders_on_a_tierce_s_three_runners_is_their_six_orders() -> None:
    selection = tapped("TIERCE", 4, 7, 2)
    assert selection.complete_offered
    selection.toggle_complete()
    draft = selection.draft
    assert (draft.formula, draft.complete) == ("combinee", True)
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (6, 600)
    selection.toggle_complete()
    assert selection.draft.formula == "unitaire"


def test_all_orders_is_dropped_where_the_type_has_no_order() -> None:
    selection = tapped("TRIO", 1, 2, 4)
    assert not selection.complete_offered
    selection.toggle_complete()  # the switch is not shown; were it asked, nothing changes
    draft = selection.draft
    assert (draft.formula, draft.complete) == ("unitaire", False)
    assert selection.priced(RACE, NOW).cost == 150


def test_a_base_runner_alone_is_a_champ_total_and_associates_make_it_reduit() -> None:
    selection = tapped("COUPLE_GAGNANT", base=(4,))
    assert (selection.draft.formula, selection.draft.base) == ("champ_total", (4,))
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (6, 900)  # 4 with each of the 6 other starters
    selection.toggle(7, RACE.field)
    assert selection.draft.formula == "champ_reduit"
    assert selection.priced(RACE, NOW).cost == 150
    assert selection.wanted() == (0, 0)


def test_a_champ_reduit_says_how_many_associates_it_still_wants() -> None:
    selection = tapped("TIERCE", 7, base=(4,))
    assert selection.wanted() == (0, 1)
    assert selection.quietly_priced(RACE, NOW) is None
    selection.toggle(2, RACE.field)
    assert selection.wanted() == (0, 0)
    assert selection.priced(RACE, NOW).cost == 100


def test_a_runner_is_in_the_base_or_the_associates_never_both() -> None:
    selection = tapped("TIERCE", 4, 7)
    selection.toggle_base_mode()
    selection.toggle(4, RACE.field)  # moved to the base
    assert (selection.base, selection.picked) == ([4], [7])
    selection.toggle_base_mode()
    selection.toggle(4, RACE.field)  # and back
    assert (selection.base, selection.picked) == ([], [7, 4])
    assert [n for n in range(1, 9) if selection.chosen(n)] == [4, 7]


def test_runners_still_wanted_come_from_the_bet_type_s_specification() -> None:
    assert tapped("TIERCE").wanted() == (3, 0)
    assert tapped("TIERCE", 4).wanted() == (2, 0)
    assert tapped("SIMPLE_GAGNANT").wanted() == (1, 0)
    assert tapped("MULTI", 1, 2).wanted() == (2, 0)
    assert Selection().wanted() == (0, 0)  # no bet type yet


def test_the_multi_is_a_unitaire_of_four_to_seven_without_a_champ() -> None:
    selection = tapped("MULTI", 1, 2, 4, 5, 6)
    assert not selection.champ_offered
    assert selection.draft.formula == "unitaire"
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (5, 300)  # en 5: its 5 sets of 4, one stake
    selection.toggle(7, RACE.field)
    assert selection.priced(RACE, NOW).combinations == 15  # en 6: C(6, 4), still one stake
    selection.toggle(8, RACE.field)
    bet = selection.priced(RACE, NOW)
    assert (bet.combinations, bet.cost) == (35, 300)  # en 7
    selection.toggle(2, RACE.field)  # taken out: en 6 again
    assert selection.draft.runners == (1, 4, 5, 6, 7, 8)


def test_a_non_runner_or_a_runner_not_in_the_race_is_refused_in_the_catalogue_s_words() -> None:
    selection = tapped("TIERCE", 4)
    with pytest.raises(SaleProblem) as scratched:
        selection.toggle(3, RACE.field)
    assert scratched.value.code == "scratched_runner"
    assert words_for("fr").problem(scratched.value) == "Le 3 est non-partant (NP)"
    assert words_for("en").problem(scratched.value) == "Runner 3 is a non-runner (NP)"
    with pytest.raises(SaleProblem) as unknown:
        selection.toggle(99, RACE.field)
    assert words_for("fr").problem(unknown.value) == (
        "Le 99 ne court pas dans cette course (partants 1 à 8)"
    )
    assert (selection.picked, selection.base) == ([4], [])  # nothing changed


def test_a_runner_scratched_after_it_was_chosen_is_taken_out_base_first() -> None:
    selection = tapped("TIERCE", 5, 2, 6, base=(7,))
    out = selection.scratched_out(frozenset({2, 7, 8}))
    assert out == [7, 2]
    assert (selection.base, selection.picked) == ([], [5, 6])
    assert selection.scratched_out(frozenset({1})) == []


def test_the_stake_steps_stay_between_one_and_the_most_and_multiply_the_cost() -> None:
    selection = tapped("TRIO", 1, 2, 4)
    selection.step_stake(-1)
    assert selection.multiplier == 1
    selection.step_stake(1)
    assert selection.priced(RACE, NOW).cost == 300
    selection.set_multiplier(MAX_MULTIPLIER + 50)
    assert selection.multiplier == MAX_MULTIPLIER == 100
    selection.step_stake(1)
    assert selection.multiplier == MAX_MULTIPLIER
    assert selection.draft.multiplier == MAX_MULTIPLIER
    assert [selection.preset_cost(RACE, NOW, m) for m in STAKE_PRESETS] == [150, 300, 750, 1500]


def test_a_stake_above_the_pool_s_maximum_is_refused_and_its_presets_not_offered() -> None:
    race = race_of(scratched=[3], rules={BetType.TIERCE: {"max_stake": "10.00"}})
    selection = tapped("TIERCE", 4, 7, 2)
    selection.toggle_complete()  # 6,00 €
    assert selection.priced(race, NOW).cost == 600
    assert [selection.preset_cost(race, NOW, m) for m in STAKE_PRESETS] == [600, None, None, None]
    selection.set_multiplier(2)
    with pytest.raises(SaleProblem) as above:
        selection.priced(race, NOW)
    assert above.value.code == "stake_above_maximum"
    assert words_for("fr").problem(above.value) == f"La mise maximale de ce pari est de 10,00{EURO}"
    assert selection.quietly_priced(race, NOW) is None


def test_a_race_past_its_post_time_prices_nothing() -> None:
    closed = race_of(scratched=[3], post_in=timedelta(minutes=-1))
    selection = tapped("TIERCE", 4, 7, 2)
    with pytest.raises(TerminalError) as late:
        selection.priced(closed, NOW)
    assert late.value.code == "betting_closed"
    assert selection.quietly_priced(closed, NOW) is None


def test_another_race_or_bet_type_starts_the_selection_afresh() -> None:
    selection = tapped("TIERCE", 4, 7, 2, base=(5,))
    selection.toggle_complete()
    selection.toggle_base_mode()
    selection.set_multiplier(5)
    selection.choose_type("TRIO")
    assert (
        selection.picked,
        selection.base,
        selection.base_mode,
        selection.complete,
        selection.multiplier,
    ) == ([], [], False, False, 1)
    assert selection.draft.race_id == RACE.race_id
    selection.toggle(4, RACE.field)
    selection.choose_race("2026-11-21/R1C4")
    assert (selection.bet_type, selection.picked) == ("", [])
    assert selection.draft.race_id == "2026-11-21/R1C4"
    assert selection.draft.bet_type == ""
    assert selection.quietly_priced(race_of(4), NOW) is None  # no bet type: nothing to price


def test_a_selection_is_priced_only_on_its_own_race() -> None:
    selection = tapped("TIERCE", 4, 7, 2)
    assert selection.quietly_priced(race_of(5), NOW) is None
    assert selection.quietly_priced(None, NOW) is None
