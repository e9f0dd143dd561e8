"""Titre II, chapitre 3 of the 2017 règlement, « Pari Couplé » (1985 arrêté, art. 41 to 48).

What the chapter says and where Guichet stands:

- Couplé gagnant: the first two in any order; Couplé ordre ("ordre d'arrivée stipulé"): the
  first two in the exact order; Couplé placé: two of the first three (art. 41).
- Couplé gagnant and ordre with no stake on the paying combination (art. 46, 2, A): the
  masse goes to the combination of the first and third, failing that of the second and
  third (gagnant); to the second-first, then first-third, third-first, second-third and
  third-second (ordre); failing all, every bet is refunded. Applied here to a finish without
  a dead heat among its first three; a dead heat keeps DOMAIN.md's rule (its cases, art. 46,
  2, B, c and d, are not implemented: refunded).
- Couplé placé (art. 44, 2): the profit ("bénéfice à répartir") is cut into three equal
  parts, one per pair of places (1-2, 1-3, 2-3) — so one per paying combination in a normal
  finish, the equal three-way split —, and in a dead heat the tied horses share the parts of
  the places they fill (art. 44, 2, b, 1 to 4: ``pari.reglement.places``); a paying
  combination nobody backed passes its part to the others "dans les mêmes proportions"
  (art. 46, 3); nobody on any: refunded.
- Non-partants (art. 43): a combination of two non-partants is refunded; one of a non-partant
  and a horse placed is paid a "rapport spécial" equal to that horse's Simple dividend, at
  most the Couplé's and at least 1.10 (art. 44, 3). That needs the Simple pools' dividends,
  which one pool's settlement does not have: not implemented, such a combination is refunded
  as in DOMAIN.md.
- Every Couplé is refunded when fewer than two horses are classified (art. 46, 1): a finish
  of one horse has no paying pair, so nobody can have won and every stake is refunded.
"""

from __future__ import annotations

from pari.bet_types import BetType
from pari.reglement.chapter import Chapter
from pari.result import Finish

_SOURCE = "arrêté du 13 septembre 1985, art. 41 to 46; règlement 2017, titre II, chap. 3"


def _first_three(finish: Finish) -> tuple[int, int, int] | None:
    """The first three, when three single horses fill the first three places."""
    blocks = finish.places[:3]
    if len(blocks) < 3 or any(len(block) != 1 for block in blocks):
        return None
    return blocks[0][0], blocks[1][0], blocks[2][0]


def _as_finishes(*orders: tuple[int, int]) -> tuple[Finish, ...]:
    return tuple(Finish(((first,), (second,))) for first, second in orders)


def couple_gagnant_fallbacks(finish: Finish) -> tuple[Finish, ...]:
    """Art. 46, 2, A, a: the first and third, then the second and third."""
    three = _first_three(finish)
    if three is None:
        return ()
    first, second, third = three
    return _as_finishes((first, third), (second, third))


def couple_ordre_fallbacks(finish: Finish) -> tuple[Finish, ...]:
    """Art. 46, 2, A, b: 2-1, then 1-3, 3-1, 2-3 and 3-2, each in that exact order."""
    three = _first_three(finish)
    if three is None:
        return ()
    first, second, third = three
    return _as_finishes(
        (second, first), (first, third), (third, first), (second, third), (third, second)
    )


COUPLE_CHAPTERS = (
    Chapter(BetType.COUPLE_GAGNANT, _SOURCE, fallbacks=couple_gagnant_fallbacks),
    Chapter(BetType.COUPLE_ORDRE, _SOURCE, fallbacks=couple_ordre_fallbacks),
    Chapter(BetType.COUPLE_PLACE, _SOURCE, slot_split=True),  # art. 44, 2; art. 46, 3
)
