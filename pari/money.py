"""Exact money: integer cents for stakes, ``Decimal`` for dividends, integer rounding.

Stakes are counted in integer cents because pools add millions of them. Dividends are
``Decimal`` values per 1 unit of currency staked, always a whole number of rounding steps.
Rounding is done on integer numerators and denominators so that a quotient lying exactly on a
step boundary is never pushed across it by a finite-precision division.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from pari.errors import AmountError, RulesError

Cents = int

_CENT = Decimal("0.01")


class RoundingMode(StrEnum):
    """How a dividend is brought to its step (DOMAIN.md, Dividends 4)."""

    DOWN = "down"  # the PMU: toward zero, the difference (breakage) is kept
    HALF_UP = "half_up"  # many totes: to the nearest step, halves away from zero
    HALF_EVEN = "half_even"
    UP = "up"


def parse_amount(text: str) -> Cents:
    """Read a decimal string such as ``"1.50"`` or ``"6000"`` as cents; refuse anything inexact."""
    if not isinstance(text, str):
        raise AmountError(f"an amount must be a decimal string, not {type(text).__name__}")
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise AmountError(f"{text!r} is not a decimal amount") from None
    if not value.is_finite():
        raise AmountError(f"{text!r} is not a finite amount")
    if value < 0:
        raise AmountError(f"{text!r} is negative")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise AmountError(f"{text!r} has a fraction of a cent")
    return int(cents)


def parse_decimal(text: str, what: str) -> Decimal:
    """Read a rate or step given as a decimal string, naming ``what`` when it is not one."""
    if not isinstance(text, str):
        raise RulesError(f'{what} must be a decimal string such as "0.10", not {text!r}')
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RulesError(f"{what} {text!r} is not a decimal number") from None
    if not value.is_finite():
        raise RulesError(f"{what} {text!r} is not finite")
    return value


def euros(cents: Cents) -> Decimal:
    """Cents as an exact ``Decimal`` amount of currency."""
    return Decimal(cents).scaleb(-2)


def format_amount(amount: Cents | Decimal) -> str:
    """``150`` (cents) or ``Decimal("1.5")`` as ``"1.50"``."""
    if isinstance(amount, int):  # every receipt says its stake: digits, not a Decimal
        units, cents = divmod(abs(amount), 100)
        return f"{'-' if amount < 0 else ''}{units}.{cents:02d}"
    value = amount
    if value == value.quantize(_CENT):
        return str(value.quantize(_CENT))
    return str(value.normalize())


def round_ratio(num: int, den: int, step: Decimal, mode: RoundingMode) -> Decimal:
    """``num / den`` brought to a whole number of ``step`` by ``mode``, computed exactly.

    ``num`` and ``den`` are non-negative and positive integers (a quotient of money amounts
    scaled to integers); the result is ``k * step`` for an integer ``k``.
    """
    step_frac = Fraction(step)
    top = num * step_frac.denominator
    bottom = den * step_frac.numerator
    if mode is RoundingMode.DOWN:
        k = top // bottom
    elif mode is RoundingMode.UP:
        k = -((-top) // bottom)
    elif mode is RoundingMode.HALF_UP:
        k = (2 * top + bottom) // (2 * bottom)
    else:
        k, rest = divmod(top, bottom)
        if 2 * rest > bottom or (2 * rest == bottom and k % 2 == 1):
            k += 1
    return step * k


def round_fraction(value: Fraction, step: Decimal, mode: RoundingMode) -> Decimal:
    """A non-negative exact quotient brought to ``step``; negative values round to zero."""
    if value <= 0:
        return Decimal(0) * step
    return round_ratio(value.numerator, value.denominator, step, mode)


def fraction_to_decimal(value: Fraction) -> Decimal:
    """An exact ``Fraction`` whose denominator divides a power of ten, as an exact ``Decimal``.

    Money amounts in settlement are such fractions (cents times decimal rates); anything else
    is a programming error and is refused rather than silently rounded.
    """
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        raise ValueError(f"{value} has no exact decimal form")
    digits = max(twos, fives)
    scaled = value * 10**digits
    return Decimal(scaled.numerator).scaleb(-digits)
