"""Scenario files (DOMAIN.md, "Scenario files", format 1): parse, run, compare.

Pure: it takes the decoded JSON and returns checks; reading files and printing belong to the
``guichet-scenario`` command. A scenario's ``stake`` is what one combination or one Multi
ticket costs (DOMAIN.md); stakes are pooled amounts from worked examples, so the pools'
minimum and maximum stakes are not applied to them. A pool follows DOMAIN.md's simple rules
unless its rules say ``"rules": "pmu"`` (the PMU's règlement, ``pari.reglement``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pari.bet import Bet, make_bet
from pari.bet_types import SPECS, BetType, Formula, Rank
from pari.errors import PariError, ScenarioError
from pari.field import Field
from pari.money import RoundingMode, format_amount, parse_amount, parse_decimal
from pari.odds import approximate_odds
from pari.pool import Pool
from pari.result import Finish
from pari.rules import PoolRules, rules_from_mapping
from pari.settlement import Settlement, settle

_TOP_KEYS = {
    "format",
    "name",
    "source",
    "runners",
    "scratched",
    "rules",
    "bets",
    "odds_rounding",
    "expected_odds",
    "result",
    "expected_dividends",
}
_BET_KEYS = {"bet_type", "selection", "stake", "formula", "base", "multiplier", "complete"}


@dataclass(frozen=True, slots=True)
class Check:
    """One expected figure against the computed one."""

    kind: str  # "odds" or "dividend"
    bet_type: str
    rank: str | None
    combination: tuple[int, ...]
    expected: str
    got: str | None
    passed: bool
    note: str = ""


@dataclass(slots=True)
class ScenarioRun:
    name: str
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    settlements: dict[BetType, Settlement] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def run_scenario(data: Any) -> ScenarioRun:
    """Run one decoded scenario; raise ``ScenarioError`` saying what is malformed."""
    try:
        return _run(data)
    except ScenarioError:
        raise
    except PariError as err:
        raise ScenarioError(str(err)) from err


def _run(data: Any) -> ScenarioRun:
    if not isinstance(data, dict):
        raise ScenarioError("a scenario is a JSON object")
    if data.get("format") != 1:
        raise ScenarioError(f"format must be 1, got {data.get('format')!r}")
    run = ScenarioRun(name=_text(data.get("name", "unnamed"), "name"))
    for key in sorted(set(data) - _TOP_KEYS):
        run.warnings.append(f"unknown key {key!r} ignored")

    runners = _runner_list(data.get("runners"), "runners")
    scratched = _runner_list(data.get("scratched", []), "scratched")
    entry_field = Field.of(runners)  # bets were taken before any scratching
    race_field = Field.of(runners, scratched)

    rules = _rules(data.get("rules", {}))
    pools: dict[BetType, Pool] = {}
    bets = data.get("bets")
    if not isinstance(bets, list):
        raise ScenarioError("bets must be a list")
    for index, raw in enumerate(bets, start=1):
        bet = _bet(raw, index, entry_field, rules, run)
        pool = pools.get(bet.bet_type)
        if pool is None:
            pool = pools[bet.bet_type] = Pool(
                rules.get(bet.bet_type) or PoolRules.simple(bet.bet_type)
            )
        pool.add(bet)

    _check_odds(data, race_field, pools, rules, run)

    result = data.get("result")
    if not isinstance(result, list):
        raise ScenarioError("result must be a list of places, each a list of runners")
    finish = Finish.of(result, race_field)
    expected = data.get("expected_dividends", [])
    if not isinstance(expected, list):
        raise ScenarioError("expected_dividends must be a list")
    for index, raw in enumerate(expected, start=1):
        run.checks.append(_check_dividend(raw, index, race_field, finish, pools, rules, run))
    return run


def _check_odds(
    data: dict[str, Any],
    race_field: Field,
    pools: dict[BetType, Pool],
    rules: dict[BetType, PoolRules],
    run: ScenarioRun,
) -> None:
    expected = data.get("expected_odds")
    if expected is None:
        return
    if not isinstance(expected, dict):
        raise ScenarioError("expected_odds must be an object keyed by runner")
    step: Decimal | None = None
    mode: RoundingMode | None = None
    rounding = data.get("odds_rounding")
    if rounding is not None:
        if not isinstance(rounding, dict) or set(rounding) - {"step", "mode"}:
            raise ScenarioError("odds_rounding must be an object with step and mode")
        if "step" in rounding:
            step = parse_decimal(rounding["step"], "odds_rounding step")
        if "mode" in rounding:
            try:
                mode = RoundingMode(rounding["mode"])
            except ValueError:
                raise ScenarioError(f"odds_rounding mode {rounding['mode']!r} is unknown") from None
    pool = pools.get(BetType.SIMPLE_GAGNANT) or Pool(
        rules.get(BetType.SIMPLE_GAGNANT) or PoolRules.simple(BetType.SIMPLE_GAGNANT)
    )
    odds = approximate_odds(pool, race_field, step, mode)
    for key, value in expected.items():
        try:
            runner = int(key)
        except ValueError:
            raise ScenarioError(f"expected_odds key {key!r} is not a runner number") from None
        want = parse_decimal(value, f"expected odds of runner {runner}")
        got = odds.get(runner)
        run.checks.append(
            Check(
                "odds",
                BetType.SIMPLE_GAGNANT.value,
                None,
                (runner,),
                value,
                None if got is None else format_amount(got),
                got is not None and got == want,
            )
        )


def _check_dividend(
    raw: Any,
    index: int,
    race_field: Field,
    finish: Finish,
    pools: dict[BetType, Pool],
    rules: dict[BetType, PoolRules],
    run: ScenarioRun,
) -> Check:
    where = f"expected_dividends[{index}]"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where} must be an object")
    bet_type = _bet_type(raw.get("bet_type"), where)
    rank_text = raw.get("rank")
    rank = None if rank_text is None else _rank(rank_text, where)
    combination = tuple(_runner_list(raw.get("combination"), f"{where} combination"))
    want_text = raw.get("dividend")
    if not isinstance(want_text, str):
        raise ScenarioError(f'{where}: dividend must be a decimal string such as "2.60"')
    want = parse_decimal(want_text, f"{where} dividend")
    settlement = run.settlements.get(bet_type)
    if settlement is None:
        pool = pools.get(bet_type) or Pool(rules.get(bet_type) or PoolRules.simple(bet_type))
        settlement = run.settlements[bet_type] = settle(pool, race_field, finish)
        if settlement.balance() != 0:
            run.warnings.append(f"{bet_type}: conservation off by {settlement.balance()}")
    found = settlement.dividend_for(combination, rank if rank is not Rank.REFUND else None)
    if found is None:
        return Check(
            "dividend",
            bet_type.value,
            rank_text,
            combination,
            want_text,
            None,
            False,
            "not a paying combination",
        )
    got_rank, got = found
    rank_ok = (rank or Rank.UNIQUE) is got_rank
    note = "" if rank_ok else f"paid at rank {got_rank.value}"
    return Check(
        "dividend",
        bet_type.value,
        rank_text,
        combination,
        want_text,
        format_amount(got),
        rank_ok and got == want,
        note,
    )


def _bet(
    raw: Any, index: int, entry_field: Field, rules: dict[BetType, PoolRules], run: ScenarioRun
) -> Bet:
    where = f"bets[{index}]"
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where} must be an object")
    for key in sorted(set(raw) - _BET_KEYS):
        run.warnings.append(f"{where}: unknown key {key!r} ignored")
    bet_type = _bet_type(raw.get("bet_type"), where)
    selection = _runner_list(raw.get("selection"), f"{where} selection")
    base = _runner_list(raw.get("base", []), f"{where} base")
    stake = raw.get("stake")
    if not isinstance(stake, str):
        raise ScenarioError(f'{where}: stake must be a decimal string such as "10"')
    unit = parse_amount(stake)
    if unit <= 0:
        raise ScenarioError(f"{where}: stake must be positive")
    try:
        formula = Formula(raw.get("formula", "unitaire"))
    except ValueError:
        known = ", ".join(f.value for f in Formula)
        raise ScenarioError(
            f"{where}: formula {raw.get('formula')!r} is not one of {known}"
        ) from None
    multiplier = raw.get("multiplier", 1)
    complete = raw.get("complete", False)
    if not isinstance(complete, bool):
        raise ScenarioError(f"{where}: complete must be true or false")
    pooled = (rules.get(bet_type) or PoolRules.simple(bet_type)).with_overrides(
        min_stake=1, max_stake=None
    )
    try:
        return make_bet(
            bet_type,
            entry_field,
            pooled,
            runners=selection,
            formula=formula,
            base=base,
            multiplier=multiplier,
            unit_stake=unit,
            complete=complete,
        )
    except PariError as err:
        raise ScenarioError(f"{where}: {err}") from err


def _rules(data: Any) -> dict[BetType, PoolRules]:
    if not isinstance(data, dict):
        raise ScenarioError("rules must be an object keyed by bet type")
    return {
        _bet_type(name, "rules"): rules_from_mapping(_bet_type(name, "rules"), value)
        for name, value in data.items()
    }


def _bet_type(value: Any, where: str) -> BetType:
    try:
        return BetType(value)
    except ValueError:
        known = ", ".join(t.value for t in BetType)
        raise ScenarioError(f"{where}: bet type {value!r} is not one of {known}") from None


def _rank(value: Any, where: str) -> Rank:
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: rank must be a string or null")
    text = value.strip().upper().replace(" ", "_")
    digits = "".join(ch for ch in text if ch.isdigit())
    for spec in SPECS.values():  # a line size's rank: "Multi en 5", "EN5", "MULTI_EN_5"
        sizes = dict(spec.lines)
        if digits and int(digits) in sizes and text.startswith(("EN", spec.bet_type.value)):
            return sizes[int(digits)]
    try:
        return Rank(text)
    except ValueError:
        raise ScenarioError(f"{where}: rank {value!r} is unknown") from None


def _runner_list(value: Any, what: str) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(r, int) and not isinstance(r, bool) for r in value
    ):
        raise ScenarioError(f"{what} must be a list of runner numbers")
    return list(value)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ScenarioError(f"{what} must be a string")
    return value


def describe_combination(combination: Sequence[int]) -> str:
    return "-".join(map(str, combination)) or "-"
