"""Request and response bodies. Strict: no coercion (``false`` is not a stake, ``"2"`` is not
a multiplier), and an unknown field is an error rather than silently ignored."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from backend.api.problems import describe_validation
from backend.bet_request import BetRequest
from backend.errors import InvalidRequest
from backend.payouts import PayoutRequest
from backend.vouchers import MAX_AMOUNT as MAX_VOUCHER
from backend.vouchers import LegacyVoucher, Redemption, VoucherIssue

M = TypeVar("M", bound=BaseModel)
Runner = Annotated[int, Field(ge=1, le=99)]
# PostgreSQL stores no NUL in text, and no id or name needs a control character: refused here
# as the client's mistake (422), never met as a database failure (503)
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class BetBody(Strict):
    transaction_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    race_id: Annotated[str, Field(min_length=1, max_length=40, pattern=NO_CONTROL)]
    bet_type: Annotated[str, Field(min_length=1, max_length=30, pattern=NO_CONTROL)]
    formula: Annotated[str, Field(max_length=30, pattern=NO_CONTROL)] = "unitaire"
    # tuples: a default never copied (pydantic deep-copies a mutable one at each parse)
    runners: Annotated[tuple[Runner, ...], Field(max_length=30)] = ()
    base: Annotated[tuple[Runner, ...], Field(max_length=10)] = ()
    multiplier: Annotated[int, Field(ge=1, le=1000)] = 1
    complete: bool = False

    def to_request(self) -> BetRequest:
        return BetRequest(
            transaction_id=self.transaction_id.lower(),
            race_id=self.race_id,
            bet_type=self.bet_type,
            runners=tuple(self.runners),
            formula=self.formula,
            base=tuple(self.base),
            multiplier=self.multiplier,
            complete=self.complete,
        )


class BatchBody(Strict):
    bets: Annotated[list[BetBody], Field(min_length=1, max_length=500)]


class TerminalBody(Strict):
    name: Annotated[str, Field(min_length=1, max_length=80, pattern=NO_CONTROL)]


def parse(model: type[M], body: bytes) -> M:
    """Validate the exact bytes that were signed."""
    try:
        return model.model_validate_json(body or b"null")
    except ValidationError as err:
        raise InvalidRequest(describe_validation(err.errors())) from None


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a body the route reads itself (it must verify the raw bytes first).

    Pydantic's ``$defs`` references (``#/$defs/PayeeBody``) would resolve against the whole
    OpenAPI document, where they do not exist: they are inlined so the spec stands alone.
    """
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema, definitions)}},
        }
    }


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inline(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node


class PayeeBody(Strict):
    name: Annotated[str, Field(min_length=1, max_length=120, pattern=NO_CONTROL)]
    document: Annotated[str, Field(min_length=1, max_length=60, pattern=NO_CONTROL)]


class PayoutBody(Strict):
    transaction_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    barcode: Annotated[str, Field(min_length=1, max_length=64, pattern=NO_CONTROL)]
    method: Annotated[str, Field(min_length=1, max_length=20, pattern=NO_CONTROL)] = "cash"
    payee: PayeeBody | None = None

    def to_request(self) -> PayoutRequest:
        return PayoutRequest(
            transaction_id=self.transaction_id.lower(),
            barcode=self.barcode,
            method=self.method,
            payee=None if self.payee is None else self.payee.model_dump(),
        )


class ScratchBody(Strict):
    runner: Annotated[int, Field(ge=1, le=99)]


class ResultBody(Strict):
    places: Annotated[list[list[Runner]], Field(min_length=1, max_length=20)]
    official: bool = False


class HeartbeatBody(Strict):
    status: dict[str, str | int | bool | None] = {}


class ShiftBody(Strict):
    shift_id: Annotated[str, Field(pattern=UUID_PATTERN)]


class VoucherBody(Strict):
    transaction_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    amount: Annotated[int, Field(ge=1, le=MAX_VOUCHER)]
    reason: Annotated[str, Field(min_length=1, max_length=20, pattern=NO_CONTROL)]

    def to_request(self) -> VoucherIssue:
        return VoucherIssue(self.transaction_id.lower(), self.amount, self.reason)


class LegacyVoucherBody(Strict):
    transaction_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    barcode: Annotated[str, Field(min_length=1, max_length=64, pattern=NO_CONTROL)]
    amount: Annotated[int, Field(ge=1, le=MAX_VOUCHER)]
    issued_at: Annotated[str, Field(min_length=1, max_length=40, pattern=NO_CONTROL)]
    expires_at: Annotated[str, Field(min_length=1, max_length=40, pattern=NO_CONTROL)]

    def to_request(self) -> LegacyVoucher:
        return LegacyVoucher(
            self.transaction_id.lower(), self.barcode, self.amount, self.issued_at, self.expires_at
        )


class RedemptionBody(Strict):
    transaction_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    barcode: Annotated[str, Field(min_length=1, max_length=64, pattern=NO_CONTROL)]
    method: Annotated[str, Field(min_length=1, max_length=20, pattern=NO_CONTROL)]

    def to_request(self) -> Redemption:
        return Redemption(self.transaction_id.lower(), self.barcode, self.method)
