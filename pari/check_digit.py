"""The Luhn check digit (ISO/IEC 7812-1), on ticket numbers and player-card numbers.

It catches every single-digit error and most transpositions of adjacent digits: what a clerk
typing a number, or a worn magnetic stripe, most often gets wrong.
"""

from __future__ import annotations

from functools import cache, lru_cache

# a digit doubled, its digits summed: what the loop of the standard computes, read from a table
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
# the sum of a 3-digit group's digits, its last one doubled and the middle one not (a group
# whose last digit sits at an even place from the check digit's left), or the reverse
_GROUP_DOUBLED = tuple(_DOUBLED[g % 10] + g // 10 % 10 + _DOUBLED[g // 100] for g in range(1000))
_GROUP_PLAIN = tuple(g % 10 + _DOUBLED[g // 10 % 10] + g // 100 for g in range(1000))
RUN_WIDTH = 9  # the widest sequence ``numbered`` sums by groups (three of them)


@lru_cache(maxsize=16)
def _start(prefix: str, width: int) -> int:
    """The Luhn sum of ``prefix`` before ``width`` more digits (a day's, once a day)."""
    return _total(prefix + "0" * width)  # zeros add nothing, doubled or not


@cache
def _tails(head: int) -> tuple[str, ...]:
    """A number's last three digits and its Luhn digit, for each of them, given the Luhn sum
    (mod 10) of all the digits before them: ten tables of 1,000, made when first needed."""
    return tuple(f"{g:03d}{-(head + _GROUP_DOUBLED[g]) % 10}" for g in range(1000))


def luhn_digit(digits: str) -> str:
    """The digit to append to ``digits`` so that the whole number passes :func:`luhn_valid`.
    (Every ticket sold computes one: a table, not a loop of ``int``, costs a fifth.)"""
    return str(-_total(digits) % 10)


def _total(digits: str) -> int:
    """The Luhn sum of ``digits``, a check digit still to come after them."""
    if digits and not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{digits!r} is not a string of digits")
    backwards = digits[::-1].encode()
    # doubled: the rightmost payload digit sits next to the check digit
    return (
        sum(_DOUBLED[b - 48] for b in backwards[0::2])
        + sum(backwards[1::2])
        - 48 * (len(backwards) // 2)
    )


def numbered(prefix: str, first: int, count: int, width: int) -> list[str]:
    """``prefix``, then each of the ``count`` sequences from ``first`` in ``width`` digits,
    then its Luhn digit: what ``luhn_digit`` gives, with the prefix's sum worked out once
    for all and each sequence's read from tables by three digits at a time (a block of
    ticket numbers, a commit's)."""
    if first < 0 or first + count > 10**width:
        raise ValueError(f"sequences {first} to {first + count - 1} do not fit {width} digits")
    if width > RUN_WIDTH:
        return [
            payload + luhn_digit(payload)
            for payload in (f"{prefix}{s:0{width}d}" for s in range(first, first + count))
        ]
    start = _start(prefix, width)
    if width < 3:
        return [
            f"{prefix}{s:0{width}d}{-(start + _GROUP_DOUBLED[s]) % 10}"
            for s in range(first, first + count)
        ]
    numbers: list[str] = []
    sequence, end = first, first + count
    while sequence < end:  # a thousand sequences at a time share all but their last 3 digits
        head, low = divmod(sequence, 1000)
        stop = min(end, (head + 1) * 1000)
        lead = f"{prefix}{head:0{width - 3}d}" if width > 3 else prefix
        tails = _tails((start + _GROUP_PLAIN[head % 1000] + _GROUP_DOUBLED[head // 1000]) % 10)
        numbers += [lead + tail for tail in tails[low : low + stop - sequence]]
        sequence = stop
    return numbers


def luhn_valid(number: str) -> bool:
    ok = len(number) >= 2 and number.isascii() and number.isdigit()  # "²" is a digit too
    return ok and luhn_digit(number[:-1]) == number[-1]
