"""The counter's sale, from Enter to the ticket, said at each step.

Enter takes the money and queues the bet (``enqueue``: milliseconds, so the clerk hears
"recorded" at once even if the server is stalled), then waits for the server's answer
(``submit``) in the task worker. An answer that comes after the sale stopped waiting is told
by the ticket spool (``late``): the ticket printed then, or the money to give back. The line's
cost at every key is ``EntryLine``'s (``terminal.counter.state``); what is said of each
outcome, ``terminal.counter.sayings``'.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit

from catalogue import Words
from terminal.counter import sayings
from terminal.counter.state import EntryLine
from terminal.errors import TerminalError
from terminal.operations.desk import Desk
from terminal.operations.sell import Sale, enqueue, submit
from terminal.operations.spool import LateOutcome
from terminal.ui.counter.message import MessageLine


class Selling:
    """``entry``: the line, cleared once its bet is recorded. ``moved`` reads the till and the
    last tickets again once money moved; ``answered`` the link's state once the server
    answered."""

    def __init__(
        self,
        words: Words,
        desk: Desk,
        line: EntryLine,
        message: MessageLine,
        *,
        entry: QLineEdit,
        moved: Callable[[], None],
        answered: Callable[[], None],
    ) -> None:
        self.words, self.desk, self.line, self.message = words, desk, line, message
        self.entry, self.moved, self.answered = entry, moved, answered

    def sell(self) -> None:
        try:
            draft = self.line.to_sell(self.desk.clock())
        except TerminalError as err:
            self.message.failed(err)
            return
        self.message.run(lambda: enqueue(self.desk, draft), self._recorded)

    def _recorded(self, sale: Sale) -> None:
        """Paid and queued: said now; the answer is waited for next, in the worker."""
        self.message.tell(sayings.recorded(self.words, sale))
        self.entry.clear()
        self.moved()
        self.message.answer(lambda: submit(self.desk, sale.transaction_id), self._sold)

    def _sold(self, sale: Sale) -> None:
        self.message.tell(sayings.answered(self.words, sale))
        self.answered()
        self.moved()

    def late(self, outcome: LateOutcome) -> None:
        """A bet's answer after its sale stopped waiting: its ticket printed now, or refused."""
        self.message.tell(sayings.late(self.words, outcome))
        self.moved()
