"""The clerk at the counter: their name from their card or as typed, and what a swipe did.

A clerk's card is a magnetic card the counter's card reader reads (``drivers.card_reader``,
ISO/IEC 7811 tracks; the reader checks every sentinel and LRC, so a misread is never a
name). Track 1, format B (ISO/IEC 7813), holds the cardholder's name in its second field,
``B<number>^<name>^<expiry>…``, written ``SURNAME/GIVEN NAMES.TITLE`` in capitals, 2 to 26
characters: ``DUPONT/JEAN``, ``MARTIN/MARIE CLAIRE.MME``. That name, as people write it
(``Jean Dupont``), is the clerk's: a swipe opens their shift when none is open, and it is the
name on the shift's tickets, receipts and reports. A clerk without their card types their
name (or leaves the configured one) and opens the till with F6.
"""

from __future__ import annotations

from catalogue import Words
from terminal.counter.sayings import Said
from terminal.operations.shifts import ClerkShift, ShiftReport

MAX_NAME = 40  # characters of a typed name: one ticket line with "Guichetier : " before it


def clerk_name(holder: str) -> str:
    """``DUPONT/JEAN.M`` → ``Jean Dupont``: the track's name as people write it ("" when the
    card carries none). A name without ``/`` is taken as it is written."""
    name = " ".join(holder.split())
    surname, slash, given = name.partition("/")
    if slash:
        given = given.partition(".")[0]  # the title after the given names: MR, MME, DR
        name = f"{given.strip()} {surname.strip()}".strip()
    return _capitalised(name)


def typed_name(text: str) -> str:
    """A name as typed in the clerk's field: spaces tidied, at most ``MAX_NAME`` characters."""
    return " ".join(text.split())[:MAX_NAME]


def _capitalised(name: str) -> str:
    """Each word's first letter up, the rest down, across hyphens and apostrophes
    (``JEAN-PIERRE D'ARC`` → ``Jean-Pierre D'Arc``)."""
    return "".join(part[:1].upper() + part[1:] for part in _split_keeping(name.lower(), " -'"))


def _split_keeping(text: str, separators: str) -> list[str]:
    parts, word = [], ""
    for char in text:
        if char in separators:
            parts += [word, char]
            word = ""
        else:
            word += char
    return [*parts, word]


class Clerk:
    """What the counter says of a clerk's card."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def on_duty(self, shift: ShiftReport | None) -> str:
        """Who holds the open shift, for the status line ("" when the till is closed)."""
        if shift is None or not shift.clerk:
            return ""
        return self.words.gettext("Clerk: {name}", name=shift.clerk)

    def swiped(self, name: str, outcome: ClerkShift) -> Said:
        """The card of ``name`` opened their shift, or found one open (theirs or another's)."""
        t = self.words
        if outcome.opened:
            return Said(t.gettext("Till open for {clerk}", clerk=outcome.clerk))
        if outcome.clerk.casefold() == name.casefold():
            return Said(t.gettext("{clerk}'s till is already open", clerk=outcome.clerk))
        if outcome.clerk:
            return Said(
                t.gettext(
                    "The till is open for {holder}: close it (Z) before opening {clerk}'s",
                    holder=outcome.clerk,
                    clerk=name,
                ),
                problem=True,
            )
        return Said(
            t.gettext(
                "The till is already open: close it (Z) before opening {clerk}'s", clerk=name
            ),
            problem=True,
        )

    def nameless(self) -> Said:
        """A card read whole that carries no name (track 1 missing or its name empty)."""
        return Said(
            self.words.gettext(
                "This card carries no name: type the clerk's name, then open the till (F6)"
            ),
            problem=True,
        )

    def unread(self) -> Said:
        """A garbled swipe (a sentinel, an LRC, the tracks disagreeing): nothing changes."""
        return Said(self.words.gettext("The card could not be read: swipe it again"), problem=True)
