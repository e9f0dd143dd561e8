"""Vouchers: a kiosk bettor's credit as paper, payable once at any terminal of the operator.

A voucher is created here before it is printed (a kiosk's cash-out, or its idle timeout),
so that a counter across town can pay it: the register is the server's, as the ticket
register is. Like a ticket it has a 14-digit number of the day (its own sequence) and a
36-digit barcode, ``93`` + number + a MAC under the server's key (the prefix is signed, so no
ticket's MAC passes for a voucher's). It is valid 60 days and redeemed exactly once: the
redemption row's primary key is the voucher, so a second redemption cannot be written,
whichever terminals race for it; a retry with the same transaction id returns the first
answer. Nothing is redeemed offline: the terminal asks, the server decides.

Before the register existed, a kiosk issued its own vouchers (``92`` + 12-digit number + a
10-digit MAC under the kiosk's secret, 24 digits) that only it could take back. A terminal
upgraded since registers the ones still unredeemed (``register_legacy``): the server checks
each one's MAC under that terminal's secret, and from then on pays it anywhere, as any.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from backend import journal
from backend.errors import Conflict, IdempotencyConflict, InvalidRequest, NotFound
from backend.redeem_once import VOUCHER_REDEMPTIONS
from backend.store import Row, Store
from backend.terminals import secret_of
from backend.tickets import barcode_payload, reserve_numbers, signed_number

PREFIX = "93"
LEGACY_PREFIX = "92"
VALIDITY = timedelta(days=60)
REASONS = ("cash_out", "idle")
METHODS = ("cash", "credit")
MAX_AMOUNT = 10_000_000  # cents: 100,000 € — beyond any kiosk's credit; refuses a typo's zeros


@dataclass(frozen=True, slots=True)
class VoucherIssue:
    transaction_id: str
    amount: int
    reason: str


@dataclass(frozen=True, slots=True)
class LegacyVoucher:
    transaction_id: str
    barcode: str
    amount: int
    issued_at: str
    expires_at: str


@dataclass(frozen=True, slots=True)
class Redemption:
    transaction_id: str
    barcode: str
    method: str


def issue(
    store: Store, key: bytes, terminal_id: str, wanted: VoucherIssue, now: datetime
) -> dict[str, Any]:
    _check_uuid(wanted.transaction_id)
    if wanted.reason not in REASONS:
        raise InvalidRequest(f"reason must be one of {', '.join(REASONS)}")
    _check_amount(wanted.amount)
    with store.transaction():
        earlier = _earlier(store, wanted.transaction_id, terminal_id, wanted.amount)
        if earlier is not None:
            return earlier
        (number,) = reserve_numbers(store, "voucher_counter", now, 1)
        _insert(
            store,
            number,
            barcode_payload(key, number, PREFIX),
            wanted.transaction_id,
            terminal_id,
            wanted.amount,
            wanted.reason,
            now.isoformat(),
            (now + VALIDITY).isoformat(),
        )
        return _view(_row(store, number), now)


def register_legacy(
    store: Store, terminal_id: str, wanted: LegacyVoucher, now: datetime
) -> dict[str, Any]:
    """A voucher a terminal issued on its own before the register: checked under its secret."""
    _check_uuid(wanted.transaction_id)
    _check_amount(wanted.amount)
    code = wanted.barcode
    if not (len(code) == 24 and code.startswith(LEGACY_PREFIX) and _digits(code)):
        raise InvalidRequest("this is not a Guichet voucher barcode", code="forged_voucher")
    secret = secret_of(store, terminal_id)
    if secret is None or not hmac.compare_digest(code[14:], legacy_mac(secret, code[2:14])):
        raise InvalidRequest("the voucher's barcode is forged or damaged", code="forged_voucher")
    try:
        issued = datetime.fromisoformat(wanted.issued_at)
        expires = datetime.fromisoformat(wanted.expires_at)
    except ValueError:
        raise InvalidRequest("issued_at and expires_at must be ISO 8601 times") from None
    if issued.tzinfo is None or expires.tzinfo is None or expires > issued + VALIDITY:
        raise InvalidRequest("a voucher's times carry their zone and span at most 60 days")
    with store.transaction():
        earlier = _earlier(store, wanted.transaction_id, terminal_id, wanted.amount)
        if earlier is not None:
            return earlier
        if _by_barcode(store, code) is not None:
            raise Conflict("this voucher is already registered", code="voucher_registered")
        _insert(
            store,
            code[2:14],
            code,
            wanted.transaction_id,
            terminal_id,
            wanted.amount,
            "legacy",
            issued.isoformat(),
            expires.isoformat(),
        )
        return _view(_row(store, code[2:14]), now)


def voucher_view(store: Store, key: bytes, barcode: str, now: datetime) -> dict[str, Any]:
    """What a scanned voucher is worth now (for the clerk's or the bettor's screen)."""
    row = _find(store, key, barcode)
    done = VOUCHER_REDEMPTIONS.of(store, row["number"])
    return {**_view(row, now), "redeemed_at": None if done is None else done["redeemed_at"]}


def redeem(
    store: Store, key: bytes, terminal_id: str, wanted: Redemption, now: datetime
) -> dict[str, Any]:
    _check_uuid(wanted.transaction_id)
    if wanted.method not in METHODS:
        raise InvalidRequest(f"method must be one of {', '.join(METHODS)}")
    with store.transaction():
        row = _find(store, key, wanted.barcode, store.update_lock)  # one redemption at a time
        earlier = VOUCHER_REDEMPTIONS.earlier(
            store, row["number"], wanted.transaction_id, terminal_id, lambda d: _again(row, d)
        )
        if earlier is not None:
            return _redeemed(row, earlier)
        if now.isoformat() > row["expires_at"]:
            raise Conflict(
                f"voucher {row['number']} expired on {row['expires_at'][:10]}",
                code="voucher_expired",
                number=row["number"],
                expires_at=row["expires_at"],
            )
        store.execute(
            "INSERT INTO voucher_redemption (voucher_number, transaction_id, terminal_id, method,"
            " redeemed_at) VALUES (?, ?, ?, ?, ?)",
            (row["number"], wanted.transaction_id, terminal_id, wanted.method, now.isoformat()),
        )
        journal.append(
            store,
            now.isoformat(),
            "voucher.redeemed",
            {
                "voucher": row["number"],
                "terminal": terminal_id,
                "amount": row["amount_cents"],
                "method": wanted.method,
            },
        )
        done = VOUCHER_REDEMPTIONS.of(store, row["number"])
        assert done is not None  # written just above, in this transaction
        return _redeemed(row, done)


def legacy_mac(secret: bytes, number: str) -> str:
    """The MAC a terminal put on its own vouchers: 40 bits of HMAC-SHA256 as 10 digits."""
    digest = hmac.new(secret, f"voucher:{number}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:5], 'big'):010d}"[-10:]


def _find(store: Store, key: bytes, barcode: str, lock: str = "") -> Row:
    if barcode.startswith(LEGACY_PREFIX) and len(barcode) == 24 and _digits(barcode):
        row = _by_barcode(store, barcode, lock)
        if row is None:
            raise NotFound(
                "this voucher is not registered (yet) with the server", code="unknown_voucher"
            )
        secret = secret_of(store, row["terminal_id"]) or b""
        if not hmac.compare_digest(barcode[14:], legacy_mac(secret, barcode[2:14])):
            raise InvalidRequest(
                "the voucher's barcode is forged or damaged", code="forged_voucher"
            )
        return row
    number = signed_number(key, barcode, PREFIX, "voucher")
    found = store.execute("SELECT * FROM voucher WHERE number = ?" + lock, (number,)).fetchone()
    if found is None:
        raise NotFound(f"there is no voucher {number}", code="unknown_voucher")
    return found  # type: ignore[no-any-return]


def _insert(
    store: Store,
    number: str,
    barcode: str,
    tid: str,
    terminal_id: str,
    amount: int,
    reason: str,
    issued_at: str,
    expires_at: str,
) -> None:
    store.execute(
        "INSERT INTO voucher (number, barcode, transaction_id, terminal_id, amount_cents, reason,"
        " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (number, barcode, tid, terminal_id, amount, reason, issued_at, expires_at),
    )
    journal.append(
        store,
        issued_at,
        "voucher.issued",
        {"voucher": number, "terminal": terminal_id, "amount": amount, "reason": reason},
    )


def _earlier(store: Store, tid: str, terminal_id: str, amount: int) -> dict[str, Any] | None:
    row = store.execute("SELECT * FROM voucher WHERE transaction_id = ?", (tid,)).fetchone()
    if row is None:
        return None
    if row["terminal_id"] != terminal_id or row["amount_cents"] != amount:
        raise IdempotencyConflict(f"transaction {tid} was already used for another voucher")
    return _view(row, datetime.fromisoformat(row["issued_at"]))


def _row(store: Store, number: str) -> Row:
    return store.execute("SELECT * FROM voucher WHERE number = ?", (number,)).fetchone()  # type: ignore[no-any-return]


def _by_barcode(store: Store, barcode: str, lock: str = "") -> Row | None:
    return store.execute("SELECT * FROM voucher WHERE barcode = ?" + lock, (barcode,)).fetchone()  # type: ignore[no-any-return]


def _view(row: Row, now: datetime) -> dict[str, Any]:
    return {
        "number": row["number"],
        "barcode": row["barcode"],
        "transaction_id": row["transaction_id"],
        "amount": row["amount_cents"],
        "issued_at": row["issued_at"],
        "expires_at": row["expires_at"],
        "expired": now.isoformat() > row["expires_at"],
    }


def _again(voucher: Row, redemption: Row) -> Conflict:
    return Conflict(
        f"voucher {voucher['number']} was already redeemed on {redemption['redeemed_at']}",
        code="voucher_redeemed",
        number=voucher["number"],
        redeemed_at=redemption["redeemed_at"],
    )


def _redeemed(voucher: Row, redemption: Row) -> dict[str, Any]:
    return {
        "transaction_id": redemption["transaction_id"],
        "number": voucher["number"],
        "amount": voucher["amount_cents"],
        "method": redemption["method"],
        "redeemed_at": redemption["redeemed_at"],
        "terminal_id": redemption["terminal_id"],
    }


def _check_uuid(tid: str) -> None:
    try:
        UUID(tid)
    except ValueError:
        raise InvalidRequest(f"transaction_id {tid!r} is not a UUID") from None


def _check_amount(amount: int) -> None:
    if not 0 < amount <= MAX_AMOUNT:
        raise InvalidRequest(f"a voucher's amount is 1 to {MAX_AMOUNT} cents, not {amount}")


def _digits(code: str) -> bool:
    return code.isascii() and code.isdigit()
