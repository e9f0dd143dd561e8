"""Scratchings, results and the settlement of a race's pools through ``pari``.

A provisional result publishes dividends; the official one settles every bet: WINNING,
LOSING or REFUNDABLE, with what it pays in whole cents (the sub-cent remainder of an exact
payout, possible with 0.01 dividend steps, is kept like breakage). An abandoned race refunds
every bet. Each step is one transaction, journaled with the pools' totals, so that a crash
leaves a race either settled or not.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import ROUND_DOWN
from typing import Any

from backend import journal, unwon
from backend.errors import InvalidRequest, WrongRaceState
from backend.races import Race, RaceStatus, dividend_rows, load_race, lock, signed_by
from backend.sold_bets import sold_bets
from backend.store import Store
from pari import BetType, Finish, PariError, Pool, Settlement, settle

_BEFORE_RESULT = {RaceStatus.PLANNED, RaceStatus.OPEN, RaceStatus.CLOSED}


def scratch(store: Store, race_id: str, runner: int, now: datetime, by: str | None = None) -> str:
    """Withdraw a runner; return the race id (its odds board must be republished)."""
    with store.transaction():
        scratch_within(store, race_id, runner, now, by)
    return race_id


def scratch_within(store: Store, race_id: str, runner: int, now: datetime, by: str | None) -> None:
    """``scratch`` inside the caller's transaction (a feed's import scratches many at once)."""
    lock(store, race_id)
    race = load_race(store, race_id)
    if race.status not in _BEFORE_RESULT:
        raise WrongRaceState(
            f"race {race_id} is {race.status}: too late to scratch a runner",
            status=race.status.value,
        )
    if runner not in race.field.runners:
        numbers = race.field.runners
        raise InvalidRequest(
            f"runner {runner} is not in race {race_id}",
            code="unknown_runner",
            runner=runner,
            first=min(numbers),
            last=max(numbers),
        )
    store.execute(
        "UPDATE runner SET scratched = 1 WHERE race_id = ? AND number = ?", (race_id, runner)
    )
    store.execute("UPDATE race SET revision = revision + 1 WHERE id = ?", (race_id,))
    journal.append(
        store, now.isoformat(), "race.scratch", signed_by({"race": race_id, "runner": runner}, by)
    )


def record_result(
    store: Store,
    race_id: str,
    places: Any,
    official: bool,
    now: datetime,
    by: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Publish a provisional result, or make it official and settle every bet. ``by`` names
    the console operators who entered it (and, for an official one, who confirmed it)."""
    with store.transaction():
        return record_within(store, race_id, places, official, now, by)


def abandon(store: Store, race_id: str, now: datetime, by: str | None = None) -> dict[str, Any]:
    """A race abandoned before its result: every bet on it is refunded."""
    with store.transaction():
        return abandon_within(store, race_id, now, None if by is None else {"by": by})


def abandon_within(
    store: Store, race_id: str, now: datetime, by: dict[str, str] | None = None
) -> dict[str, Any]:
    """``abandon`` inside the caller's transaction."""
    lock(store, race_id)
    return _settle(store, load_race(store, race_id), None, True, now, by)


def record_within(
    store: Store,
    race_id: str,
    places: Any,
    official: bool,
    now: datetime,
    by: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``record_result`` inside the caller's transaction."""
    lock(store, race_id)
    race = load_race(store, race_id)
    closed = race.status is RaceStatus.CLOSED or (
        race.status is RaceStatus.OPEN and not race.takes_bets(now)
    )
    allowed = closed or race.status is RaceStatus.RESULT_PROVISIONAL
    if not allowed or (official and race.status is not RaceStatus.RESULT_PROVISIONAL):
        step = (
            "an official result follows a provisional one"
            if official
            else ("a result comes after the close")
        )
        raise WrongRaceState(f"race {race_id} is {race.status}: {step}", status=race.status.value)
    if not isinstance(places, list):
        raise InvalidRequest("places must be a list of places, each a list of runners")
    try:
        finish = Finish.of(places, race.field)
    except PariError as err:
        raise InvalidRequest(str(err), code=err.code, **err.params) from None
    return _settle(store, race, finish, official, now, by)


def _settle(
    store: Store,
    race: Race,
    finish: Finish | None,
    official: bool,
    now: datetime,
    by: dict[str, str] | None = None,
) -> dict[str, Any]:
    if finish is None and race.status not in _BEFORE_RESULT:
        raise WrongRaceState(
            f"race {race.race_id} is {race.status}: it cannot be abandoned",
            status=race.status.value,
        )
    bets = sold_bets(store, race)
    pools = {t: Pool(race.rules[t]) for t in race.bet_types}
    for _, bet in bets:
        pools[bet.bet_type].add(bet)
    settlements: dict[BetType, Settlement] = {
        t: settle(pool, race.field, finish) for t, pool in pools.items()
    }
    store.execute("DELETE FROM dividend WHERE race_id = ?", (race.race_id,))
    # an official result waiting for its second operator no longer stands on this one
    store.execute("DELETE FROM official_proposal WHERE race_id = ?", (race.race_id,))
    store.executemany(
        "INSERT INTO dividend (race_id, bet_type, rank, runners, dividend, official, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                race.race_id,
                t.value,
                d.rank.value,
                json.dumps(list(d.runners)),
                str(d.dividend),
                int(official),
                position,
            )
            for position, (t, d) in enumerate(
                (t, d) for t, s in settlements.items() for d in s.dividends
            )
        ],
    )
    unwon_pools = unwon.record(store, race.race_id, settlements, official)
    status = (
        RaceStatus.CANCELLED
        if finish is None
        else RaceStatus.RESULT_OFFICIAL
        if official
        else RaceStatus.RESULT_PROVISIONAL
    )
    paid_total = 0
    if official:
        updates = []
        for bet_id, bet in bets:
            result = settlements[bet.bet_type]
            cents = int((result.payout(bet) * 100).to_integral_value(ROUND_DOWN))
            groups, _ = result.coverage(bet.shape)
            state = (
                "LOSING"
                if cents == 0
                else ("WINNING" if groups and result.refund_all is None else "REFUNDABLE")
            )
            updates.append((state, cents, bet_id))
            paid_total += cents
        store.executemany("UPDATE bet SET status = ?, payout_cents = ? WHERE id = ?", updates)
    store.execute(
        "UPDATE race SET status = ?, result = ?, revision = revision + 1 WHERE id = ?",
        (status.value, None if finish is None else json.dumps(finish.places), race.race_id),
    )
    summary: dict[str, Any] = {
        "race": race.race_id,
        "status": status.value,
        "result": None if finish is None else [list(p) for p in finish.places],
        "pools": {
            t.value: {
                "total": pools[t].total,
                "refunded": s.refunded,
                "payouts": str(s.payouts),
                "balance": str(s.balance()),
            }
            for t, s in settlements.items()
            if pools[t].total
        },
        "bets_settled": len(bets) if official else 0,
        "payable_cents": paid_total,
    }
    if unwon_pools:  # refunded for want of a winner, or carried over to a jackpot
        summary["unwon"] = unwon_pools
    journal.append(
        store, now.isoformat(), f"race.{status.value.lower()}", {**summary, **(by or {})}
    )
    return summary


def dividends_view(store: Store, race_id: str) -> dict[str, Any]:
    race = load_race(store, race_id)
    return {
        "race_id": race_id,
        "status": race.status.value,
        "dividends": dividend_rows(store, race_id),
    }
