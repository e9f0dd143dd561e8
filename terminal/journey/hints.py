"""What the kiosk tells a bettor to do next: why a button is not open yet ("Choose 2 more
runners", "Not enough credit: insert €1.50"), on the line just above it; the champ's two
steps — the base runners first, then the associates — in the runners screen's heading; and
what the selection adds up to so far.

Functions of the state they are given, in the bettor's words (``catalogue``): they change
nothing.
"""

from __future__ import annotations

from datetime import datetime

from catalogue import Words
from pari import Bet, BetType, spec_of
from terminal.errors import TerminalError
from terminal.journey.journey import Journey
from terminal.journey.selection import Selection
from terminal.store.programme import CachedRace


def runners_heading(t: Words, selection: Selection) -> str:
    """The runners screen's heading: the bet's runners to choose, or the champ's step."""
    if selection.base_mode:
        return t.gettext("Champ, step 1: tap the base runners")
    if selection.base:
        return t.gettext("Champ, step 2: tap the associates")
    bet_type = BetType(selection.bet_type)
    picks = spec_of(bet_type).picks
    return t.ngettext(
        "{bet_type}: choose {n} runner",
        "{bet_type}: choose {n} runners",
        picks,
        bet_type=t.bet_type(bet_type),
    )


def step_hint(t: Words, selection: Selection) -> str:
    """In the champ's first step, how to get to the second ("" otherwise)."""
    if not selection.base_mode:
        return ""
    return t.gettext("Then tap “Base runners (champ)” again to choose the associates")


def runners_missing(t: Words, selection: Selection, race: CachedRace | None, now: datetime) -> str:
    """Why the selection is not a bet yet ("" when it is one): the runners still to choose,
    or, for anything else, the problem in the bettor's words."""
    if race is None or not selection.bet_type:
        return ""
    runners, associates = selection.wanted()
    if runners:
        return t.ngettext("Choose {n} more runner", "Choose {n} more runners", runners)
    if associates:
        return t.ngettext("Choose {n} more associate", "Choose {n} more associates", associates)
    try:
        selection.priced(race, now)
    except TerminalError as err:
        return t.problem(err)
    return ""


def cost_text(t: Words, bet: Bet | None) -> str:
    """What the selection is so far: ``Champ réduit : 6 combinaisons — 9,00 €``; a Multi's
    says what its one stake buys: ``en 6 : 15 combinaisons de 4 — 3,00 €``."""
    if bet is None:
        return t.gettext("Choose your runners")
    return t.gettext(
        "{formula}: {combinations} — {cost}",
        formula=t.bet_formula(
            bet.bet_type, bet.formula.value, len(bet.runners), complete=bet.complete
        ),
        combinations=t.combinations(bet.bet_type, bet.combinations),
        cost=t.amount(bet.cost),
    )


def pay_blocked(t: Words, journey: Journey, bet: Bet | None, now: datetime) -> str:
    """Why the summary's pay button is off ("" when it is on)."""
    if bet is None:
        return runners_missing(t, journey.selection, journey.race(), now)
    if journey.blocked_because:
        return t.gettext("Betting unavailable: {why}", why=journey.blocked_because)
    if journey.balance < bet.cost:
        return t.gettext(
            "Not enough credit: insert {amount}", amount=t.amount(bet.cost - journey.balance)
        )
    return ""
