"""The Luhn check digit (ISO/IEC 7812-1), on ticket numbers and player-card numbers.

It catches every single-digit error and most transpositions of adjacent digits: what a clerk
typing a number, or a worn magnetic stripe, most often gets wrong.
"""

from __future__ import annotations

# a digit doubled, its digits summed: what the loop of the standard computes, read from a table
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_digit(digits: str) -> str:
    """The digit to append to ``digits`` so that the whole number passes :func:`luhn_valid`.
    (Every ticket sold computes one: a table, not a loop of ``int``, costs a fifth.)"""
    if digits and not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{digits!r} is not a string of digits")
    backwards = digits[::-1].encode()
    # doubled: the rightmost payload digit sits next to the check digit
    total = (
        sum(_DOUBLED[b - 48] for b in backwards[0::2])
        + sum(backwards[1::2])
        - 48 * (len(backwards) // 2)
    )
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    ok = len(number) >= 2 and number.isascii() and number.isdigit()  # "²" is a digit too
    return ok and luhn_digit(number[:-1]) == number[-1]
