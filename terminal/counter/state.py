"""The counter's state between keys: the line being typed, the till as shown, the last tickets.

``CounterState`` is held by the counter's window, which reads the store and the server in its
task worker and hands the answers here; what to show follows from this state alone, so its
rules are tested without Qt: a line read at every key to its draft and its cost or what is
wrong with it, the example that follows the races, the till's line and its Z, the state each
of the last bets is shown in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue import Words
from pari import Bet
from pari.errors import AmountError
from pari.money import parse_amount
from terminal.counter.clerk import Clerk
from terminal.counter.sayings import Said
from terminal.entry import EXAMPLE, example_for, parse_entry
from terminal.errors import TerminalError
from terminal.operations.printing import FAILED, PRINTED
from terminal.operations.sell import Draft, price_in
from terminal.operations.shifts import ShiftReport
from terminal.store import bets
from terminal.store.programme import CachedRace


class EntryLine:
    """The line the clerk types, read at every key against the races in memory (pure ``pari``,
    microseconds): its draft, its race and its cost, or what is wrong with it."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.races: dict[str, CachedRace] = {}
        self.example = EXAMPLE  # a line that sells today, shown in the empty entry and F1
        self.text = ""
        self.draft: Draft | None = None
        self.race: CachedRace | None = None  # the line's race, as last read (its countdown)
        self.bet: Bet | None = None  # priced: the line sells as it is
        self.problem: TerminalError | None = None  # what is wrong with the line

    def load(self, races: Iterable[CachedRace]) -> None:
        """Today's races, as the store holds them (the window reads it again as they change)."""
        self.races = {race.race_id: race for race in races}

    def follow(self, now: datetime) -> bool:
        """The example names a race open now: True when it changed (races close)."""
        example = example_for(self.races.values(), now)
        changed, self.example = example != self.example, example
        return changed

    def placeholder(self) -> str:
        return self.words.gettext("e.g. {example}", example=self.example)

    def read(self, text: str, now: datetime) -> Said:
        """The line at a key: its cost, or what is wrong with it ("" when it is empty)."""
        self.text = text
        self.draft = self.race = self.bet = self.problem = None
        if not text.strip():
            return Said("")
        try:
            self.draft = parse_entry(text, now.date(), self.example)
            self.race = self.races.get(self.draft.race_id)
            if self.race is None:
                raise TerminalError(
                    "not in the programme", code="unknown_race", race_id=self.draft.race_id
                )
            self.bet = price_in(self.race, self.draft, now)
        except TerminalError as err:
            self.problem = err
        return self.cost()

    def cost(self) -> Said:
        t = self.words
        if self.problem is not None:
            return Said(t.problem(self.problem), problem=True)
        if self.bet is None or self.race is None:
            return Said("")
        bet = self.bet
        return Said(
            t.gettext(
                "{race} · {bet_type} · {formula}: {combinations} — {cost}",
                race=t.race(self.race.race_id),
                bet_type=t.bet_type(bet.bet_type),
                formula=t.bet_formula(
                    bet.bet_type, bet.formula.value, len(bet.runners), complete=bet.complete
                ),
                combinations=t.combinations(bet.bet_type, bet.combinations),
                cost=t.amount(bet.cost),
            )
        )

    def to_sell(self, now: datetime) -> Draft:
        """The line as Enter sells it: its shape only (the sale prices it against the store's
        race, as the server will). Raises ``SaleProblem`` saying what is wrong."""
        return parse_entry(self.text, now.date(), self.example)

    def countdown(self, shown: CachedRace | None, now: datetime) -> Said:
        """The time to the stop of the line's race, else of the race on the odds board
        (``shown``); a problem unless it is open. "" when there is neither."""
        t, race = self.words, self.race or shown
        if race is None:
            return Said("")
        phase = race.phase(now)
        said = t.race_phase(phase, race.post_time, now)
        return Said(
            t.gettext("{race}: {phase}", race=t.race(race.race_id), phase=said),
            problem=phase != "open",
        )

    @staticmethod
    def starts(text: str) -> bool:
        """The clerk's first key of a new line: the last outcome goes."""
        return len(text) == 1


