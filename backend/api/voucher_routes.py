"""Vouchers: created before they print, checked, redeemed exactly once anywhere. All signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import at_tote, on_store, on_tote, signed
from backend.api.context import ServerContext
from backend.api.hot_path import HotRoute
from backend.api.models import LegacyVoucherBody, RedemptionBody, VoucherBody, parse, schema_of
from backend.vouchers import issue, redeem, register_legacy, voucher_view


async def create(context: ServerContext, terminal: str, body: bytes) -> Any:
    wanted = parse(VoucherBody, body).to_request()
    return await at_tote(context, lambda d, now: issue(d.store, d.key, terminal, wanted, now))


async def redemption(context: ServerContext, terminal: str, body: bytes) -> Any:
    wanted = parse(RedemptionBody, body).to_request()
    return await at_tote(context, lambda d, now: redeem(d.store, d.key, terminal, wanted, now))


HOT = (
    HotRoute(
        "/v1/vouchers",
        VoucherBody,
        create,
        "vouchers",
        "Create",
        "A voucher created before it prints; idempotent by transaction id.",
    ),
    HotRoute(
        "/v1/vouchers/redemptions",
        RedemptionBody,
        redemption,
        "vouchers",
        "Redemption",
        "A voucher redeemed exactly once anywhere; idempotent by transaction id.",
    ),
)


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["vouchers"])

    @router.post("/vouchers/legacy", openapi_extra=schema_of(LegacyVoucherBody))
    async def legacy(request: Request) -> dict[str, Any]:
        terminal, body = await signed(request)
        wanted = parse(LegacyVoucherBody, body).to_request()
        return await on_store(
            request, lambda store, now: register_legacy(store, terminal, wanted, now)
        )

    @router.get("/vouchers/{barcode}")
    async def view(request: Request, barcode: str) -> dict[str, Any]:
        await signed(request)
        return await on_tote(request, lambda d, now: voucher_view(d.store, d.key, barcode, now))

    return router
