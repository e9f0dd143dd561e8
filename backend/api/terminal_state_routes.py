"""A terminal's heartbeat, configuration, shifts and reports. Signed; admin for all terminals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import context_of, on_store, signed
from backend.api.models import HeartbeatBody, ShiftBody, parse, schema_of
from backend.auth import check_admin
from backend.reports import (
    close_shift,
    configuration,
    heartbeat,
    open_shift,
    period_report,
    shift_report,
    terminals_report,
)


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["terminals"])

    @router.get("/config")
    async def config(request: Request) -> dict[str, Any]:
        terminal, _ = await signed(request)
        return await on_store(request, lambda store, now: configuration(store, terminal, now))

    @router.post("/heartbeat", openapi_extra=schema_of(HeartbeatBody))
    async def beat(request: Request) -> dict[str, Any]:
        terminal, body = await signed(request)
        status = parse(HeartbeatBody, body).status
        return await on_store(request, lambda store, now: heartbeat(store, terminal, status, now))

    @router.post("/shifts", openapi_extra=schema_of(ShiftBody))
    async def open_(request: Request) -> dict[str, Any]:
        terminal, body = await signed(request)
        shift_id = parse(ShiftBody, body).shift_id.lower()
        return await on_store(
            request, lambda store, now: open_shift(store, terminal, shift_id, now)
        )

    @router.post("/shifts/{shift_id}/close")
    async def close(request: Request, shift_id: str) -> dict[str, Any]:
        terminal, _ = await signed(request)
        return await on_store(
            request, lambda store, now: close_shift(store, terminal, shift_id, now)
        )

    @router.get("/shifts/{shift_id}/report")
    async def report(request: Request, shift_id: str) -> dict[str, Any]:
        terminal, _ = await signed(request)
        return await on_store(
            request, lambda store, now: shift_report(store, terminal, shift_id, now)
        )

    @router.get("/reports")
    async def own(request: Request, start: str, end: str) -> dict[str, Any]:
        """This terminal's sales, cancellations and payouts over [start, end) (ISO times)."""
        terminal, _ = await signed(request)
        return await on_store(request, lambda store, _: period_report(store, terminal, start, end))

    @router.get("/admin/reports")
    async def every(request: Request, start: str, end: str) -> dict[str, Any]:
        context = context_of(request)
        check_admin(context.admin_token, request.headers.get("authorization"))
        return await on_store(request, lambda store, _: terminals_report(store, start, end))

    return router
