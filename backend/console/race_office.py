"""What the race office's pages show of a race, read in one visit to the tote: the race as
terminals see it, what it offers (``offer``: each pool's stakes and rules, and the PMU feed's
options), the official result waiting for its second operator, the pools and the approximate
odds, and what became of the pools nobody won (``unwon_said`` words them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from backend.betting import BetDesk
from backend.console.offer import Offer, offer_of
from backend.errors import InvalidRequest, ServerError
from backend.odds import odds_of
from backend.official_result import Proposal, proposal_of
from backend.races import load_race, race_view
from backend.unwon import REFUNDED, UnwonPool, of_race
from catalogue import Words

PLACES = 5  # result boxes on the form: a Quinté+ pays on five places


@dataclass(frozen=True, slots=True)
class PoolLine:
    bet_type: str
    bets: int
    total: int  # cents


@dataclass(frozen=True, slots=True)
class RaceOffice:
    race: dict[str, Any]  # race_view: status (closed at the post by the clock), runners, result
    proposal: Proposal | None
    pools: list[PoolLine]
    odds: dict[str, str | None]  # runner → approximate odd, while betting is open
    now: datetime
    unwon: list[UnwonPool]  # pools nobody won since the result: refunded, or carried over
    offer: Offer  # the pools on sale, as imported

    @property
    def status(self) -> str:
        return str(self.race["status"])

    @property
    def pools_total(self) -> int:
        return sum(p.total for p in self.pools)

    def runner(self, number: int) -> dict[str, Any] | None:
        return next((r for r in self.race["runners"] if r["number"] == number), None)


def race_office(desk: BetDesk, race_id: str, now: datetime, min_pool: int = 0) -> RaceOffice:
    race = race_view(desk.store, race_id, now)
    sold = {
        row[0]: (int(row[1]), int(row[2] or 0))
        for row in desk.store.execute(
            "SELECT bet_type, COUNT(*), SUM(cost) FROM bet WHERE race_id = ?"
            " AND status <> 'CANCELLED' GROUP BY bet_type",
            (race_id,),
        )
    }
    bet_types = cast(list[str], race["bet_types"])
    pools = [PoolLine(t, *sold.get(t, (0, 0))) for t in bet_types]
    odds: dict[str, str | None] = {}
    if race["status"] == "OPEN":
        try:
            odds = odds_of(desk, race_id, now, min_pool)["odds"]
        except ServerError:
            odds = {}  # a race without a win pool shows no odds
    return RaceOffice(
        race,
        proposal_of(desk.store, race_id),
        pools,
        odds,
        now,
        of_race(desk.store, race_id),
        offer_of(desk.store, load_race(desk.store, race_id)),
    )


def unwon_said(words: Words, pool: UnwonPool) -> str:
    """What became of a pool nobody won, in the operator's words: refunded to its bettors, or
    its unwon ranks' share carried over to the jackpot (the "masse reportée")."""
    amount = words.amount(pool.cents)
    if pool.outcome == REFUNDED:
        return words.gettext(
            "{bet_type}: pool not won — {amount} refunded to its bettors",
            bet_type=words.bet_type(pool.bet_type),
            amount=amount,
        )
    ranks = ", ".join(words.dividend_name(pool.bet_type, rank) for rank in pool.ranks)
    return words.ngettext(
        "{ranks}: rank not won — {amount} carried over to the jackpot",
        "{ranks}: ranks not won — {amount} carried over to the jackpot",
        len(pool.ranks),
        ranks=ranks,
        amount=amount,
    )


def places_of(form: dict[str, str]) -> list[list[int]]:
    """The finish typed in the result boxes: one place a box, a dead heat as ``4=7`` (or
    ``4 7``); boxes left empty at the end are places not typed."""
    boxes = [form.get(f"place{i}", "").strip() for i in range(1, PLACES + 1)]
    while boxes and not boxes[-1]:
        boxes.pop()
    places: list[list[int]] = []
    for index, box in enumerate(boxes, start=1):
        parts = box.replace("=", " ").replace(",", " ").split()
        if not parts or not all(p.isascii() and p.isdigit() and len(p) <= 2 for p in parts):
            raise InvalidRequest(
                f"place {index}: {box!r} is not runner numbers", code="bad_places", place=index
            )
        places.append([int(p) for p in parts])
    return places