class Till:
    """The till as the counter shows it: closed, or open since a time with what the drawer
    should hold; and the Z's count and question."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.shift: ShiftReport | None = None  # the open shift as last read; None: closed

    def read(self, shift: ShiftReport | None) -> Said:
        """The shift as read again (opened, a sale, a payout, a Z): the till's line."""
        self.shift = shift
        t = self.words
        if shift is None:
            return Said(t.gettext("Till closed"), problem=True)
        return Said(
            t.gettext(
                "Till open since {time} · expected in the drawer {amount}",
                time=t.time(shift.opened_at),
                amount=t.amount(shift.drawer),
            )
        )

    def closed(self) -> Said:
        return self.read(None)

    def not_open(self) -> Said:
        """A Z asked of a closed till."""
        return Said(self.words.gettext("The till is closed: open it first"), problem=True)

    def z_question(self, shift: ShiftReport, counted: int) -> str:
        """Asked before the Z: what the drawer should hold, what was counted, the difference."""
        t = self.words
        return t.gettext(
            "Close the till? Expected {expected}, counted {counted}, difference {difference}.",
            expected=t.amount(shift.drawer),
            counted=t.amount(counted),
            difference=t.amount(counted - shift.drawer),
        )

    @staticmethod
    def counted(typed: str) -> int | None:
        """The cash the clerk counted, as typed ("51,50", "51,50 €", "1 051,50"), in cents;
        None if it is not an amount."""
        try:
            return parse_amount(_cash_text(typed).replace(" ", "").replace(",", "."))
        except AmountError:
            return None

    def not_cash(self, typed: str) -> Said:
        return Said(
            self.words.gettext(
                "“{text}” is not an amount of cash, e.g. 51,50", text=_cash_text(typed)
            ),
            problem=True,
        )


def _cash_text(typed: str) -> str:
    return typed.replace("€", "").replace("\N{NO-BREAK SPACE}", "").strip()


@dataclass(frozen=True, slots=True)
class LastTicket:
    """One of the last bets sold here, as the list shows it."""

    key: str  # what a click or F10 scans: its ticket number, else its transaction id
    ticket_number: str | None
    race_id: str
    bet_type: str
    cost: int
    state: str  # ``shown_state``

    @classmethod
    def of(cls, row: Any) -> LastTicket:
        """From a row of ``bets.latest``."""
        return cls(
            row["ticket_number"] or row["transaction_id"],
            row["ticket_number"],
            row["race_id"],
            row["bet_type"],
            int(row["cost"]),
            shown_state(row),
        )


def shown_state(row: Any) -> str:
    """A bet's state as the clerk needs it: paid, or accepted with its ticket still owed."""
    if row["paid"]:
        return "PAID"
    if row["status"] == bets.ACCEPTED and row["print_state"] != PRINTED:
        return "PRINT_FAILED" if row["print_state"] == FAILED else "UNPRINTED"
    return str(row["status"])


class LastTickets:
    """The last bets sold here, the newest first, each in the state the store last gave."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.tickets: tuple[LastTicket, ...] = ()

    def read(self, rows: Iterable[Any]) -> None:
        self.tickets = tuple(LastTicket.of(row) for row in rows)

    def lines(self) -> list[tuple[str, str]]:
        """Each ticket's line and its key, the newest first."""
        t = self.words
        return [
            (
                t.gettext(
                    "{ticket} · {race} · {bet_type} · {cost} · {status}",
                    ticket=ticket.ticket_number or "—",
                    race=t.race(ticket.race_id),
                    bet_type=t.bet_type(ticket.bet_type),
                    cost=t.amount(ticket.cost),
                    status=t.status(ticket.state),
                ),
                ticket.key,
            )
            for ticket in self.tickets
        ]

    def newest(self) -> str | None:
        """The key of the last bet sold (F10 cancels it), None before any."""
        return self.tickets[0].key if self.tickets else None


class CounterState:
    """What the counter's window holds: the entry, the till, the last tickets, the clerk."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.line = EntryLine(words)
        self.till = Till(words)
        self.last = LastTickets(words)
        self.clerk = Clerk(words)
