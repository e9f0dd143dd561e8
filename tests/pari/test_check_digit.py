"""The Luhn check digit: the standard's worked example, and what it is for — every single
digit typed wrong is caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pari.check_digit import luhn_digit, luhn_valid, numbered


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


@given(
    st.text("0123456789", max_size=8),
    st.integers(1, 12),
    st.data(),
)
def test_a_run_of_numbers_has_the_digits_of_each_number_alone(
    prefix: str, width: int, data: st.DataObject
) -> None:
    """``numbered`` (a commit's ticket numbers) is ``luhn_digit`` of each, across the
    thousands its tables are read by, at every width, up to the last sequence that fits."""
    count = data.draw(st.integers(0, min(2100, 10**width)))
    first = data.draw(
        st.one_of(
            st.integers(0, 10**width - count),
            st.sampled_from([max(0, 10**width - count), max(0, 1000 - count // 2)]),
        ).filter(lambda f: f + count <= 10**width)
    )
    expected = [
        payload + luhn_digit(payload)
        for payload in (f"{prefix}{s:0{width}d}" for s in range(first, first + count))
    ]
    assert numbered(prefix, first, count, width) == expected


def test_a_run_that_does_not_fit_its_width_is_refused() -> None:
    assert numbered("2611", 999_999_998, 2, 9)[-1].startswith("2611999999999")
    with pytest.raises(ValueError, match="do not fit 9 digits"):
        numbered("2611", 999_999_998, 3, 9)
