"""The Luhn check digit: the standard's worked example, and what it is for — every single
digit typed wrong is caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pari.check_digit import luhn_digit, luhn_valid


def test_the_standards_example() -> None:
    assert luhn_digit("7992739871") == "3"  # 79927398713, ISO/IEC 7812-1's example
    assert luhn_valid("79927398713")
    assert luhn_digit("") == "0"


@given(st.text("0123456789", min_size=1, max_size=20), st.data())
def test_every_single_digit_error_is_caught(payload: str, data: st.DataObject) -> None:
    number = payload + luhn_digit(payload)
    assert luhn_valid(number)
    where = data.draw(st.integers(0, len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[where]]))
    assert not luhn_valid(number[:where] + wrong + number[where + 1 :])


def test_what_is_not_digits_is_refused() -> None:
    with pytest.raises(ValueError, match="not a string of digits"):
        luhn_digit("12a4")
    assert not luhn_valid("12²4")
