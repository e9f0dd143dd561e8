"""``make bench`` (pari): apply bets to pools, settle a Quinté+ of 1,000,000 tickets, odds.

Targets (issue 2): settle a QUINTE_PLUS pool holding 1,000,000 tickets of a realistic mix in
<= 2 s; apply 1,000,000 bets to pools at >= 200,000 bets/s; recompute the approximate odds of
200 open races in <= 10 ms. Building the bets (validation and pricing by ``make_bet``) is
timed and reported apart: it happens at the terminal and the server's front, not in the pool.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

from pari import (
    Bet,
    BetType,
    Field,
    Finish,
    Formula,
    Pool,
    PoolRules,
    approximate_odds,
    make_bet,
    settle,
    spec_of,
)

T = TypeVar("T")
SEED = 20261121
RULES = {bet_type: PoolRules.pmu(bet_type) for bet_type in BetType}


def weighted_runners(rng: random.Random, runners: Sequence[int]) -> Callable[[int], list[int]]:
    """Pick distinct runners, favourites more often (weights fall with the odds rank)."""
    weights = [1.0 / (rank + 2) for rank in range(len(runners))]
    order = list(runners)
    rng.shuffle(order)

    def pick(count: int) -> list[int]:
        chosen: list[int] = []
        while len(chosen) < count:
            runner = rng.choices(order, weights)[0]
            if runner not in chosen:
                chosen.append(runner)
        return chosen

    return pick


def quinte_ticket(rng: random.Random, field: Field, pick: Callable[[int], list[int]]) -> Bet:
    """One Quinté+ ticket of the counter's usual mix."""
    rules = RULES[BetType.QUINTE_PLUS]
    roll = rng.random()
    multiplier = rng.choice((1, 1, 1, 2, 3))
    if roll < 0.50:
        return make_bet(BetType.QUINTE_PLUS, field, rules, runners=pick(5), multiplier=multiplier)
    if roll < 0.80:
        return make_bet(
            BetType.QUINTE_PLUS,
            field,
            rules,
            formula=Formula.COMBINEE,
            runners=pick(rng.choice((6, 6, 7, 7, 8))),
            multiplier=multiplier,
        )
    if roll < 0.92:
        chosen = pick(rng.randint(6, 9))
        base = rng.randint(1, 2)
        return make_bet(
            BetType.QUINTE_PLUS,
            field,
            rules,
            formula=Formula.CHAMP_REDUIT,
            base=chosen[:base],
            runners=chosen[base:],
        )
    if roll < 0.98:
        return make_bet(
            BetType.QUINTE_PLUS,
            field,
            rules,
            formula=Formula.CHAMP_TOTAL,
            base=pick(rng.choice((1, 2, 2, 3))),
        )
    return make_bet(
        BetType.QUINTE_PLUS,
        field,
        rules,
        formula=Formula.COMBINEE,
        runners=pick(rng.choice((5, 6))),
        complete=True,
    )


DAY_MIX = [
    (BetType.SIMPLE_GAGNANT, 25),
    (BetType.SIMPLE_PLACE, 20),
    (BetType.COUPLE_GAGNANT, 6),
    (BetType.COUPLE_PLACE, 4),
    (BetType.COUPLE_ORDRE, 5),
    (BetType.DEUX_SUR_QUATRE, 5),
    (BetType.TRIO, 5),
    (BetType.TIERCE, 3),
    (BetType.QUARTE_PLUS, 7),
    (BetType.QUINTE_PLUS, 15),
    (BetType.MULTI, 5),
]


