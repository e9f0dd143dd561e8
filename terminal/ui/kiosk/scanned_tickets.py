"""A ticket or voucher scanned at the kiosk: a voucher becomes credit; a ticket is checked and
said in the bettor's words (not run yet, losing, refunded, winning, already paid), and its
winnings collected as credit. The server decides; nothing is paid offline.
"""

from __future__ import annotations

from typing import Any

from terminal.operations import credit
from terminal.operations.payout import check, pay
from terminal.ui.kiosk.kiosk import Kiosk


def scanned(k: Kiosk, code: str) -> None:
    code, desk = code.strip(), k.desk
    if credit.is_voucher(code):
        k.run(lambda: credit.redeem(desk, code), lambda amount: _redeemed(k, int(amount)))
        return
    if k.current != "ticket":
        k.go("ticket")
    k.controls.ticket_code.setText(code)
    k.run(lambda: check(desk, code), lambda view: _show_ticket(k, view))


def _redeemed(k: Kiosk, amount: int) -> None:
    k.refresh_credit()
    k.message.setText(
        k.words.gettext("Voucher of {amount} added to your credit", amount=k.words.amount(amount))
    )


def _show_ticket(k: Kiosk, view: dict[str, Any]) -> None:
    t = k.words
    amount = int(view.get("payout") or 0)
    status = view["status"]
    payable = status in {"WINNING", "REFUNDABLE"} and not view.get("paid_at") and amount > 0
    if payable:
        said = (
            t.gettext("Refunded (non-runner): {amount}", amount=t.amount(amount))
            if status == "REFUNDABLE"
            else t.gettext("This ticket pays {amount}", amount=t.amount(amount))
        )
    elif view.get("paid_at"):
        said = t.gettext("This ticket was already paid on {date}", date=t.moment(view["paid_at"]))
    elif status == "ACCEPTED":
        said = t.gettext("This ticket's race has no official result yet")
    elif status == "CANCELLED":
        said = t.gettext("This ticket was cancelled")
    else:
        said = t.gettext("This is a losing ticket")
    k.controls.ticket_view.setText(said)
    k.controls.collect_button.setEnabled(payable)


def collect(k: Kiosk) -> None:
    code, desk = k.controls.ticket_code.text().strip(), k.desk
    k.controls.collect_button.setEnabled(False)
    k.run(lambda: pay(desk, code), lambda _: k.refresh_credit())
