"""What every operation works with, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

from catalogue import Words, words_for
from drivers.printer.layout import COLUMNS, Slip
from drivers.printer.status import PrinterStatus
from terminal.errors import Offline, Refused, ShiftProblem
from terminal.link.client import ServerClient
from terminal.link.drain import Drain
from terminal.operations.slips import Seller
from terminal.steps import NO_STEPS, Steps
from terminal.store import Store, outbox, shifts

COUNTER, KIOSK = "counter", "kiosk"


class Request(Protocol):
    """A request queued for the server, as the store reads it back (a payout, a redemption)."""

    @property
    def state(self) -> str: ...

    @property
    def problem(self) -> str | None: ...


AnyRequest = TypeVar("AnyRequest", bound=Request)


class Printer(Protocol):
    """The slice of ``drivers.printer.TicketPrinter`` the operations use."""

    def print_slip(self, slip: Slip, timeout: float = 30.0) -> PrinterStatus: ...


@dataclass
class Desk:
    store: Store
    client: ServerClient
    drain: Drain
    printer: Printer
    mode: str = COUNTER
    terminal_name: str = ""
    operator: str = ""
    steps: Steps = field(default=NO_STEPS)
    words: Words = field(default_factory=lambda: words_for("fr"))  # what it prints, in words
    columns: int = COLUMNS  # characters to a printed line: 42, or 48 on a full-width roll
    # why the printer cannot print now, as its driver last saw it ("" when it can): a sale is
    # refused before any money is taken, rather than sold and left without its ticket
    printer_problem: Callable[[], str] = field(default=lambda: "")
    # wakes the outbox's worker: something was queued (the composition root wires it)
    wake: Callable[[], None] = field(default=lambda: None)

    @property
    def seller(self) -> Seller:
        """Who sells now: the open shift's clerk (a counter)."""
        return self.seller_in(None)

    def seller_in(self, shift_id: str | None) -> Seller:
        """Who sold in this shift (None: the open one): its clerk, the name on the card that
        opened it or typed, else the configuration's operator. A kiosk prints its own name."""
        clerk = self.operator
        if self.mode != KIOSK:
            shift = (
                shifts.open_now(self.store)
                if shift_id is None
                else shifts.get(self.store, shift_id)
            )
            clerk = (shift.clerk if shift is not None else "") or clerk
        return Seller(self.terminal_name, clerk, self.mode == KIOSK, self.columns)

    @property
    def clock(self) -> Callable[[], datetime]:
        """The server's time as best known: races close by the server's clock."""
        return self.client.clock

    def now(self) -> str:
        return self.clock().isoformat()

    def open_shift_id(self) -> str:
        shift = shifts.open_now(self.store)
        if shift is None:
            raise ShiftProblem("no shift is open: open one first", code="no_shift")
        return shift.id

    def until_answered(self, id_: str, kind: str) -> None:
        """Drain (what was queued before goes first) until this item has the server's answer.

        Raises ``Offline`` if the server cannot be reached: the item stays queued and is retried
        by the drain worker; nothing is refunded or paid until the server confirms it.
        """
        while True:
            state = outbox.state_of(self.store, id_, kind)
            if state is None or state[0] != "PENDING":
                return
            try:
                if not self.drain.once():
                    return
            except Offline as err:
                raise Offline(
                    f"{err.detail}. The request is kept and retried: nothing is refunded or "
                    "paid until the server confirms it.",
                    code="kept_offline",
                ) from None

    def answered(
        self,
        read: Callable[[Store, str], AnyRequest | None],
        what: str,
        id_: str,
        kind: str,
        done: str,
        refused: str,
    ) -> AnyRequest:
        """A request (``what``, read back by ``read``) once the server has answered it
        (``until_answered``): in state ``done``, or the server's refusal raised (code
        ``refused`` if the refusal was not kept whole)."""
        self.until_answered(id_, kind)
        request = read(self.store, id_)
        assert request is not None, f"{what} {id_} vanished"
        if request.state != done:
            raise Refused.recorded(request.problem) or Refused(
                f"the server refused the request ({what})", code=refused
            )
        return request
