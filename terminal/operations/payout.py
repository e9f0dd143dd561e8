"""Checking a scanned ticket, and paying it: online only, the server decides.

A payout is queued durably with a fresh transaction id before it is sent; the cash leaves the
drawer (or the kiosk credits the bettor) only from the server's answer, recorded once. After a
lost answer or a crash the same transaction id is sent again, and the server answers with the
payout it made — it never pays a ticket twice, here or at another terminal.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from terminal.errors import NotFound, PaymentProblem, Refused
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.printing import print_receipt
from terminal.store import journal, outbox, payouts

IDENTITY_THRESHOLD = 200_000  # cents: above it, the payee's identity and no cash (DOMAIN.md)


@dataclass(frozen=True, slots=True)
class Payout:
    transaction_id: str
    ticket_number: str
    amount: int
    method: str


def check(desk: Desk, barcode: str) -> dict[str, Any]:
    """What the server says a ticket is worth now. Raises ``Offline`` or ``Refused``."""
    barcode = barcode.strip()
    if not (barcode.isascii() and barcode.isdigit()):  # "²".isdigit() is true
        raise NotFound("this is not a Guichet ticket barcode", code="unreadable_ticket")
    return desk.client.ticket(barcode)


def pay(
    desk: Desk, barcode: str, *, method: str | None = None, payee: dict[str, str] | None = None
) -> Payout:
    shift_id = desk.open_shift_id()
    view = check(desk, barcode.strip())
    desk.steps.reached("payout.checked")
    if view.get("paid_at"):
        raise Refused(
            f"ticket {view['ticket_number']} was already paid on {view['paid_at']}",
            code="already_paid",
            ticket_number=view["ticket_number"],
            paid_at=view["paid_at"],
        )
    method = method or ("voucher" if desk.mode == KIOSK else "cash")
    amount = int(view.get("payout") or 0)
    if amount > IDENTITY_THRESHOLD and (method == "cash" or payee is None):
        raise PaymentProblem(
            "above 2,000 € a ticket is paid by transfer or cheque, with the payee's name and "
            "identity document",
            code="identity_required",
        )
    tid = str(uuid.uuid4())
    body: dict[str, Any] = {"barcode": barcode.strip(), "method": method}
    if payee is not None:
        body["payee"] = payee
    at = desk.now()
    with desk.store.write() as conn:
        payouts.add(
            conn,
            tid,
            shift_id=shift_id,
            barcode=barcode.strip(),
            method=method,
            ticket_number=view["ticket_number"],
            at=at,
        )
        outbox.add(conn, tid, outbox.PAYOUT, body, at)
        journal.append(
            conn, at, "payout.requested", {"payout": tid, "ticket": view["ticket_number"]}
        )
    desk.steps.reached("payout.requested")
    request = desk.answered(payouts.read, "payout", tid, outbox.PAYOUT, payouts.PAID, "not_paid")
    desk.steps.reached("payout.done")
    paid = Payout(tid, request.ticket_number, request.amount, method)
    if method == "cash":
        print_receipt(
            desk,
            title=desk.words.gettext("PAYOUT"),
            ticket_number=paid.ticket_number,
            amount=paid.amount,
            what=desk.words.gettext("Paid"),
        )
    return paid
