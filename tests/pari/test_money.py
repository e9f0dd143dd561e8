from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pari.errors import AmountError
from pari.money import (
    RoundingMode,
    euros,
    format_amount,
    fraction_to_decimal,
    parse_amount,
    round_ratio,
)


@pytest.mark.parametrize(("text", "cents"), [("1.50", 150), ("6000", 600000), ("0.01", 1)])
def test_amounts_are_read_as_exact_cents(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.505", "fraction of a cent"),
        ("-2", "negative"),
        ("abc", "not a decimal"),
        ("NaN", "not a finite"),
        (1.5, "decimal string"),
    ],
)
def test_inexact_or_malformed_amounts_are_refused(text: object, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_amount(text)  # type: ignore[arg-type]  # a float among the cases, on purpose


def test_rounding_modes_on_an_exact_boundary_and_near_it() -> None:
    step = Decimal("0.10")
    # 2.60 exactly stays 2.60 in every mode; a finite-precision division could cross it.
    assert round_ratio(26, 10, step, RoundingMode.DOWN) == Decimal("2.60")
    assert round_ratio(26, 10, step, RoundingMode.UP) == Decimal("2.60")
    # 2.6 − 1e-30 rounds down to 2.50 and up to 2.60.
    num, den = 26 * 10**30 - 10, 10 * 10**30
    assert round_ratio(num, den, step, RoundingMode.DOWN) == Decimal("2.50")
    assert round_ratio(num, den, step, RoundingMode.HALF_UP) == Decimal("2.60")
    # halves: 2.65 → 2.70 half_up, 2.60 half_even; 2.75 → 2.80 both
    assert round_ratio(265, 100, step, RoundingMode.HALF_UP) == Decimal("2.70")
    assert round_ratio(265, 100, step, RoundingMode.HALF_EVEN) == Decimal("2.60")
    assert round_ratio(275, 100, step, RoundingMode.HALF_EVEN) == Decimal("2.80")


def test_exact_fractions_become_exact_decimals() -> None:
    assert fraction_to_decimal(Fraction(1, 8)) == Decimal("0.125")
    with pytest.raises(ValueError, match="no exact decimal"):
        fraction_to_decimal(Fraction(1, 3))


def test_format_amount() -> None:
    assert format_amount(150) == "1.50"
    assert format_amount(-5) == "-0.05"
    assert format_amount(10**12 + 7) == "10000000000.07"
    assert format_amount(Decimal("2.6")) == "2.60"
    assert format_amount(Decimal("0.125")) == "0.125"


@given(st.integers(-(10**15), 10**15))
def test_cents_are_said_as_their_decimal_amount(cents: int) -> None:
    """The integer fast path says what the exact ``Decimal`` says."""
    assert format_amount(cents) == format_amount(euros(cents))
