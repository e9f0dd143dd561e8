"""Bets: a selection under a formula, validated, counted and priced without expansion.

Every formula is one *shape*: ``base`` runners present in every combination, ``others`` from
which the remaining ``picks - len(base)`` runners are drawn, and a ``Play`` that says what the
order means. A unitaire is all base; a combinée is all others; a champ is both. So a champ total
on a 16-runner Quinté+ is priced as C(15, 4) combinations in constant time, and the pool and
settlement work on the shape, never on the 1,365 expanded combinations.

A *line* (``BetTypeSpec.lines``: the Multi en N) is a unitaire of more runners than a
combination holds: it covers C(N, picks) combinations for one unit stake.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum
from itertools import combinations, permutations
from math import comb, factorial

from pari.bet_types import BetType, BetTypeSpec, Formula, Order, spec_of
from pari.errors import (
    DuplicateRunner,
    FormulaNotAllowed,
    StakeBelowMinimum,
    WrongRunnerCount,
)
from pari.field import Field, mask_of
from pari.money import Cents, format_amount
from pari.rules import PoolRules


class Play(IntEnum):
    """What one expanded combination is, for settlement.

    Values are negative so a shape key's first item tells an entered tuple (runner numbers,
    all positive) from a set shape without a type test.
    """

    ENTERED = -3  # one ordered combination, as entered (a unitaire of an ordered type)
    SET = -1  # each set of runners once, order irrelevant (can win DESORDRE, never ORDRE)
    ALL = -2  # every order of each set (ordered types' combinées, "formule complète")


ShapeKey = tuple[int, ...]
"""An entered unitaire's runners, or ``(play, base_mask, others_mask)`` for set shapes."""


@dataclass(frozen=True, slots=True)
class Bet:
    """One bet on one pool, as a ticket carries it. Build it with ``make_bet``."""

    bet_type: BetType
    formula: Formula
    base: tuple[int, ...]
    others: tuple[int, ...]
    picks: int  # runners in one combination
    play: Play
    unit_stake: Cents
    multiplier: int
    complete: bool
    combinations: int  # combinations covered: C(N, 4) for a Multi en N
    units: int  # unit stakes paid: one a combination, or one a line (a Multi en N: 1)
    shape: ShapeKey

    @property
    def cost(self) -> Cents:
        return self.units * self.unit_stake

    @property
    def stake_per_unit(self) -> Cents:
        """What each combination stakes, or the whole line for a line: what a pool holds
        on its shape (``Pool``), whole cents either way."""
        return self.cost // self.units

    @property
    def is_line(self) -> bool:
        """A unitaire of more runners than a combination holds (a Multi en 5, 6 or 7)."""
        return self.play is Play.SET and not self.others and len(self.base) > self.picks

    @property
    def runners(self) -> tuple[int, ...]:
        return self.base + self.others

    def iter_combinations(self) -> Iterator[tuple[int, ...]]:
        """Expand lazily: ordered tuples for ENTERED and ALL play, sorted tuples for SET."""
        if self.play is Play.ENTERED:
            yield self.base
            return
        if self.is_line:
            yield from combinations(sorted(self.base), self.picks)
            return
        for drawn in combinations(self.others, self.picks - len(self.base)):
            chosen = tuple(sorted(self.base + drawn))
            if self.play is Play.SET:
                yield chosen
            else:
                yield from permutations(chosen)

    def describe(self) -> str:
        """One line for a ticket or a log: ``QUINTE_PLUS combinee 1-3-5-7-9-11 21 x 2.00``."""
        parts = [self.bet_type.value, self.formula.value]
        if self.complete:
            parts.append("complete")
        sel = "-".join(map(str, self.base))
        if self.formula is Formula.CHAMP_TOTAL:
            sel += "-X"
        elif self.others:
            sel = f"{sel}/" if sel else ""
            sel += "-".join(map(str, self.others))
        parts += [sel, f"{self.units} x {format_amount(self.unit_stake)}"]
        return " ".join(parts)


