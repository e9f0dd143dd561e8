"""Selling a bet: price it with ``pari``, take the money, queue it, submit it, and print the
ticket only once the server has accepted it.

The money and the PENDING bet are written in one transaction with its outbox row: a crash
after it leaves a queued, paid bet that the drain will submit; a crash before it leaves
nothing. If the server cannot be reached the sale ends PENDING (the screen says so and the
ticket prints when the bet is accepted); a refusal gives the money back at once.

A screen acknowledges the sale at once (``enqueue``, milliseconds: the bet is durable and
paid) and then waits for the answer (``submit``). Whatever the answer, it is told once: by
``submit`` if it comes while the sale waits, otherwise by the terminal's ``TicketSpool``,
which prints the ticket then — after a stalled server, a restart, a bettor gone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue import Words
from pari import Bet, PariError, check_sale, format_amount
from terminal.errors import Offline, PaymentProblem, PrintProblem, Refused, SaleProblem
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.printing import print_ticket
from terminal.store import bets, journal, ledger, outbox, programme
from terminal.store.programme import CachedRace

# The most a bet sold here is multiplied by: the counter's entry refuses more, the kiosk's −
# and + stop there. The terminal's own limit (pari sets none; the server takes up to 1,000).
MAX_MULTIPLIER = 100


@dataclass(frozen=True, slots=True)
class Draft:
    """A bet as the clerk keys it or the bettor taps it."""

    race_id: str
    bet_type: str
    runners: tuple[int, ...] = ()
    formula: str = "unitaire"
    base: tuple[int, ...] = ()
    multiplier: int = 1
    complete: bool = False

    def body(self) -> dict[str, Any]:
        return {
            "race_id": self.race_id,
            "bet_type": self.bet_type,
            "formula": self.formula,
            "runners": list(self.runners),
            "base": list(self.base),
            "multiplier": self.multiplier,
            "complete": self.complete,
        }


@dataclass(frozen=True, slots=True)
class Sale:
    transaction_id: str
    status: str  # ACCEPTED, PENDING, REFUSED or VOID
    cost: int
    ticket_number: str | None = None
    problem: Refused | None = None  # why the server refused it (REFUSED or VOID)
    printed: bool = False
    print_problem: PrintProblem | None = None  # accepted, but the ticket did not print
    offline: Offline | None = None  # PENDING: why the server has not answered yet


def price(desk: Desk, draft: Draft) -> Bet:
    """Validate against the cached programme and compute the cost, without the server."""
    return price_in(programme.race(desk.store, draft.race_id), draft, desk.clock())


def price_in(race: CachedRace, draft: Draft, now: datetime) -> Bet:
    """The same, for a race already in memory: pure computation, for a screen's every key.
    The check is the server's own (``pari.check_sale``): what is priced here is charged there.
    A race with nothing on sale here says so whatever its state: it will never take a bet."""
    if race.bet_types and not race.takes_bets(now):
        raise SaleProblem(
            f"race {race.race_id} is not open for bets", code="betting_closed", race_id=race.race_id
        )
    try:
        return check_sale(race, draft)
    except PariError as err:
        raise SaleProblem(str(err), code=err.code, **err.params) from None


def sell(desk: Desk, draft: Draft, *, wait: bool = True, words: Words | None = None) -> Sale:
    """Sell ``draft``: the money is taken from the drawer (counter) or the credit (kiosk).
    ``wait``: submit it and print its ticket now; otherwise the workers do (``TicketSpool``)."""
    sale = enqueue(desk, draft, words=words, hold=wait)
    if not wait:
        return sale
    return submit(desk, sale.transaction_id, words)


def enqueue(desk: Desk, draft: Draft, *, words: Words | None = None, hold: bool = True) -> Sale:
    """Price, pay and queue ``draft`` (PENDING) in one transaction. ``hold``: the caller will
    wait for the answer with ``submit``, which tells the bettor; otherwise the answer is the
    workers' to tell. ``words``: the bettor's language, in which its ticket prints."""
    shift_id = desk.open_shift_id()
    if why := desk.printer_problem():
        raise PrintProblem(
            f"the printer cannot print ({why}): nothing sold",
            code="printer_not_ready",
            device_state=why,
        )
    race = programme.race(desk.store, draft.race_id)
    bet = price_in(race, draft, desk.clock())
    desk.steps.reached("sale.priced")
    tid = str(uuid.uuid4())
    payment = "credit" if desk.mode == KIOSK else "cash"
    account = bets.account_of(payment)
    at = desk.now()
    if hold:  # before the outbox row exists: the drain may answer it at once
        desk.drain.waiting.add(tid)
    try:
        with desk.store.write() as conn:
            if account == ledger.CREDIT:
                credit = ledger.balance(desk.store, account)  # in this transaction
                if credit < bet.cost:
                    raise PaymentProblem(
                        f"this bet costs {format_amount(bet.cost)} €; "
                        f"the credit is {format_amount(credit)} €",
                        code="not_enough_credit",
                        cost=bet.cost,
                        credit=credit,
                    )
            bets.add(
                conn,
                tid,
                shift_id=shift_id,
                race_id=draft.race_id,
                post_time=race.post_time.isoformat(),
                bet_type=draft.bet_type,
                selection=draft.body(),
                cost=bet.cost,
                payment=payment,
                at=at,
                language=(words or desk.words).lang,
            )
            outbox.add(conn, tid, outbox.BET, draft.body(), at)
            signed = bet.cost if account == ledger.DRAWER else -bet.cost
            ledger.record(conn, shift_id, account, "sale", tid, signed, at)
            sold = {"bet": tid, "race": draft.race_id, "cost": bet.cost, "payment": payment}
            journal.append(conn, at, "bet.sold", sold)
    except BaseException:
        desk.drain.waiting.discard(tid)
        raise
    desk.steps.reached("sale.enqueued")
    desk.wake()
    return Sale(tid, bets.PENDING, bet.cost)


def submit(desk: Desk, tid: str, words: Words | None = None) -> Sale:
    """Drain until this bet is answered (or the server is unreachable), then print it.

    A bet still unanswered is let go (PENDING, with why): from then on its answer is the
    ``TicketSpool``'s to tell and print, exactly once, whenever it comes."""
    try:
        offline = None
        try:
            while _status(desk, tid) == bets.PENDING and desk.drain.once():
                pass
        except Offline as err:
            offline = err  # unless another drain got the answer meanwhile: read below
        with desk.store.lock:  # the drain decides who tells an answer under this lock
            if _status(desk, tid) != bets.ACCEPTED:
                desk.drain.waiting.discard(tid)
                return _sale(desk, tid, offline=offline)
        try:
            print_ticket(desk, tid, words=words)
        except PrintProblem as err:
            return _sale(desk, tid, print_problem=err)
        desk.steps.reached("sale.done")
        return _sale(desk, tid)
    finally:
        desk.drain.waiting.discard(tid)


def _status(desk: Desk, tid: str) -> str:
    row = bets.read(desk.store, tid)
    return "" if row is None else str(row["status"])


def _sale(
    desk: Desk,
    tid: str,
    *,
    offline: Offline | None = None,
    print_problem: PrintProblem | None = None,
) -> Sale:
    row = bets.read(desk.store, tid)
    assert row is not None, "a sale reads back the bet it wrote"
    return Sale(
        transaction_id=tid,
        status=row["status"],
        cost=row["cost"],
        ticket_number=row["ticket_number"],
        problem=Refused.recorded(row["problem"]),
        printed=row["print_state"] == "PRINTED",
        print_problem=print_problem,
        offline=offline,
    )
