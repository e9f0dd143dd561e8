"""One check of a sale, the same at the terminal that prices it and the server that takes it.

A terminal prices a bet against its cached programme at every key or tap; the central server
checks it again against its own record before it accepts it. Both ask ``check_sale``, so a
bet the terminal priced is charged the same by the server, and a refusal says the same thing
(pari's stable code and params) on both sides. Whether the race still takes bets is not
checked here: that is the race's lifecycle and the server's clock, each side's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from pari.bet import Bet, make_bet
from pari.bet_types import BetType, Formula
from pari.errors import NotABet, TypeNotOffered
from pari.field import Field
from pari.rules import PoolRules


class Offer(Protocol):
    """A race as it is sold: its field and the rules of each pool it offers (a server's race
    record or a terminal's cached programme)."""

    @property
    def race_id(self) -> str: ...

    @property
    def field(self) -> Field: ...

    @property
    def rules(self) -> Mapping[BetType, PoolRules]: ...


class Wanted(Protocol):
    """A bet as asked for: the clerk's keys, the bettor's taps or a terminal's request."""

    @property
    def bet_type(self) -> str: ...

    @property
    def runners(self) -> Sequence[int]: ...

    @property
    def formula(self) -> str: ...

    @property
    def base(self) -> Sequence[int]: ...

    @property
    def multiplier(self) -> int: ...

    @property
    def complete(self) -> bool: ...


def check_sale(offer: Offer, wanted: Wanted) -> Bet:
    """The bet ``wanted`` on ``offer``, validated and priced: a pool the race offers, its
    runners, a formula its bet type sells, its stake within the pool's limits. Raises a
    ``SelectionError`` whose code and params say what is wrong."""
    try:
        bet_type = BetType(wanted.bet_type)
    except ValueError:
        raise NotABet(f"{wanted.bet_type!r} is not a bet type", case="bet_type") from None
    try:
        formula = Formula(wanted.formula)
    except ValueError:
        raise NotABet(f"{wanted.formula!r} is not a formula", case="formula") from None
    rules = offer.rules.get(bet_type)
    if rules is None and not offer.rules:  # a PMU race whose pools are all online or foreign
        raise TypeNotOffered(
            f"nothing is on sale on race {offer.race_id}",
            bet_type=bet_type.value,
            race_id=offer.race_id,
            case="nothing_on_sale",
        )
    if rules is None:
        raise TypeNotOffered(
            f"{bet_type} is not offered on race {offer.race_id}",
            bet_type=bet_type.value,
            race_id=offer.race_id,
        )
    return make_bet(
        bet_type,
        offer.field,
        rules,
        runners=wanted.runners,
        formula=formula,
        base=wanted.base,
        multiplier=wanted.multiplier,
        complete=wanted.complete,
    )
