"""A kiosk bettor's credit: notes in, bets and winnings, and vouchers out and back in.

A note counts only once the bill acceptor has stacked it (a note in escrow can still come
back). Credit leaves the kiosk as a voucher that the server creates before it is printed
(``backend.vouchers``), so that any terminal of the operator can pay it, once: the credit is
taken off in the same transaction that queues the request, the voucher prints from the
server's answer. Offline, the request waits in the outbox like a payout and the voucher prints
when the server answers (``print_waiting``, also run at start-up: a crash between the answer
and the print loses nothing). A voucher is redeemed by asking the server, never offline:
credit at a kiosk, cash at a counter.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue import Words
from drivers.errors import DeviceError
from terminal.errors import (
    NotFound,
    Offline,
    PaymentProblem,
    PrintProblem,
    Refused,
    TerminalError,
)
from terminal.operations import slips
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.printing import print_receipt
from terminal.store import journal, ledger, outbox, vouchers

PREFIX, LEGACY_PREFIX = "93", "92"  # the server's vouchers; a kiosk's own, from before
SIZES = {PREFIX: 36, LEGACY_PREFIX: 24}
CASH_OUT, IDLE = "cash_out", "idle"


@dataclass(frozen=True, slots=True)
class Voucher:
    number: str
    barcode: str
    amount: int
    expires_at: str


@dataclass(frozen=True, slots=True)
class CashOut:
    """What leaving the kiosk gave: the voucher printed, or the amount whose voucher prints as
    soon as the server answers or the printer can (``voucher`` None, ``problem`` why)."""

    amount: int
    voucher: Voucher | None
    problem: TerminalError | None = None


def is_voucher(code: str) -> bool:
    code = code.strip()
    return any(code.startswith(p) and len(code) == n for p, n in SIZES.items())


def deposit(desk: Desk, cents: int, event_id: str) -> int:
    """Credit a stacked note (``event_id`` makes a replayed event harmless); the new balance."""
    shift_id = desk.open_shift_id()
    at = desk.now()
    with desk.store.write() as conn:
        if ledger.record(conn, shift_id, ledger.CREDIT, "note", event_id, cents, at):
            ledger.record(conn, shift_id, ledger.DRAWER, "note", event_id, cents, at)
            journal.append(conn, at, "credit.note", {"event": event_id, "amount": cents})
    return balance(desk)


def balance(desk: Desk) -> int:
    return ledger.balance(desk.store, ledger.CREDIT)


def cash_out(desk: Desk, reason: str = CASH_OUT, *, words: Words | None = None) -> CashOut:
    """The whole credit as a voucher from the server, printed in ``words``.

    Offline, the credit stays taken and the voucher prints when the server answers.
    """
    shift_id = desk.open_shift_id()
    tid = str(uuid.uuid4())
    at = desk.now()
    with desk.store.write() as conn:
        amount = ledger.balance(desk.store, ledger.CREDIT)  # in this transaction
        if amount <= 0:
            raise PaymentProblem("there is no credit to pay out", code="no_credit")
        vouchers.add_issue(conn, tid, shift_id, amount, reason, at)
        ledger.record(conn, shift_id, ledger.CREDIT, "voucher.issued", tid, -amount, at)
        outbox.add(conn, tid, outbox.VOUCHER, {"amount": amount, "reason": reason}, at)
        journal.append(conn, at, "voucher.requested", {"request": tid, "amount": amount})
    desk.steps.reached("voucher.requested")
    try:
        desk.until_answered(tid, outbox.VOUCHER)
    except Offline as err:
        return CashOut(amount, None, err)
    row = vouchers.issue(desk.store, tid)
    assert row is not None
    if row["state"] == vouchers.REFUSED:
        refusal = Refused.recorded(row["problem"])
        raise refusal or Refused("the server refused the voucher", code="not_issued")
    if row["state"] != vouchers.ISSUED:
        return CashOut(amount, None)
    try:
        return CashOut(amount, _print(desk, row, words))
    except PrintProblem as err:
        return CashOut(amount, None, err)


def print_waiting(desk: Desk, words: Words | None = None) -> list[Voucher]:
    """Print the vouchers the server has issued that never printed (offline, or a crash)."""
    for tid in vouchers.pending_issues(desk.store):
        try:
            desk.until_answered(tid, outbox.VOUCHER)
        except Offline:
            break
    return [_print(desk, row, words) for row in vouchers.unprinted(desk.store)]


def waiting(desk: Desk) -> int:
    """Credit taken for vouchers not printed yet: the server or the printer to come back."""
    return vouchers.waiting(desk.store)


def _print(desk: Desk, row: Any, words: Words | None) -> Voucher:
    voucher = Voucher(row["number"], row["barcode"], int(row["amount"]), row["expires_at"])
    try:
        print_voucher(desk, voucher, words=words)
    except DeviceError as err:
        raise PrintProblem(
            f"the voucher did not print ({err}); it is registered and prints once the printer "
            "is ready",
            code="voucher_not_printed",
            device_state=err.code,
        ) from None
    vouchers.printed(desk.store, row["transaction_id"])
    return voucher


def print_voucher(
    desk: Desk, voucher: Voucher, *, duplicate: bool = False, words: Words | None = None
) -> None:
    desk.printer.print_slip(
        slips.voucher(
            words or desk.words,
            desk.seller,
            number=voucher.number,
            barcode=voucher.barcode,
            amount=voucher.amount,
            issued_at=datetime.fromisoformat(desk.now()),
            valid_until=voucher.expires_at,
            duplicate=duplicate,
        )
    )


def check(desk: Desk, barcode: str) -> dict[str, Any]:
    """What the server says a voucher is worth now. Raises ``Offline`` or ``Refused``."""
    return desk.client.voucher(_readable(barcode))


def redeem(desk: Desk, barcode: str) -> int:
    """Take a voucher back, once, as the server decides: credit at a kiosk, cash at a counter
    (with a receipt). The amount; raises ``Refused`` with the server's reason."""
    barcode = _readable(barcode)
    shift_id = desk.open_shift_id()
    method = "credit" if desk.mode == KIOSK else "cash"
    tid = str(uuid.uuid4())
    at = desk.now()
    with desk.store.write() as conn:
        vouchers.add_redemption(conn, tid, shift_id, barcode, method, at)
        outbox.add(conn, tid, outbox.REDEMPTION, {"barcode": barcode, "method": method}, at)
        journal.append(conn, at, "voucher.redeem_requested", {"request": tid})
    desk.steps.reached("voucher.redeem_requested")
    redemption = desk.answered(
        vouchers.redemption,
        "voucher_redemption",
        tid,
        outbox.REDEMPTION,
        vouchers.REDEEMED,
        "not_redeemed",
    )
    amount = redemption.amount
    if method == "cash":
        print_receipt(
            desk,
            title=desk.words.gettext("VOUCHER PAID"),
            ticket_number=redemption.number,
            amount=amount,
            what=desk.words.gettext("Paid"),
            label=desk.words.gettext("Voucher"),
        )
    return amount


def _readable(barcode: str) -> str:
    barcode = barcode.strip()
    if not (is_voucher(barcode) and barcode.isascii() and barcode.isdigit()):
        raise NotFound(
            "this is not a Guichet voucher (forged or misread)", code="unreadable_voucher"
        )
    return barcode