def day_bet(rng: random.Random, field: Field, pick: Callable[[int], list[int]]) -> Bet:
    bet_type = rng.choices([t for t, _ in DAY_MIX], [w for _, w in DAY_MIX])[0]
    if bet_type is BetType.QUINTE_PLUS:
        return quinte_ticket(rng, field, pick)
    rules = RULES[bet_type]
    spec = spec_of(bet_type)
    if spec.lines:  # a Multi en 4 … en 7: one line, one base stake
        size = rng.choice([size for size, _ in spec.lines])
        return make_bet(bet_type, field, rules, runners=pick(size))
    if spec.picks > 1 and rng.random() < 0.3:
        return make_bet(
            bet_type, field, rules, formula=Formula.COMBINEE, runners=pick(spec.picks + 2)
        )
    return make_bet(bet_type, field, rules, runners=pick(spec.picks), multiplier=rng.randint(1, 5))


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def bench_apply(count: int) -> None:
    rng = random.Random(SEED)
    field = Field.of(range(1, 17))
    pick = weighted_runners(rng, sorted(field.runners))
    seconds, bets = timed(lambda: [day_bet(rng, field, pick) for _ in range(count)])
    print(f"  make_bet (validate + price): {count / seconds:>12,.0f} bets/s")
    pools = {bet_type: Pool(rules) for bet_type, rules in RULES.items()}

    def apply() -> None:
        for bet in bets:
            pools[bet.bet_type].add(bet)

    seconds, _ = timed(apply)
    rate = count / seconds
    print(
        f"  apply {count:,} bets to pools:  {rate:>12,.0f} bets/s   "
        f"target >= 200,000   {'OK' if rate >= 200_000 else 'MISSED'}"
    )
    combos = sum(b.combinations for b in bets)
    print(f"    ({combos:,} combinations; one dictionary update per bet whatever its size)")


def bench_settle(count: int) -> None:
    rng = random.Random(SEED + 1)
    field = Field.of(range(1, 17))
    pick = weighted_runners(rng, sorted(field.runners))
    tickets = [quinte_ticket(rng, field, pick) for _ in range(count)]
    pool = Pool(RULES[BetType.QUINTE_PLUS])
    for ticket in tickets:
        pool.add(ticket)
    finish_order = pick(8)
    finish = Finish.of([[r] for r in finish_order], field)
    shapes = len(pool.stakes())

    seconds_settle, result = timed(lambda: settle(pool, field, finish))
    seconds_pay, paid = timed(lambda: sum(result.payout(t) for t in tickets))
    total = seconds_settle + seconds_pay
    winners = sum(1 for t in tickets if result.payout(t))
    print(
        f"  settle QUINTE_PLUS, {count:,} tickets ({shapes:,} distinct shapes, "
        f"{sum(t.combinations for t in tickets):,} combinations)"
    )
    print(f"    dividends of every rank:      {seconds_settle * 1000:>9.0f} ms")
    print(f"    payout of every ticket:       {seconds_pay * 1000:>9.0f} ms")
    print(
        f"    total:                        {total * 1000:>9.0f} ms   target <= 2,000 ms   "
        f"{'OK' if total <= 2 else 'MISSED'}"
    )
    balance = result.balance()
    print(
        f"    {winners:,} winning tickets pay {paid:,.2f}; conservation balance {balance} "
        f"(pool {Decimal(pool.total).scaleb(-2):,.2f})"
    )


def bench_odds(races: int, rounds: int) -> None:
    rng = random.Random(SEED + 2)
    rules = RULES[BetType.SIMPLE_GAGNANT]
    open_races: list[tuple[Pool, Field]] = []
    for _ in range(races):
        field = Field.of(range(1, rng.randint(8, 16) + 1))
        pick = weighted_runners(rng, sorted(field.runners))
        pool = Pool(rules)
        for _ in range(500):
            pool.add(
                make_bet(
                    BetType.SIMPLE_GAGNANT,
                    field,
                    rules,
                    runners=pick(1),
                    multiplier=rng.randint(1, 20),
                )
            )
        open_races.append((pool, field))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for pool, field in open_races:
            approximate_odds(pool, field)
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples) * 1000
    worst = max(samples) * 1000
    print(
        f"  approximate odds, {races} open races: median {median:.2f} ms, worst {worst:.2f} ms "
        f"of {rounds} rounds   target <= 10 ms   {'OK' if median <= 10 else 'MISSED'}"
    )


def main() -> None:
    count = int(os.environ.get("BENCH_BETS", "1000000"))
    print(
        f"pari benchmarks — Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores (figures are wall-clock, one process)"
    )
    bench_apply(count)
    bench_settle(count)
    bench_odds(200, 100)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
