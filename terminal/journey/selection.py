"""The bettor's selection at the kiosk: the runners tapped, base runners for a champ, the
formule complète and the stake, as a PMU point of sale offers them, priced at every touch.

A tap adds a runner, in order (a Tiercé unitaire is played as tapped); more runners than the
bet type takes make a combinée. With "Base (champ)" on, taps mark base runners instead: the
runners tapped with it off are the associates — none makes a champ total (every other
starter), some a champ réduit. The formule complète (every order) is offered for the ordered
types (Tiercé, Quarté+, Quinté+), on any selection: on exactly three runners of a Tiercé it
plays their six orders, as the counter's ``FC`` does. Stake presets multiply the base stake.

What a selection is worth is ``pari``'s to say: the formula is ``pari.formula_for``'s reading
of the taps (the counter's keys read the same), the price and every refusal (a runner too
many, a stake above the pool's maximum) ``pari.check_sale``'s, through ``price_in``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pari import Bet, BetType, Field, Formula, PariError, formula_for, spec_of
from terminal.errors import SaleProblem, TerminalError
from terminal.operations.sell import MAX_MULTIPLIER, Draft, price_in
from terminal.store.programme import CachedRace

STAKE_PRESETS = (1, 2, 5, 10)  # multipliers offered in one touch; − and + go 1 to 100


def draft_of(
    race_id: str,
    bet_type: str,
    picked: list[int],
    base: list[int],
    *,
    complete: bool,
    multiplier: int,
) -> Draft:
    """The taps read as the counter reads its keys (``pari.formula_for``): the two agree on
    every formula. "All orders" on exactly a unitaire's runners is their combinée in every
    order, priced so; it is dropped only where the type has no order to play."""
    complete = complete and complete_offered(bet_type)
    formula = formula_for(
        BetType(bet_type), len(picked), base=len(base), champ_total=not picked, complete=complete
    )
    return Draft(race_id, bet_type, tuple(picked), formula.value, tuple(base), multiplier, complete)


def champ_offered(bet_type: str) -> bool:
    """Where the bet type's specification sells a champ (a base, with others to go with it:
    two picks or more; not the Multi, a unitaire of 4 to 7 runners)."""
    return Formula.CHAMP_REDUIT in spec_of(BetType(bet_type)).formulas


def complete_offered(bet_type: str) -> bool:
    return spec_of(BetType(bet_type)).complete_offered


@dataclass
class Selection:
    """What the bettor has tapped so far on one race. ``draft`` is it as a bet to price."""

    race_id: str = ""
    bet_type: str = ""  # "" until a bet type is chosen
    picked: list[int] = field(default_factory=list)  # the runners tapped, in order
    base: list[int] = field(default_factory=list)  # a champ's base runners
    base_mode: bool = False  # taps mark base runners
    complete: bool = False  # formule complète asked for
    multiplier: int = 1

    @property
    def draft(self) -> Draft:
        if not self.bet_type:
            return Draft(self.race_id, "")
        return draft_of(
            self.race_id,
            self.bet_type,
            self.picked,
            self.base,
            complete=self.complete,
            multiplier=self.multiplier,
        )

    def choose_race(self, race_id: str) -> None:
        """Another race: nothing chosen on it yet."""
        self.race_id, self.bet_type = race_id, ""
        self._clear()

    def choose_type(self, bet_type: str) -> None:
        """A bet type on the race: its runners from none, the stake from its base."""
        self.bet_type = bet_type
        self._clear()

    def _clear(self) -> None:
        self.picked, self.base, self.base_mode, self.complete = [], [], False, False
        self.multiplier = 1

    def toggle(self, number: int, race_field: Field) -> None:
        """Into the base (base mode) or the runners; a runner is in one of them at most. A
        runner not in the race, or a non-runner, is refused (``SaleProblem``, pari's code):
        it can be taken out, never put in."""
        into, other = (self.base, self.picked) if self.base_mode else (self.picked, self.base)
        if number in into:
            into.remove(number)
            return
        try:
            race_field.check_starter(number)
        except PariError as err:
            raise SaleProblem(str(err), code=err.code, **err.params) from None
        if number in other:
            other.remove(number)
        into.append(number)

    def toggle_base_mode(self) -> None:
        self.base_mode = not self.base_mode

    def toggle_complete(self) -> None:
        self.complete = not self.complete

    def set_multiplier(self, multiplier: int) -> None:
        """The stake's multiplier, kept from 1 to ``MAX_MULTIPLIER`` (a tap past either end
        stays there); the pool's maximum stake is pari's to refuse, when priced."""
        self.multiplier = min(MAX_MULTIPLIER, max(1, multiplier))

    def step_stake(self, step: int) -> None:
        self.set_multiplier(self.multiplier + step)

    def chosen(self, number: int) -> bool:
        return number in self.picked or number in self.base

    @property
    def champ_offered(self) -> bool:
        return bool(self.bet_type) and champ_offered(self.bet_type)

    @property
    def complete_offered(self) -> bool:
        return bool(self.bet_type) and complete_offered(self.bet_type)

    def scratched_out(self, scratched: frozenset[int]) -> list[int]:
        """Takes the runners now scratched out of the selection; returns them, in the order
        they were chosen (base runners first)."""
        out = [n for n in self.base + self.picked if n in scratched]
        self.picked[:] = [n for n in self.picked if n not in scratched]
        self.base[:] = [n for n in self.base if n not in scratched]
        return out

    def wanted(self) -> tuple[int, int]:
        """(runners, associates) still to tap before the selection can be a bet: the bet
        type's picks less those tapped; for a champ réduit, its associates (a champ with
        none is a champ total, a bet already)."""
        if not self.bet_type:
            return 0, 0
        picks = spec_of(BetType(self.bet_type)).picks
        if not self.base:
            return max(0, picks - len(self.picked)), 0
        if self.picked and len(self.base) < picks:
            return 0, max(0, picks - len(self.base) - len(self.picked))
        return 0, 0

    def priced(self, race: CachedRace, now: datetime, multiplier: int | None = None) -> Bet:
        """The bet as it stands on ``race`` (at ``multiplier`` if given), as the server
        will charge it; raises ``TerminalError`` saying why it is not one."""
        draft = self.draft
        if multiplier is not None:
            draft = Draft(
                draft.race_id,
                draft.bet_type,
                draft.runners,
                draft.formula,
                draft.base,
                multiplier,
                draft.complete,
            )
        return price_in(race, draft, now)

    def quietly_priced(
        self, race: CachedRace | None, now: datetime, multiplier: int | None = None
    ) -> Bet | None:
        """``priced``, or None while it is not a bet yet (no message: the bettor is still
        choosing)."""
        if race is None or race.race_id != self.race_id or not self.bet_type:
            return None
        try:
            return self.priced(race, now, multiplier)
        except TerminalError:
            return None

    def preset_cost(self, race: CachedRace | None, now: datetime, multiplier: int) -> int | None:
        """What a stake preset would cost, or None where it is not a bet (too dear)."""
        bet = self.quietly_priced(race, now, multiplier)
        return None if bet is None else bet.cost
