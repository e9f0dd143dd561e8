"""What terminals read: the programme, a race, its dividends. All signed."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import on_store, race_of, signed
from backend.errors import InvalidRequest
from backend.races import programme_view, race_view
from backend.results import dividends_view


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["programme"])

    @router.get("/programme")
    async def programme(request: Request, day: str) -> dict[str, Any]:
        await signed(request)
        shown = day_of(day)
        return await on_store(request, lambda store, now: programme_view(store, shown, now))

    @router.get("/races/{day}/{code}")
    async def race(request: Request, day: str, code: str) -> dict[str, Any]:
        await signed(request)
        race_id = race_of(day, code)
        return await on_store(request, lambda store, now: race_view(store, race_id, now))

    @router.get("/races/{day}/{code}/dividends")
    async def dividends(request: Request, day: str, code: str) -> dict[str, Any]:
        await signed(request)
        race_id = race_of(day, code)
        return await on_store(request, lambda store, _: dividends_view(store, race_id))

    return router


def day_of(text: str) -> str:
    """The day a query names, as the programme stores it: a calendar date, else the
    terminal's mistake in one line, never a day without races (``%ff``, ``%00``, ``2026-13-01``
    once read as an empty programme, and a NUL as a database failure on PostgreSQL)."""
    try:
        if date.fromisoformat(text).isoformat() == text:  # 2026-11-21, not 20261121
            return text
    except ValueError:
        pass
    raise InvalidRequest(f"day must be a date such as 2026-11-21, not {text[:20]!r}")
