"""What terminals read: the programme, a race, its dividends. All signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import on_tote, race_of, signed
from backend.errors import InvalidRequest
from backend.races import programme_view, race_view
from backend.results import dividends_view


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["programme"])

    @router.get("/programme")
    async def programme(request: Request, day: str) -> dict[str, Any]:
        await signed(request)
        if len(day) != 10:
            raise InvalidRequest("day must be a date such as 2026-11-21")
        return await on_tote(request, lambda d, now: programme_view(d.conn, day, now))

    @router.get("/races/{day}/{code}")
    async def race(request: Request, day: str, code: str) -> dict[str, Any]:
        await signed(request)
        race_id = race_of(day, code)
        return await on_tote(request, lambda d, now: race_view(d.conn, race_id, now))

    @router.get("/races/{day}/{code}/dividends")
    async def dividends(request: Request, day: str, code: str) -> dict[str, Any]:
        await signed(request)
        race_id = race_of(day, code)
        return await on_tote(request, lambda d, _: dividends_view(d.conn, race_id))

    return router
