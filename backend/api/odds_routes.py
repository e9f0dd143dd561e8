"""Approximate odds: a snapshot, and a Server-Sent Events stream. Signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from backend.api.common import context_of, on_tote, race_of, signed
from backend.odds import odds_of


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["odds"])

    @router.get("/odds")
    async def snapshot(request: Request) -> dict[str, Any]:
        """The latest published odds of every open race."""
        await signed(request)
        return {"races": list(context_of(request).odds.latest.values())}

    @router.get("/odds/{day}/{code}")
    async def race_odds(request: Request, day: str, code: str) -> dict[str, Any]:
        """One race's odds, computed now."""
        await signed(request)
        race_id = race_of(day, code)
        least = context_of(request).odds_min_pool
        return await on_tote(request, lambda d, now: odds_of(d, race_id, now, least))

    @router.get("/odds-stream", response_class=StreamingResponse)
    async def stream(request: Request) -> StreamingResponse:
        """``event: odds`` with one race's odds as JSON, as they change (at most every
        half-second per race), and ``event: race`` with a race as ``/v1/programme`` shows it
        whenever it changes (opened, closed, a scratching, a result, abandoned); a comment
        line every 15 s keeps proxies from closing it."""
        await signed(request)
        board = context_of(request).odds

        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        # the events as the board encoded them, once for every subscriber (backend.odds_board)
        return StreamingResponse(board.stream(), media_type="text/event-stream", headers=headers)

    return router
