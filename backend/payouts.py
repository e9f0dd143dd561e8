"""Paying a ticket: exactly once, at any terminal, online only (the server decides).

The payout row's primary key is the bet, so a second payment of one ticket cannot be
written, whichever terminal tries and however the requests interleave; a retry with the
same transaction id returns the original payment. Above 2,000 € the payee's identity is
recorded and the money goes by a non-cash means (DOMAIN.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from backend import journal
from backend.errors import Conflict, InvalidRequest, NotFound
from backend.redeem_once import PAYOUTS
from backend.store import Row, Store
from backend.tickets import number_from_payload

IDENTITY_THRESHOLD_CENTS = 200_000
METHODS = ("cash", "transfer", "cheque", "voucher")
PAYABLE = {"WINNING", "REFUNDABLE"}


@dataclass(frozen=True, slots=True)
class PayoutRequest:
    transaction_id: str
    barcode: str
    method: str
    payee: dict[str, str] | None = None


def ticket_view(store: Store, key: bytes, barcode: str) -> dict[str, Any]:
    """What a scanned ticket is worth now (for the clerk's screen, before paying)."""
    row = _ticket(store, key, barcode)
    paid = PAYOUTS.of(store, row["id"])
    return {
        "ticket_number": row["ticket_number"],
        "race_id": row["race_id"],
        "bet_type": row["bet_type"],
        "cost": row["cost"],
        "status": row["status"],
        "payout": row["payout_cents"],
        "paid_at": None if paid is None else paid["paid_at"],
    }


def pay(
    store: Store, key: bytes, terminal_id: str, request: PayoutRequest, now: datetime
) -> dict[str, Any]:
    try:
        UUID(request.transaction_id)
    except ValueError:
        raise InvalidRequest(f"transaction_id {request.transaction_id!r} is not a UUID") from None
    if request.method not in METHODS:
        raise InvalidRequest(f"method must be one of {', '.join(METHODS)}")
    with store.transaction():
        row = _ticket(store, key, request.barcode, store.update_lock)  # one payment at a time
        earlier = PAYOUTS.earlier(
            store, row["id"], request.transaction_id, terminal_id, lambda paid: _paid(row, paid)
        )
        if earlier is not None:
            return _receipt(row, earlier)
        if row["status"] not in PAYABLE:
            why = {
                "LOSING": "it is a losing ticket",
                "CANCELLED": "it was cancelled",
                "ACCEPTED": "its race has no official result yet",
            }.get(row["status"], f"it is {row['status']}")
            raise Conflict(
                f"ticket {row['ticket_number']} pays nothing: {why}",
                code="not_payable",
                ticket_number=row["ticket_number"],
                status=row["status"],
            )
        amount = int(row["payout_cents"])
        if amount > IDENTITY_THRESHOLD_CENTS:
            _check_identity(request)
        store.execute(
            "INSERT INTO payout (bet_id, transaction_id, terminal_id, amount_cents, method, payee,"
            " paid_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                row["id"],
                request.transaction_id,
                terminal_id,
                amount,
                request.method,
                None if request.payee is None else json.dumps(request.payee),
                now.isoformat(),
            ),
        )
        store.execute("UPDATE bet SET status = 'PAID' WHERE id = ?", (row["id"],))
        journal.append(
            store,
            now.isoformat(),
            "ticket.paid",
            {
                "ticket": row["ticket_number"],
                "bet": row["id"],
                "terminal": terminal_id,
                "amount": amount,
                "method": request.method,
            },
        )
        payout = PAYOUTS.of(store, row["id"])
        assert payout is not None  # written just above, in this transaction
        return _receipt(row, payout)


def _paid(bet: Row, payout: Row) -> Conflict:
    return Conflict(
        f"ticket {bet['ticket_number']} was already paid on {payout['paid_at']}",
        code="already_paid",
        ticket_number=bet["ticket_number"],
        paid_at=payout["paid_at"],
    )


def _check_identity(request: PayoutRequest) -> None:
    payee = request.payee or {}
    if request.method == "cash":
        raise InvalidRequest(
            "above 2,000 € a ticket is paid by transfer or cheque, not cash",
            code="identity_required",
        )
    if not payee.get("name", "").strip() or not payee.get("document", "").strip():
        raise InvalidRequest(
            "above 2,000 € the payee's name and identity document must be recorded",
            code="identity_required",
        )


def _ticket(store: Store, key: bytes, barcode: str, lock: str = "") -> Row:
    number = number_from_payload(key, barcode)
    row = store.execute("SELECT * FROM bet WHERE ticket_number = ?" + lock, (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no ticket {number}", code="unknown_ticket")
    return row  # type: ignore[no-any-return]


def _receipt(bet: Row, payout: Row) -> dict[str, Any]:
    return {
        "transaction_id": payout["transaction_id"],
        "ticket_number": bet["ticket_number"],
        "amount": payout["amount_cents"],
        "method": payout["method"],
        "paid_at": payout["paid_at"],
        "terminal_id": payout["terminal_id"],
    }
