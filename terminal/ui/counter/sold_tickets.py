"""The tickets sold, as the counter handles them once sold: check a scanned ticket or voucher,
pay it, cancel a ticket (asked first, with the amount to refund) or the last one sold, reprint
it, and list the last tickets.

Built by the window with the widgets it fills and what it needs; what is said follows from
``terminal.counter`` (``sayings``, ``LastTickets``); every read and operation runs in the task
worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem

from catalogue import Words
from terminal.counter import sayings
from terminal.counter.state import LastTickets
from terminal.operations import credit
from terminal.operations.cancel import Cancellation, cancel, refund_of
from terminal.operations.desk import Desk
from terminal.operations.payout import Payout, pay
from terminal.operations.payout import check as check_ticket
from terminal.operations.reprint import reprint
from terminal.store import bets
from terminal.ui.counter.message import MessageLine

USER_ROLE = Qt.ItemDataRole.UserRole


class SoldTickets:
    """``scan``: the barcode scanned or typed; ``info``: what it is worth; ``listing``: the
    last tickets. ``confirm`` asks the clerk (a test answers in its place); ``moved`` reads
    the till again once money moved."""

    def __init__(
        self,
        words: Words,
        desk: Desk,
        last: LastTickets,
        message: MessageLine,
        *,
        scan: QLineEdit,
        info: QLabel,
        listing: QListWidget,
        confirm: Callable[[str], bool],
        moved: Callable[[], None],
    ) -> None:
        self.words, self.desk, self.last, self.message = words, desk, last, message
        self.scan, self.info, self.listing = scan, info, listing
        self.confirm, self.moved = confirm, moved

    def check(self) -> None:
        barcode = self.scan.text().strip()
        self.message.say("")  # a new action: the last one's outcome goes
        t = self.words
        if credit.is_voucher(barcode):
            self.message.run(
                lambda: credit.check(self.desk, barcode),
                lambda view: self.info.setText(sayings.voucher(t, view)),
            )
            return
        self.message.run(
            lambda: check_ticket(self.desk, barcode),
            lambda view: self.info.setText(sayings.ticket(t, view)),
        )

    def pay(self) -> None:
        barcode = self.scan.text().strip()
        t = self.words

        def paid(done: Payout) -> None:
            self.message.tell(sayings.paid(t, done))
            self.moved()
            self.refresh_last()

        if credit.is_voucher(barcode):

            def redeemed(amount: int) -> None:
                self.message.tell(sayings.voucher_paid(t, amount))
                self.moved()

            self.message.run(lambda: credit.redeem(self.desk, barcode), redeemed)
            return
        self.message.run(lambda: pay(self.desk, barcode), paid)

    def refresh_last(self) -> None:
        """The last tickets sold here (read in the worker), the newest first."""
        self.message.run(lambda: bets.latest(self.desk.store), self._show_last)

    def _show_last(self, rows: list[Any]) -> None:
        self.last.read(rows)
        self.listing.clear()
        for text, key in self.last.lines():
            item = QListWidgetItem(text)
            item.setData(USER_ROLE, key)
            self.listing.addItem(item)

    def cancel_last(self) -> None:
        """Cancel the last ticket sold here (a mistyped sale), after the same confirmation."""
        newest = self.last.newest()
        if newest is None:
            return
        self.scan.setText(newest)
        self.cancel()

    def cancel(self) -> None:
        """Asks first, with the amount to refund; then cancels and prints the receipt."""
        barcode = self.scan.text().strip()
        self.message.run(
            lambda: refund_of(self.desk, barcode),
            lambda found: self._confirm_cancel(barcode, *found),
        )

    def _confirm_cancel(self, barcode: str, ticket: str, amount: int) -> None:
        if self.confirm(sayings.cancel_question(self.words, ticket, amount)):
            self.message.run(lambda: cancel(self.desk, barcode), self._cancelled)

    def _cancelled(self, done: Cancellation) -> None:
        said = sayings.cancelled(self.words, done)
        self.message.tell(said)
        if not done.refunded:
            return
        self.moved()
        self.refresh_last()

    def reprint(self) -> None:
        barcode = self.scan.text().strip()
        self.message.run(
            lambda: reprint(self.desk, barcode or self._last_sold()),
            lambda duplicate: self.message.tell(sayings.reprinted(self.words, duplicate)),
        )

    def _last_sold(self) -> str:
        """The clerk's last sale the server accepted (read in the task worker)."""
        return bets.last_accepted(self.desk.store) or ""
