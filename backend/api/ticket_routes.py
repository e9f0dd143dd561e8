"""Scanned tickets: what they are worth, and paying them exactly once. All signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import on_tote, signed
from backend.api.models import PayoutBody, parse, schema_of
from backend.payouts import pay, ticket_view


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["tickets"])

    @router.get("/tickets/{barcode}")
    async def ticket(request: Request, barcode: str) -> dict[str, Any]:
        await signed(request)
        return await on_tote(request, lambda d, _: ticket_view(d.store, d.key, barcode))

    @router.post("/payouts", openapi_extra=schema_of(PayoutBody))
    async def payout(request: Request) -> dict[str, Any]:
        terminal, body = await signed(request)
        wanted = parse(PayoutBody, body).to_request()
        return await on_tote(request, lambda d, now: pay(d.store, d.key, terminal, wanted, now))

    return router
