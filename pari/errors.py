"""Errors of the betting domain.

Every error here means "the input breaks a betting rule"; none means a bug. Each carries a
stable machine-readable ``code`` (the backend returns it in problem+json bodies, the terminal
maps it to a message for the clerk), the facts that message needs in ``params`` (which runner,
how many were needed: plain JSON values) and a developer's sentence naming what was wrong::

    PariError
    ├── AmountError            an amount that is not an exact decimal of whole cents
    ├── RulesError             a pool setting out of range (takeout 1.2, split not summing to 1)
    ├── SelectionError         a bet that cannot be sold; nothing was recorded
    │   ├── NotABet                a bet type or formula that does not exist
    │   ├── TypeNotOffered         a bet type the race does not offer
    │   ├── UnknownRunner          a runner number not declared in the race
    │   ├── ScratchedRunner        a runner withdrawn from the race
    │   ├── DuplicateRunner        a runner named twice
    │   ├── WrongRunnerCount       too few or too many runners for the bet type and formula
    │   ├── FormulaNotAllowed      a formula the bet type does not offer
    │   ├── StakeBelowMinimum      a unit stake below the pool's minimum
    │   └── StakeAboveMaximum      a bet costing more than the pool's maximum stake
    ├── ResultError            a result that cannot be (a runner twice, a scratched winner)
    ├── PoolError              a pool operation that does not fit (a bet the pool does not hold)
    └── ScenarioError          a scenario file that does not follow format 1 (DOMAIN.md)
"""

from __future__ import annotations


class PariError(Exception):
    """Root of the domain's errors; ``code`` is stable, ``str(err)`` is for people."""

    code = "pari_error"

    def __init__(self, message: str, **params: int | str) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class AmountError(PariError):
    code = "bad_amount"


class RulesError(PariError):
    code = "bad_rules"


class SelectionError(PariError):
    code = "bad_selection"


class NotABet(SelectionError):
    code = "not_a_bet"


class TypeNotOffered(SelectionError):
    code = "type_not_offered"


class UnknownRunner(SelectionError):
    code = "unknown_runner"


class ScratchedRunner(SelectionError):
    code = "scratched_runner"


class DuplicateRunner(SelectionError):
    code = "duplicate_runner"


class WrongRunnerCount(SelectionError):
    code = "wrong_runner_count"


class FormulaNotAllowed(SelectionError):
    code = "formula_not_allowed"


class StakeBelowMinimum(SelectionError):
    code = "stake_below_minimum"


class StakeAboveMaximum(SelectionError):
    code = "stake_above_maximum"


class ResultError(PariError):
    code = "bad_result"


class PoolError(PariError):
    code = "pool_error"


class ScenarioError(PariError):
    code = "bad_scenario"
