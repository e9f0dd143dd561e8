"""What the kiosk tells a bettor to do next, in both languages, from the state alone."""

from __future__ import annotations

from catalogue import words_for
from pari import BetType
from terminal.journey import Journey, Selection, hints
from tests.terminal.journey.races import NOW, race_of

FR, EN = words_for("fr"), words_for("en")
RACE = race_of(scratched=[3])
EURO = "\N{NO-BREAK SPACE}€"


def selection_of(bet_type: str, *numbers: int) -> Selection:
    selection = Selection()
    selection.choose_race(RACE.race_id)
    selection.choose_type(bet_type)
    for number in numbers:
        selection.toggle(number, RACE.field)
    return selection


def test_the_heading_says_the_runners_to_choose_then_the_champ_s_steps() -> None:
    selection = selection_of("TIERCE")
    assert hints.runners_heading(FR, selection) == "Tiercé : choisissez 3 chevaux"
    assert hints.runners_heading(EN, selection_of("SIMPLE_GAGNANT")).endswith("choose 1 runner")
    assert hints.step_hint(FR, selection) == ""
    selection.toggle_base_mode()
    assert hints.runners_heading(FR, selection) == "Champ, étape 1 : touchez la base"
    assert hints.step_hint(FR, selection) != ""
    selection.toggle(4, RACE.field)
    selection.toggle_base_mode()
    assert hints.runners_heading(FR, selection) == "Champ, étape 2 : touchez les associés"


def test_what_is_missing_runners_associates_or_pari_s_reason() -> None:
    assert hints.runners_missing(FR, selection_of("TIERCE", 4), RACE, NOW) == (
        "Choisissez encore 2 chevaux"
    )
    assert hints.runners_missing(FR, selection_of("TIERCE", 4, 7), RACE, NOW) == (
        "Choisissez encore 1 cheval"
    )
    champ = selection_of("TIERCE")
    champ.toggle_base_mode()
    champ.toggle(4, RACE.field)
    champ.toggle_base_mode()
    champ.toggle(7, RACE.field)
    assert hints.runners_missing(FR, champ, RACE, NOW) == "Choisissez encore 1 associé"
    assert hints.runners_missing(FR, selection_of("TIERCE", 4, 7, 2), RACE, NOW) == ""
    dear = race_of(scratched=[3], rules={BetType.TIERCE: {"max_stake": "2.00"}})
    many = selection_of("TIERCE", 4, 7, 2, 5)  # 4,00 €
    assert hints.runners_missing(FR, many, dear, NOW) == (
        f"La mise maximale de ce pari est de 2,00{EURO}"
    )
    assert hints.runners_missing(FR, many, None, NOW) == ""


def test_the_cost_so_far() -> None:
    selection = selection_of("TIERCE", 4, 7, 2)
    bet = selection.quietly_priced(RACE, NOW)
    assert hints.cost_text(FR, bet) == f"unitaire : 1 combinaison — 1,00{EURO}"
    assert hints.cost_text(FR, None) == "Choisissez vos chevaux"


def test_why_the_pay_button_is_off() -> None:
    journey = Journey()
    journey.load([RACE], {})
    journey.selection = selection_of("TRIO", 1, 2)
    assert hints.pay_blocked(FR, journey, None, NOW) == "Choisissez encore 1 cheval"
    journey.selection.toggle(4, RACE.field)
    bet = journey.selection.priced(RACE, NOW)  # 1,50 €
    journey.balance = 100
    assert hints.pay_blocked(FR, journey, bet, NOW) == f"Crédit insuffisant : insérez 0,50{EURO}"
    journey.balance = 150
    assert hints.pay_blocked(FR, journey, bet, NOW) == ""
    journey.blocked_because = FR.gettext("the server cannot be reached")
    assert hints.pay_blocked(FR, journey, bet, NOW).startswith("Paris indisponibles : ")
