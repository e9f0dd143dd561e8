"""The bettor's selection at the kiosk: the runners tapped, base runners for a champ, the
formule complète and the stake, as a PMU point of sale offers them, priced at every touch.

A tap adds a runner, in order (a Tiercé unitaire is played as tapped); more runners than the
bet type takes make a combinée. With "Base (champ)" on, taps mark base runners instead: the
runners tapped with it off are the associates — none makes a champ total (every other
starter), some a champ réduit. The formule complète (every order) is offered for the ordered
types (Tiercé, Quarté+, Quinté+), on any selection: on exactly three runners of a Tiercé it
plays their six orders, as the counter's ``FC`` does. Stake presets multiply the base stake;
the summary then says what is left to insert.

Functions over the window, as ``leaving`` is: the window keeps the state, this its rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import Bet, BetType, Formula, formula_for, spec_of
from terminal.errors import TerminalError
from terminal.operations.sell import Draft, price_in

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

STAKE_PRESETS = (1, 2, 5, 10)  # multipliers offered in one touch; − and + go 1 to 100
MAX_MULTIPLIER = 100


def draft_of(
    race_id: str, bet_type: str, picked: list[int], base: list[int], *, complete: bool,
    multiplier: int,
) -> Draft:  # fmt: skip
    """The taps read as the counter reads its keys (``pari.formula_for``): the two agree on
    every formula. "All orders" on exactly a unitaire's runners is their combinée in every
    order, priced so; it is dropped only where the type has no order to play."""
    complete = complete and complete_offered(bet_type)
    formula = formula_for(BetType(bet_type), len(picked), base=len(base),
                          champ_total=not picked, complete=complete)  # fmt: skip
    return Draft(race_id, bet_type, tuple(picked), formula.value, tuple(base), multiplier,
                 complete)  # fmt: skip


def champ_offered(bet_type: str) -> bool:
    """Where the bet type's specification sells a champ (a base, with others to go with it:
    two picks or more; not the Multi, a unitaire of 4 to 7 runners)."""
    return Formula.CHAMP_REDUIT in spec_of(BetType(bet_type)).formulas


def complete_offered(bet_type: str) -> bool:
    return spec_of(BetType(bet_type)).complete_offered


def start(w: KioskWindow, bet_type: str) -> None:
    w.picked, w.base, w.base_mode, w.complete = [], [], False, False
    redraft(w, w.draft.race_id, bet_type, 1)


def toggle_runner(w: KioskWindow, number: int) -> None:
    """Into the base (base mode) or the runners; a runner is in one of them at most."""
    into, other = (w.base, w.picked) if w.base_mode else (w.picked, w.base)
    if number in into:
        into.remove(number)
    else:
        if number in other:
            other.remove(number)
        into.append(number)
    redraft(w)
    w.idle.start()


def toggle_base_mode(w: KioskWindow) -> None:
    w.base_mode = not w.base_mode
    w.idle.start()


def toggle_complete(w: KioskWindow) -> None:
    w.complete = not w.complete
    redraft(w)
    w.idle.start()


def set_multiplier(w: KioskWindow, multiplier: int) -> None:
    redraft(w, multiplier=min(MAX_MULTIPLIER, max(1, multiplier)))
    w.idle.start()


def quietly_priced(w: KioskWindow, draft: Draft | None = None) -> Bet | None:
    """The bet priced as it stands, or None while it is not a bet yet (no message: the
    bettor is still choosing)."""
    draft = draft or w.draft
    race = w.races.get(draft.race_id)
    if race is None:
        return None
    try:
        return price_in(race, draft, w.desk.clock())
    except TerminalError:
        return None


def preset_cost(w: KioskWindow, multiplier: int) -> int | None:
    d = w.draft
    bet = quietly_priced(w, Draft(d.race_id, d.bet_type, d.runners, d.formula, d.base,
                                  multiplier, d.complete))  # fmt: skip
    return None if bet is None else bet.cost


def cost_text(w: KioskWindow) -> str:
    """What the selection is so far: ``Champ réduit : 6 combinaisons — 9,00 €``; a Multi's
    says what its one stake buys: ``en 6 : 15 combinaisons de 4 — 3,00 €``."""
    t = w.words
    bet = quietly_priced(w)
    if bet is None:
        return t.gettext("Choose your runners")
    return t.gettext("{formula}: {combinations} — {cost}",
                     formula=t.bet_formula(bet.bet_type, bet.formula.value, len(bet.runners),
                                           complete=bet.complete),
                     combinations=t.combinations(bet.bet_type, bet.combinations),
                     cost=t.amount(bet.cost))  # fmt: skip


def redraft(
    w: KioskWindow, race_id: str | None = None, bet_type: str | None = None,
    multiplier: int | None = None,
) -> None:  # fmt: skip
    d = w.draft
    w.draft = draft_of(race_id or d.race_id, bet_type or d.bet_type, w.picked, w.base,
                       complete=w.complete, multiplier=multiplier or d.multiplier)  # fmt: skip
