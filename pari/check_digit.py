"""The Luhn check digit (ISO/IEC 7812-1), on ticket numbers and player-card numbers.

It catches every single-digit error and most transpositions of adjacent digits: what a clerk
typing a number, or a worn magnetic stripe, most often gets wrong.
"""

from __future__ import annotations


def luhn_digit(digits: str) -> str:
    """The digit to append to ``digits`` so that the whole number passes :func:`luhn_valid`."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # doubled: the rightmost payload digit sits next to the check digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and luhn_digit(number[:-1]) == number[-1]
