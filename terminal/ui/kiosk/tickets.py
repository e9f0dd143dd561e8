"""A ticket or voucher scanned at the kiosk: a voucher becomes credit; a ticket is checked and
said in the bettor's words (not run yet, losing, refunded, winning, already paid), and its
winnings collected as credit. The server decides; nothing is paid offline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terminal.operations import credit
from terminal.operations.payout import check, pay

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow


def scanned(w: KioskWindow, code: str) -> None:
    code = code.strip()
    if credit.is_voucher(code):
        w._run(lambda: credit.redeem(w.desk, code), lambda amount: _redeemed(w, int(amount)))
        return
    if w.current != "ticket":
        w.go("ticket")
    w.ticket_code.setText(code)
    w._run(lambda: check(w.desk, code), lambda view: _show_ticket(w, view))


def _redeemed(w: KioskWindow, amount: int) -> None:
    w._refresh_credit()
    w.message.setText(w.words.gettext("Voucher of {amount} added to your credit",
                                      amount=w.words.amount(amount)))  # fmt: skip


def _show_ticket(w: KioskWindow, view: dict[str, Any]) -> None:
    t = w.words
    amount = int(view.get("payout") or 0)
    status = view["status"]
    payable = status in {"WINNING", "REFUNDABLE"} and not view.get("paid_at") and amount > 0
    if payable:
        said = (t.gettext("Refunded (non-runner): {amount}", amount=t.amount(amount))
                if status == "REFUNDABLE"
                else t.gettext("This ticket pays {amount}", amount=t.amount(amount)))  # fmt: skip
    elif view.get("paid_at"):
        said = t.gettext("This ticket was already paid on {date}", date=t.moment(view["paid_at"]))
    elif status == "ACCEPTED":
        said = t.gettext("This ticket's race has no official result yet")
    elif status == "CANCELLED":
        said = t.gettext("This ticket was cancelled")
    else:
        said = t.gettext("This is a losing ticket")
    w.ticket_view.setText(said)
    w.collect_button.setEnabled(payable)


def collect(w: KioskWindow) -> None:
    code = w.ticket_code.text().strip()
    w.collect_button.setEnabled(False)
    w._run(lambda: pay(w.desk, code), lambda _: w._refresh_credit())
