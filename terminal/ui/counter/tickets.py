"""The counter's tickets: check a scanned ticket or voucher, pay it, cancel a ticket (asked
first, with the amount to refund) or the last one sold, reprint it, and the last tickets.

Functions over the window, as ``till`` is: the window keeps the widgets and the task worker,
this the steps; every read and every operation runs in the worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from terminal.operations import credit
from terminal.operations.cancel import Cancellation, cancel, refund_of
from terminal.operations.payout import Payout, pay
from terminal.operations.payout import check as check_ticket
from terminal.operations.printing import FAILED, PRINTED
from terminal.operations.reprint import reprint
from terminal.store import bets
from terminal.ui.counter import till

if TYPE_CHECKING:
    from terminal.ui.counter.window import CounterWindow

USER_ROLE = Qt.ItemDataRole.UserRole


def check(w: CounterWindow) -> None:
    barcode = w.scan.text().strip()
    w.say("")  # a new action: the last one's outcome goes
    if credit.is_voucher(barcode):
        w.run(lambda: credit.check(w.desk, barcode), lambda view: _show_voucher(w, view))
        return
    w.run(lambda: check_ticket(w.desk, barcode), lambda view: _show_ticket(w, view))


def _show_voucher(w: CounterWindow, view: dict[str, Any]) -> None:
    t = w.words
    if view.get("redeemed_at"):
        state = t.gettext("paid on {date}", date=t.moment(view["redeemed_at"]))
    elif view.get("expired"):
        state = t.gettext("expired on {date}", date=t.date(view["expires_at"]))
    else:
        state = t.gettext("valid until {date}", date=t.date(view["expires_at"]))
    w.ticket_info.setText(t.gettext("Voucher {number}: {amount} — {state}",
                                    number=view["number"], amount=t.amount(int(view["amount"])),
                                    state=state))  # fmt: skip


def _show_ticket(w: CounterWindow, view: dict[str, Any]) -> None:
    """What a ticket is worth, said as the clerk repeats it to the bettor. Before its race
    has an official result a ticket is worth nothing yet, not "0,00 €": the server sends no
    payout then (``payout`` is null until the bet is settled), and the line says so."""
    t = w.words
    what = {"number": view["ticket_number"], "race": t.race(view["race_id"]),
            "bet_type": t.bet_type(view["bet_type"])}  # fmt: skip
    if view.get("payout") is None and not view.get("paid_at"):
        said = (t.gettext("Ticket {number}: {race}, {bet_type} — no official result yet", **what)
                if view["status"] == "ACCEPTED" else
                t.gettext("Ticket {number}: {race}, {bet_type} — {status}", **what,
                          status=t.status(view["status"])))  # fmt: skip
        w.ticket_info.setText(said)
        return
    status = t.status(view["status"])
    if view.get("paid_at"):
        status = t.gettext("paid on {date}", date=t.moment(view["paid_at"]))
    w.ticket_info.setText(t.gettext(
        "Ticket {number}: {race}, {bet_type} — {status} — pays {amount}", **what,
        status=status, amount=t.amount(int(view.get("payout") or 0)),
    ))  # fmt: skip


def pay_scanned(w: CounterWindow) -> None:
    barcode = w.scan.text().strip()
    t = w.words

    def paid(done: Payout) -> None:
        w.say(t.gettext("Pay {amount} (ticket {ticket})", amount=t.amount(done.amount),
                         ticket=done.ticket_number))  # fmt: skip
        till.refresh(w)
        refresh_last(w)

    if credit.is_voucher(barcode):

        def redeemed(amount: int) -> None:
            w.say(t.gettext("Pay {amount} (voucher)", amount=t.amount(amount)))
            till.refresh(w)

        w.run(lambda: credit.redeem(w.desk, barcode), redeemed)
        return
    w.run(lambda: pay(w.desk, barcode), paid)


def refresh_last(w: CounterWindow) -> None:
    """The last tickets sold here (read in the worker), the newest first."""
    w.run(lambda: bets.latest(w.desk.store), lambda rows: _show_last(w, rows))


def _show_last(w: CounterWindow, rows: list[Any]) -> None:
    t = w.words
    w.last_tickets.clear()
    for row in rows:
        item = QListWidgetItem(t.gettext(
            "{ticket} · {race} · {bet_type} · {cost} · {status}",
            ticket=row["ticket_number"] or "—", race=t.race(row["race_id"]),
            bet_type=t.bet_type(row["bet_type"]), cost=t.amount(row["cost"]),
            status=t.status(shown_state(row)),
        ))  # fmt: skip
        item.setData(USER_ROLE, row["ticket_number"] or row["transaction_id"])
        w.last_tickets.addItem(item)


def shown_state(row: Any) -> str:
    """A bet's state as the clerk needs it: paid, or accepted with its ticket still owed."""
    if row["paid"]:
        return "PAID"
    if row["status"] == bets.ACCEPTED and row["print_state"] != PRINTED:
        return "PRINT_FAILED" if row["print_state"] == FAILED else "UNPRINTED"
    return str(row["status"])


def cancel_last(w: CounterWindow) -> None:
    """Cancel the last ticket sold here (a mistyped sale), after the same confirmation."""
    last = w.last_tickets.item(0)
    if last is None:
        return
    w.scan.setText(str(last.data(USER_ROLE)))
    cancel_scanned(w)


def cancel_scanned(w: CounterWindow) -> None:
    """Asks first, with the amount to refund; then cancels and prints the receipt."""
    barcode = w.scan.text().strip()
    w.run(lambda: refund_of(w.desk, barcode),
              lambda found: _confirm_cancel(w, barcode, *found))  # fmt: skip


def _confirm_cancel(w: CounterWindow, barcode: str, ticket: str, amount: int) -> None:
    t = w.words
    question = t.gettext("Cancel ticket {ticket} and refund {amount}?", ticket=ticket,
                         amount=t.amount(amount))  # fmt: skip
    if w.confirm(question):
        w.run(lambda: cancel(w.desk, barcode), lambda done: _cancelled(w, done))


def _cancelled(w: CounterWindow, done: Cancellation) -> None:
    t = w.words
    if not done.refunded:
        w.say(t.gettext("Ticket {ticket} was already cancelled: nothing more to refund",
                            ticket=done.ticket_number), problem=True)  # fmt: skip
        return
    said = t.gettext("Bet cancelled: refund {amount} (ticket {ticket})",
                     amount=t.amount(done.amount), ticket=done.ticket_number)  # fmt: skip
    if not done.receipt_printed:
        said = t.gettext("{said} The receipt did not print.", said=said)
    w.say(said)
    till.refresh(w)
    refresh_last(w)


def reprint_scanned(w: CounterWindow) -> None:
    barcode = w.scan.text().strip()
    w.run(
        lambda: reprint(w.desk, barcode or _last_ticket(w)),
        lambda duplicate: _reprinted(w, duplicate),
    )


def _reprinted(w: CounterWindow, duplicate: bool) -> None:
    t = w.words
    w.say(t.gettext("Duplicate printed") if duplicate else t.gettext("Ticket printed"))


def _last_ticket(w: CounterWindow) -> str:
    """The clerk's last sale (read in the task worker)."""
    row = w.desk.store.one(
        "SELECT transaction_id FROM bet WHERE status = 'ACCEPTED' ORDER BY created_at DESC"
    )
    return "" if row is None else str(row[0])
