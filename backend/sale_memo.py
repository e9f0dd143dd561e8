"""Selections checked once per revision of their race (issue 28).

A race day repeats its selections: a Simple on one of 16 runners at one of a few
multipliers, the favourites' Couplés and Tiercés. ``check_sale`` and everything a sale writes
that is not the sale's own (its row's race, type, formula, runners and price, its journal
entry's, its receipt's description) were worked out again for every bet, half the tote's
CPU a bet. A ``SaleMemo`` keeps them per selection, for one race as it was read.

Valid only for that race: a race changes only by being read again (``BetDesk.changed``
drops it, and on PostgreSQL ``_still_current`` drops one another worker changed), and a memo
answers only for the very ``Race`` it was filled from, so a scratching, a close or new rules
are never answered from before them. A refusal is not kept: it is checked again each time.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import NamedTuple

from backend.bet_request import BetRequest, runners_text
from backend.races import Race
from pari import Bet, check_sale

LIMIT = 4096  # selections kept per race: a memo that fills up starts again, empty

Key = tuple[str, str, tuple[int, ...], tuple[int, ...], int, bool]
BetColumns = tuple[str, str, str, str, str, int, int, int, int, str]


class Sale(NamedTuple):
    """One selection on one race as it was read, checked and priced."""

    bet: Bet
    # the ``bet`` row's columns that are the selection's (``backend.betting``'s INSERT order)
    columns: BetColumns
    # the journal entry's keys from ``bet_type`` to ``terminal``, in canonical JSON: its own
    # ``bet`` before them and ``terminal``'s value and ``ticket`` after (``journal_entry``)
    entry: str
    # the receipt's, in its order
    race_id: str
    bet_type: str
    description: str
    combinations: int
    unit_stake: int
    cost: int


def sale_of(race: Race, bet: Bet) -> Sale:
    bet_type = bet.bet_type.value
    columns = (
        race.race_id,
        bet_type,
        bet.formula.value,
        runners_text(bet.base),
        runners_text(bet.others),
        int(bet.complete),
        bet.multiplier,
        bet.unit_stake,
        bet.cost,
        "ACCEPTED",
    )
    entry = (
        f',"bet_type":{encode_basestring(bet_type)},"cost":{int.__repr__(bet.cost)}'
        f',"race":{encode_basestring(race.race_id)},"terminal":'
    )
    return Sale(
        bet,
        columns,
        entry,
        race.race_id,
        bet_type,
        bet.describe(),
        bet.combinations,
        bet.unit_stake,
        bet.cost,
    )


def journal_entry(transaction_id: str, sale: Sale, terminal_id: str, number: str) -> str:
    """``journal.canonical`` of the entry of one accepted bet, written without the json
    module: ``{"bet", "bet_type", "cost", "race", "terminal", "ticket"}``, keys sorted, the
    strings encoded by the same function ``json.dumps`` uses (``ensure_ascii=False``); a
    ticket number is digits only."""
    return (
        f'{{"bet":{encode_basestring(transaction_id)}{sale.entry}'
        f'{encode_basestring(terminal_id)},"ticket":"{number}"}}'
    )


class SaleMemo:
    """The sales checked on one race as it was read (``race``)."""

    __slots__ = ("_sales", "race")

    def __init__(self, race: Race) -> None:
        self.race = race
        self._sales: dict[Key, Sale] = {}

    def sale(self, request: BetRequest) -> Sale:
        """``check_sale`` of ``request`` on the race, and what its rows repeat; a
        ``PariError`` as ``check_sale`` raises it."""
        runners, base = request.runners, request.base
        multiplier, complete = request.multiplier, request.complete
        if (
            type(multiplier) is not int  # True == 1, but only 1 is a multiplier
            or type(complete) is not bool
            or type(runners) is not tuple
            or type(base) is not tuple
        ):
            return sale_of(self.race, check_sale(self.race, request))
        key = (request.bet_type, request.formula, runners, base, multiplier, complete)
        found = self._sales.get(key)
        if found is None:
            found = sale_of(self.race, check_sale(self.race, request))
            if len(self._sales) >= LIMIT:
                self._sales.clear()
            self._sales[key] = found
        return found

    def __len__(self) -> int:
        return len(self._sales)
