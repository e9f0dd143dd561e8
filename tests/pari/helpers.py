"""Small builders shared by the pari tests."""

from __future__ import annotations

from collections.abc import Sequence

from pari import Bet, BetType, Field, Formula, Pool, PoolRules, make_bet, parse_amount


def bet(
    bet_type: BetType,
    field: Field,
    runners: Sequence[int],
    euros: str | None = None,
    *,
    formula: Formula = Formula.UNITAIRE,
    base: Sequence[int] = (),
    complete: bool = False,
    rules: PoolRules | None = None,
) -> Bet:
    rules = rules or PoolRules.pmu(bet_type)
    unit = rules.min_stake if euros is None else parse_amount(euros)
    return make_bet(
        bet_type,
        field,
        rules.with_overrides(min_stake=1),
        runners=runners,
        formula=formula,
        base=base,
        unit_stake=unit,
        complete=complete,
    )


def pool_of(rules: PoolRules, bets: Sequence[Bet]) -> Pool:
    pool = Pool(rules)
    for item in bets:
        pool.add(item)
    return pool
