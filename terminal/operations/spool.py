"""The tickets nobody waits for at the screen: printed once the server accepts their bet, and
every late outcome told.

A sale waits a few seconds for the server's answer (``sell.submit``); a stalled server, an
outage or a restart can make the answer come later, when no sale waits for it any more. Then
the answer reaches the ``TicketSpool`` (the drain's listener), on its own thread:

- an ACCEPTED bet's ticket is printed — once: ``printing.print_owed`` claims it in the store
  first —, in the language it was sold in, as soon as the printer can; a ticket the printer
  fails on is left FAILED, to reprint or cancel, as any other;
- a REFUSED or VOID bet's money is already back (``bets.record_answer``): it is told.

Each outcome becomes one ``LateOutcome`` for the screens (a kiosk announces a ticket printed
after its bettor left; a counter's last tickets follow). Accepted bets found unprinted at start
— a crash between the answer and the printer — are printed the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from terminal.errors import PrintProblem, Refused, TerminalError
from terminal.operations import printing
from terminal.operations.desk import Desk
from terminal.store import bets

log = logging.getLogger("guichet.terminal")

PRINTED, PRINT_FAILED = "printed", "print_failed"  # besides the bet statuses REFUSED and VOID


@dataclass(frozen=True, slots=True)
class LateOutcome:
    """What became of a bet after its sale stopped waiting: for the screens to tell."""

    kind: str  # PRINTED, PRINT_FAILED, bets.REFUSED or bets.VOID
    transaction_id: str
    cost: int
    ticket_number: str | None = None
    problem: TerminalError | None = None  # why refused, or why the ticket did not print


class TicketSpool:
    def __init__(self, desk: Desk, *, period: float = 2.0) -> None:
        self.desk = desk
        self.period = period  # how often owed tickets are looked for (a printer back, say)
        self.listeners: list[Callable[[LateOutcome], None]] = []
        self._refused: dict[str, str] = {}  # told by the drain, to tell the screens
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ticket-spool", daemon=True)

    def on_late(self, late: dict[str, str]) -> None:
        """The drain's listener (on its thread): answers no sale waited for."""
        with self._lock:
            self._refused.update((t, s) for t, s in late.items() if s != bets.ACCEPTED)
        self._wake.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def round(self) -> list[LateOutcome]:
        """Tell the refusals, print the owed tickets; what happened, in order."""
        with self._lock:
            refused, self._refused = self._refused, {}
        told = [self._refusal(tid, status) for tid, status in refused.items()]
        if not self.desk.printer_problem():  # else they stay owed until the printer is back
            told += [t for tid in printing.owed(self.desk) if (t := self._print(tid))]
        for outcome in told:
            for listener in list(self.listeners):
                listener(outcome)
        return told

    def _refusal(self, tid: str, status: str) -> LateOutcome:
        row = bets.read(self.desk.store, tid)
        cost = 0 if row is None else int(row["cost"])
        problem = None if row is None else Refused.recorded(row["problem"])
        return LateOutcome(status, tid, cost, problem=problem)

    def _print(self, tid: str) -> LateOutcome | None:
        try:
            if not printing.print_owed(self.desk, tid):
                return None  # printed meanwhile by someone else (a reprint): nothing owed
            kind, problem = PRINTED, None
        except PrintProblem as err:
            kind, problem = PRINT_FAILED, err
        row = bets.read(self.desk.store, tid)
        assert row is not None, "an owed ticket's bet is in the store"
        return LateOutcome(kind, tid, int(row["cost"]), row["ticket_number"], problem)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.round()
            except Exception:  # a bug must not stop the tickets for good: log, retry
                log.exception("the ticket spool failed")
            self._wake.wait(self.period)
            self._wake.clear()
