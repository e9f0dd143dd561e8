"""Scanned tickets: what they are worth, and paying them exactly once. All signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import at_tote, on_tote, signed
from backend.api.context import ServerContext
from backend.api.hot_path import HotRoute
from backend.api.models import PayoutBody, parse
from backend.payouts import pay, ticket_view


async def payout(context: ServerContext, terminal: str, body: bytes) -> Any:
    wanted = parse(PayoutBody, body).to_request()
    return await at_tote(context, lambda d, now: pay(d.store, d.key, terminal, wanted, now))


HOT = (
    HotRoute(
        "/v1/payouts",
        PayoutBody,
        payout,
        "tickets",
        "Payout",
        "A winning ticket paid, exactly once anywhere; idempotent by transaction id.",
    ),
)


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["tickets"])

    @router.get("/tickets/{barcode}")
    async def ticket(request: Request, barcode: str) -> dict[str, Any]:
        await signed(request)
        return await on_tote(request, lambda d, _: ticket_view(d.store, d.key, barcode))

    return router