def formula_for(
    bet_type: BetType,
    runners: int,
    *,
    base: int = 0,
    champ_total: bool = False,
    complete: bool = False,
) -> Formula:
    """The formula a point of sale's selection is: ``runners`` chosen (a champ's associates),
    ``base`` base runners, all the others as associates if ``champ_total``.

    One reading for the counter's keys and the kiosk's taps, so the two price a selection
    alike. As many runners as the type picks make a unitaire, played in the order entered;
    more make a combinée. The formule complète plays every order of every set, which a
    unitaire cannot: asked for on exactly the runners of a unitaire (a Tiercé on 3), it is
    the combinée of those runners in every order (3! = 6 combinations), never dropped.
    A type sold as unitaire only (the Multi names its 4 to 7 runners) is always one; a
    count it does not take is then refused by ``make_bet``, saying how many it takes.
    """
    spec = spec_of(BetType(bet_type))
    if base:
        return Formula.CHAMP_TOTAL if champ_total else Formula.CHAMP_REDUIT
    if spec.formulas == {Formula.UNITAIRE}:
        return Formula.UNITAIRE
    if runners > spec.max_picks or (complete and spec.complete_offered):
        return Formula.COMBINEE
    return Formula.UNITAIRE


def make_bet(
    bet_type: BetType,
    field: Field,
    rules: PoolRules,
    *,
    runners: Sequence[int] = (),
    formula: Formula = Formula.UNITAIRE,
    base: Sequence[int] = (),
    multiplier: int = 1,
    unit_stake: Cents | None = None,
    complete: bool = False,
) -> Bet:
    """Validate a selection and price it; raise a ``SelectionError`` naming what is wrong.

    ``runners`` are the unitaire's runners in order, the combinée's chosen runners or the
    champ réduit's associates; ``base`` are a champ's base runners. ``unit_stake`` defaults to
    the pool's minimum and is multiplied by ``multiplier``.
    """
    bet_type, formula = BetType(bet_type), Formula(formula)
    spec = spec_of(bet_type)
    if rules.bet_type is not bet_type:
        raise FormulaNotAllowed(f"rules for {rules.bet_type} given for a {bet_type} bet")
    _check_runners(field, tuple(base) + tuple(runners))
    k = spec.picks
    _check_formula(spec, formula, base, runners)
    if complete and (not spec.complete_offered or formula is Formula.UNITAIRE):
        raise FormulaNotAllowed(
            "the formule complète applies to combinées and champs of TIERCE, QUARTE_PLUS and "
            "QUINTE_PLUS",
            case="complete",
        )

    if formula is Formula.UNITAIRE:
        play = Play.ENTERED if spec.order is not Order.NONE else Play.SET
        base_runners, other_runners = tuple(runners), tuple[int, ...]()
    else:
        play = (
            Play.SET
            if spec.order is Order.NONE or (spec.order is Order.RANKED and not complete)
            else Play.ALL
        )
        base_runners, other_runners = _formula_runners(formula, k, field, base, runners)

    if isinstance(multiplier, bool) or not isinstance(multiplier, int) or multiplier < 1:
        raise StakeBelowMinimum(
            f"the multiplier must be a whole number from 1, not {multiplier!r}", case="multiplier"
        )
    stake = rules.min_stake if unit_stake is None else unit_stake
    if stake < rules.min_stake:
        raise StakeBelowMinimum(
            f"a unit stake of {format_amount(stake)} is below the minimum of "
            f"{format_amount(rules.min_stake)} for {bet_type}",
            minimum=rules.min_stake,
        )

    if len(base_runners) > k:  # a line: every k-runner set of its runners, one unit stake
        count, units = comb(len(base_runners), k), 1
    else:
        sets = comb(len(other_runners), k - len(base_runners))
        count = sets * factorial(k) if play is Play.ALL else sets
        units = count
    if play is Play.ENTERED:
        shape: ShapeKey = base_runners
    elif play is Play.SET and not other_runners:
        shape = (Play.SET.value, mask_of(base_runners), 0)
    else:
        shape = (play.value, mask_of(base_runners), mask_of(other_runners))
    # the pool's maximum stake (issue 25, the PMU import): PoolRules.check_cost says it
    rules.check_cost(units * stake * multiplier)
    return Bet(
        bet_type=bet_type,
        formula=formula,
        base=base_runners,
        others=other_runners,
        picks=k,
        play=play,
        unit_stake=stake * multiplier,
        multiplier=multiplier,
        complete=complete,
        combinations=count,
        units=units,
        shape=shape,
    )


