"""What the kiosk tells a bettor to do next: why a button is not open yet ("Choose 2 more
runners", "Not enough credit: insert €1.50"), on the line just above it, and the champ's two
steps — the base runners first, then the associates — in the runners screen's heading.

Functions over the window, as ``selection`` is: they read its state and change nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pari import Bet, BetType, spec_of
from terminal.errors import TerminalError
from terminal.operations.sell import price_in

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow


def runners_heading(w: KioskWindow) -> str:
    """The runners screen's heading: the bet's runners to choose, or the champ's step."""
    t, draft = w.words, w.draft
    bet_type = BetType(draft.bet_type)
    if w.base_mode:
        return t.gettext("Champ, step 1: tap the base runners")
    if draft.base:
        return t.gettext("Champ, step 2: tap the associates")
    picks = spec_of(bet_type).picks
    return t.ngettext("{bet_type}: choose {n} runner", "{bet_type}: choose {n} runners", picks,
                      bet_type=t.bet_type(bet_type))  # fmt: skip


def step_hint(w: KioskWindow) -> str:
    """In the champ's first step, how to get to the second ("" otherwise)."""
    if not w.base_mode:
        return ""
    return w.words.gettext("Then tap “Base runners (champ)” again to choose the associates")


def runners_missing(w: KioskWindow) -> str:
    """Why the selection is not a bet yet ("" when it is one): the runners still to choose,
    or, for anything else, the problem in the bettor's words."""
    t, draft = w.words, w.draft
    race = w.races.get(draft.race_id)
    if race is None or not draft.bet_type:
        return ""
    spec = spec_of(BetType(draft.bet_type))
    if not draft.base:
        need = spec.picks - len(draft.runners)
        if need > 0:
            return t.ngettext("Choose {n} more runner", "Choose {n} more runners", need)
    elif draft.runners and len(draft.base) < spec.picks:  # a champ réduit (none: champ total)
        need = spec.picks - len(draft.base) - len(draft.runners)
        if need > 0:
            return t.ngettext("Choose {n} more associate", "Choose {n} more associates", need)
    try:
        price_in(race, draft, w.desk.clock())
    except TerminalError as err:
        return t.problem(err)
    return ""


def pay_blocked(w: KioskWindow, bet: Bet | None) -> str:
    """Why the summary's pay button is off ("" when it is on)."""
    t = w.words
    if bet is None:
        return runners_missing(w)
    if w.blocked_because:
        return t.gettext("Betting unavailable: {why}", why=w.blocked_because)
    if w.balance < bet.cost:
        return t.gettext(
            "Not enough credit: insert {amount}", amount=t.amount(bet.cost - w.balance)
        )
    return ""
