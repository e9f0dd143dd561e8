"""Bets as the database holds them, read back: one by one as sold, or grouped into a pool.

Shared by the bet desk (pools rebuilt after a restart; on PostgreSQL, read afresh), the
cancellation (the bet to take out) and the settlement (every bet of the race).
"""

from __future__ import annotations

import json
from dataclasses import replace

from backend.races import Race
from backend.store import Row, Store
from pari import Bet, BetType, Field, Formula, Pool, make_bet


def sold_bets(store: Store, race: Race) -> list[tuple[str, Bet]]:
    """The race's bets still standing (sold and not cancelled), as sold."""
    rows = store.execute(
        "SELECT * FROM bet WHERE race_id = ? AND status != 'CANCELLED'", (race.race_id,)
    )
    return [(row["id"], restore(row, race)) for row in rows]


def stored_pool(store: Store, race: Race, bet_type: BetType) -> Pool:
    """A race's pool of one bet type as the database holds it, every worker's sales in it.

    Read grouped: identical bets (same shape and stake) come back as one row and a count, so
    a Quinté+ of 200,000 bets is rebuilt from a few thousand rows.
    """
    pool = Pool(race.rules[bet_type])
    for row in store.execute(
        "SELECT bet_type, formula, base, runners, complete, unit_stake, multiplier,"
        " COUNT(*) AS times FROM bet WHERE race_id = ? AND bet_type = ? AND status != 'CANCELLED'"
        " GROUP BY bet_type, formula, base, runners, complete, unit_stake, multiplier",
        (race.race_id, bet_type.value),
    ):
        pool.add(restore(row, race), times=int(row["times"]))
    return pool


def restore(row: Row, race: Race) -> Bet:
    """The bet a stored row records, as it was sold.

    Rows keep the bet's shape (base and other runners) rather than what was typed, so a champ
    total comes back with the starters it was sold against, whatever was scratched since.
    """
    bet_type = BetType(row["bet_type"])
    formula = Formula(row["formula"])
    base, others = json.loads(row["base"]), json.loads(row["runners"])
    entry = Field.of(race.field.runners)
    # as sold: neither the pool's minimum nor its maximum stake refuses a bet already taken
    rules = race.rules[bet_type].with_overrides(min_stake=1, max_stake=None)
    if formula is Formula.UNITAIRE:
        runners, base = base, []
    else:
        runners = others
    bet = make_bet(
        bet_type,
        entry,
        rules,
        runners=runners,
        base=base,
        formula=Formula.CHAMP_REDUIT if formula is Formula.CHAMP_TOTAL else formula,
        unit_stake=row["unit_stake"] // row["multiplier"],
        multiplier=row["multiplier"],
        complete=bool(row["complete"]),
    )
    # A champ total is a champ réduit on the starters of its sale: same shape, its own name.
    return replace(bet, formula=formula)