def _check_runners(field: Field, chosen: tuple[int, ...]) -> None:
    """Every runner named is a starter of the race, and named once."""
    for runner in chosen:
        field.check_starter(runner)
    seen: set[int] = set()
    for runner in chosen:
        if runner in seen:
            raise DuplicateRunner(f"runner {runner} is named twice", runner=runner)
        seen.add(runner)


def _check_formula(
    spec: BetTypeSpec, formula: Formula, base: Sequence[int], runners: Sequence[int]
) -> None:
    """The formula is one the bet type sells (its specification's ``formulas``), and a
    unitaire names as many runners as it takes: ``picks``, or a line's 4 to 7."""
    low, high = spec.picks, spec.max_picks
    if formula not in spec.formulas:  # a one-runner type has no champ; a Multi no formula
        only = spec.formulas == {Formula.UNITAIRE}
        raise FormulaNotAllowed(
            f"{spec.bet_type} is not sold as a {formula.value}"
            + (f": it is a unitaire of {low} to {high} runners" if only else ""),
            case="unitaire_only" if only else "not_offered",
            bet_type=spec.bet_type.value,
            formula=formula.value,
            low=low,
            high=high,
        )
    if formula is Formula.UNITAIRE:
        if base:
            raise FormulaNotAllowed("a unitaire has no base runners", case="unitaire_base")
        if not low <= len(runners) <= high:
            raise WrongRunnerCount(
                _count_message(spec.bet_type, low, high, runners),
                case="unitaire" if low == high else "unitaire_range",
                low=low,
                high=high,
                got=len(runners),
            )


def _formula_runners(
    formula: Formula, k: int, field: Field, base: Sequence[int], runners: Sequence[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if formula is Formula.COMBINEE:
        if base:
            raise FormulaNotAllowed(
                "a combinée has no base runners; name them all as runners", case="combinee_base"
            )
        if len(runners) < k:
            raise WrongRunnerCount(
                f"a combinée needs at least {k} runners, got {len(runners)}",
                case="combinee",
                low=k,
                got=len(runners),
            )
        return (), tuple(sorted(runners))
    if not 1 <= len(base) <= k - 1:
        raise WrongRunnerCount(
            f"a champ needs 1 to {k - 1} base runners, got {len(base)}",
            case="champ_base",
            high=k - 1,
            got=len(base),
        )
    if formula is Formula.CHAMP_TOTAL:
        if runners:
            raise FormulaNotAllowed(
                "a champ total takes base runners only; the others are all", case="champ_total"
            )
        others = tuple(sorted(field.starters - set(base)))
        if len(others) < k - len(base):
            raise WrongRunnerCount("too few starters left for a champ total", case="champ_starters")
        return tuple(base), others
    if len(runners) < k - len(base):
        raise WrongRunnerCount(
            f"a champ réduit with {len(base)} base runner(s) needs at least "
            f"{k - len(base)} associates, got {len(runners)}",
            case="champ_associates",
            low=k - len(base),
            got=len(runners),
        )
    return tuple(base), tuple(sorted(runners))


def _count_message(bet_type: BetType, low: int, high: int, runners: Sequence[int]) -> str:
    wanted = str(low) if low == high else f"{low} to {high}"
    how = "few" if len(runners) < low else "many"
    return f"too {how} runners for a {bet_type} unitaire: {wanted} needed, got {len(runners)}"
