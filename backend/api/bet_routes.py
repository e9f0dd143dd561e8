"""Selling and cancelling bets. All signed; bets are idempotent by transaction id.

A bet and a batch are hot routes (``backend.api.hot_path``): answered without FastAPI's
stack, declared to it for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import on_tote, signed
from backend.api.context import ServerContext
from backend.api.hot_path import HotRoute
from backend.api.models import BatchBody, BetBody, parse
from backend.cancellation import cancel
from backend.errors import ServerError, Unauthorized


async def place_bet(context: ServerContext, terminal: str, body: bytes) -> Any:
    bet = parse(BetBody, body).to_request()
    (result,) = await context.deadlines.watch(context.tote.sell([(terminal, bet)]))
    if isinstance(result, ServerError):
        raise refused(context, terminal, result)
    return result.as_json()


async def place_bets(context: ServerContext, terminal: str, body: bytes) -> Any:
    bets = [b.to_request() for b in parse(BatchBody, body).bets]
    results = await context.deadlines.watch(context.tote.sell([(terminal, b) for b in bets]))
    for result in results:
        if isinstance(result, Unauthorized):  # the request as a whole, not each bet
            raise refused(context, terminal, result)
    return {
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


HOT = (
    HotRoute(
        "/v1/bets", BetBody, place_bet, "bets", "Place Bet", "One bet, durable when answered."
    ),
    HotRoute(
        "/v1/bets/batch",
        BatchBody,
        place_bets,
        "bets",
        "Place Bets",
        "Each bet gets its own outcome; the batch as a whole is one transaction.",
    ),
)


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["bets"])

    @router.post("/bets/{transaction_id}/cancel")
    async def cancel_bet(request: Request, transaction_id: str) -> dict[str, Any]:
        terminal, _ = await signed(request)
        tid = transaction_id.lower()
        receipt = await on_tote(request, lambda d, now: cancel(d, terminal, tid, now))
        return receipt.as_json()

    return router


def refused(context: ServerContext, terminal: str, error: ServerError) -> ServerError:
    """A refusal, and if its terminal was found disabled in the bet's transaction (at another
    worker since this one verified the signature), its secret dropped from this worker's
    copy: its next request is refused at the signature."""
    if error.code == "terminal_disabled":
        context.secrets.pop(terminal, None)
    return error
