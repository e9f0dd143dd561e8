"""Selling and cancelling bets. All signed; bets are idempotent by transaction id."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from backend.api.common import context_of, json_answer, on_tote, outcome, signed
from backend.api.models import BatchBody, BetBody, parse, schema_of
from backend.cancellation import cancel
from backend.errors import ServerError, Unauthorized


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["bets"])

    @router.post("/bets", openapi_extra=schema_of(BetBody), response_class=Response)
    async def place_bet(request: Request) -> Response:
        terminal, body = await signed(request)
        bet = parse(BetBody, body).to_request()
        (result,) = await outcome(context_of(request).tote.bets([(terminal, bet)]))
        if isinstance(result, ServerError):
            raise refused(request, terminal, result)
        return json_answer(result.as_json())

    @router.post("/bets/batch", openapi_extra=schema_of(BatchBody), response_class=Response)
    async def place_bets(request: Request) -> Response:
        """Each bet gets its own outcome; the batch as a whole is one transaction."""
        terminal, body = await signed(request)
        bets = [b.to_request() for b in parse(BatchBody, body).bets]
        results = await outcome(context_of(request).tote.bets([(terminal, b) for b in bets]))
        for result in results:
            if isinstance(result, Unauthorized):  # the request as a whole, not each bet
                raise refused(request, terminal, result)
        return json_answer(
            {
                "results": [
                    {"transaction_id": b.transaction_id, "accepted": True, "receipt": r.as_json()}
                    if not isinstance(r, ServerError)
                    else {
                        "transaction_id": b.transaction_id,
                        "accepted": False,
                        "problem": {
                            "code": r.code,
                            "status": r.status,
                            "detail": r.detail,
                            "params": r.params,
                        },
                    }
                    for b, r in zip(bets, results, strict=True)
                ]
            }
        )

    @router.post("/bets/{transaction_id}/cancel")
    async def cancel_bet(request: Request, transaction_id: str) -> dict[str, Any]:
        terminal, _ = await signed(request)
        tid = transaction_id.lower()
        receipt = await on_tote(request, lambda d, now: cancel(d, terminal, tid, now))
        return receipt.as_json()

    return router


def refused(request: Request, terminal: str, error: ServerError) -> ServerError:
    """A refusal, and if its terminal was found disabled in the bet's transaction (at another
    worker since this one verified the signature), its secret dropped from this worker's
    copy: its next request is refused at the signature."""
    if error.code == "terminal_disabled":
        context_of(request).secrets.pop(terminal, None)
    return error
