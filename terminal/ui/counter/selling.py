"""The counter's sale, from the typed line to the ticket, said at each step.

The line is priced at every key against the races in memory. Enter takes the money and
queues the bet (``enqueue``: milliseconds, so the clerk hears "recorded" at once even if the
server is stalled), then waits for the server's answer (``submit``) in the task worker. An
answer that comes after the sale stopped waiting is told by the ticket spool (``late``): the
ticket printed then, or the money to give back. The last tickets follow each bet's state.

Functions over the window, as ``till`` and ``tickets`` are: the window keeps the widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal.entry import parse_entry
from terminal.errors import TerminalError
from terminal.operations.sell import Sale, enqueue, price_in, submit
from terminal.operations.spool import PRINT_FAILED, PRINTED, LateOutcome
from terminal.ui.counter import tickets, till
from terminal.ui.fit import set_role

if TYPE_CHECKING:
    from terminal.ui.counter.window import CounterWindow


def preview(w: CounterWindow, text: str) -> None:
    """The cost of the line being typed, or what is wrong with it; the odds board and the
    header follow its race."""
    t = w.words
    w.typed_race = None
    if not text.strip():
        w.cost.setText("")
        w.show_countdown()
        return
    try:
        draft = parse_entry(text, w.desk.clock().date(), w.example)
        race = w.typed_race = w.races.get(draft.race_id)
        if race is None:
            raise TerminalError("not in the programme", code="unknown_race",
                                race_id=draft.race_id)  # fmt: skip
        bet = price_in(race, draft, w.desk.clock())
    except TerminalError as err:
        w.cost.setText(t.problem(err))
        set_role(w.cost, "problem")
    else:
        w.cost.setText(t.gettext(
            "{race} · {bet_type} · {formula}: {combinations} — {cost}",
            race=t.race(race.race_id), bet_type=t.bet_type(bet.bet_type),
            formula=t.bet_formula(bet.bet_type, bet.formula.value, len(bet.runners),
                                  complete=bet.complete),
            combinations=t.combinations(bet.bet_type, bet.combinations),
            cost=t.amount(bet.cost),
        ))  # fmt: skip
        set_role(w.cost, "cost")
    if w.typed_race is not None:
        w.odds.show_race(w.typed_race.race_id)
    w.show_countdown()


def sell(w: CounterWindow) -> None:
    try:
        draft = parse_entry(w.entry.text(), w.desk.clock().date(), w.example)
    except TerminalError as err:
        w.say(w.words.problem(err), problem=True)
        return
    w.run(lambda: enqueue(w.desk, draft), lambda sale: _recorded(w, sale))


def _recorded(w: CounterWindow, sale: Sale) -> None:
    """Paid and queued: said now; the answer is waited for next, in the worker."""
    t = w.words
    w.say(t.gettext("Bet recorded ({cost}): waiting for the server's answer…",
                    cost=t.amount(sale.cost)))  # fmt: skip
    w.entry.clear()
    till.refresh(w)
    tickets.refresh_last(w)
    w.tasks.answer(lambda: submit(w.desk, sale.transaction_id), lambda done: _sold(w, done),
                   lambda err: w.say(t.problem(err), problem=True))  # fmt: skip


def _sold(w: CounterWindow, sale: Sale) -> None:
    t = w.words
    cost = t.amount(sale.cost)
    if sale.status == "ACCEPTED" and sale.printed:
        w.say(t.gettext("Ticket {ticket} printed — {cost}", ticket=sale.ticket_number,
                        cost=cost))  # fmt: skip
    elif sale.status == "ACCEPTED":
        why = t.problem(sale.print_problem) if sale.print_problem else ""
        w.say(t.gettext("Bet {ticket} accepted, {cost}. {why}", ticket=sale.ticket_number,
                        cost=cost, why=why), problem=True)  # fmt: skip
    elif sale.status == "PENDING":
        w.say(t.gettext("Bet WAITING for the server ({cost}): the ticket prints once it "
                        "is accepted", cost=cost), problem=True)  # fmt: skip
    else:
        why = t.problem(sale.problem) if sale.problem else t.status(sale.status)
        w.say(t.gettext("Refused: give back {cost}. {why}", cost=cost, why=why),
              problem=True)  # fmt: skip
    w.refresh_status()
    till.refresh(w)
    tickets.refresh_last(w)


def late(w: CounterWindow, outcome: LateOutcome) -> None:
    """A bet's answer after its sale stopped waiting: its ticket printed now, or refused."""
    t = w.words
    cost = t.amount(outcome.cost)
    if outcome.kind == PRINTED:
        w.say(t.gettext("Ticket {ticket} printed — {cost} (accepted late by the server)",
                        ticket=outcome.ticket_number, cost=cost))  # fmt: skip
    elif outcome.kind == PRINT_FAILED:
        why = t.problem(outcome.problem) if outcome.problem else ""
        w.say(t.gettext("Bet {ticket} accepted, {cost}. {why}", ticket=outcome.ticket_number,
                        cost=cost, why=why), problem=True)  # fmt: skip
    else:
        why = t.problem(outcome.problem) if outcome.problem else t.status(outcome.kind)
        w.say(t.gettext("Refused: give back {cost}. {why}", cost=cost, why=why),
              problem=True)  # fmt: skip
    till.refresh(w)
    tickets.refresh_last(w)
