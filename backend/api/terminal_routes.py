"""What terminals call: the programme, a race, bets (single and batch). All signed."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import asdict
from typing import Any, TypeVar

from fastapi import APIRouter, Request

from backend.api.context import ServerContext
from backend.api.models import BatchBody, BetBody, parse, schema_of
from backend.auth import TERMINAL
from backend.errors import InvalidRequest, ServerError
from backend.races import programme_view, race_view
from backend.terminals import secret_of

T = TypeVar("T")
TIMEOUT_SECONDS = 15.0


async def outcome(done: Future[T]) -> T:
    """Wait for the tote without blocking the event loop, and never forever."""
    try:
        return await asyncio.wait_for(asyncio.wrap_future(done), TIMEOUT_SECONDS)
    except TimeoutError:
        raise ServerError("the bet store did not answer in time; retry") from None


async def signed(request: Request) -> tuple[str, bytes]:
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context: ServerContext = request.app.state.context
    claimed = request.headers.get(TERMINAL)
    if claimed and claimed not in context.secrets:
        # Registered since the server started (guichet-server create-terminal): look it up
        # on the tote's thread, never on the event loop.
        found = await outcome(context.tote.call(lambda d: secret_of(d.conn, claimed)))
        if found is not None:
            context.secrets[claimed] = found
    terminal = context.verifier.verify(request.method, path, body, request.headers)
    return terminal, body


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["terminal"])

    @router.get("/programme")
    async def programme(request: Request, day: str) -> dict[str, Any]:
        await signed(request)
        context: ServerContext = request.app.state.context
        if len(day) != 10:
            raise InvalidRequest("day must be a date such as 2026-11-21")
        return await outcome(
            context.tote.call(lambda d: programme_view(d.conn, day, context.clock()))
        )

    @router.get("/races/{day}/{code}")
    async def race(request: Request, day: str, code: str) -> dict[str, Any]:
        await signed(request)
        context: ServerContext = request.app.state.context
        race_id = f"{day}/{code}"
        return await outcome(
            context.tote.call(lambda d: race_view(d.conn, race_id, context.clock()))
        )

    @router.post("/bets", openapi_extra=schema_of(BetBody))
    async def place_bet(request: Request) -> dict[str, Any]:
        terminal, body = await signed(request)
        bet = parse(BetBody, body).to_request()
        context: ServerContext = request.app.state.context
        (result,) = await outcome(context.tote.bets([(terminal, bet)]))
        if isinstance(result, ServerError):
            raise result
        return asdict(result)

    @router.post("/bets/batch", openapi_extra=schema_of(BatchBody))
    async def place_bets(request: Request) -> dict[str, Any]:
        """Each bet gets its own outcome; the batch as a whole is one transaction."""
        terminal, body = await signed(request)
        bets = [b.to_request() for b in parse(BatchBody, body).bets]
        context: ServerContext = request.app.state.context
        results = await outcome(context.tote.bets([(terminal, b) for b in bets]))
        return {
            "results": [
                {"transaction_id": b.transaction_id, "accepted": True, "receipt": asdict(r)}
                if not isinstance(r, ServerError)
                else {"transaction_id": b.transaction_id, "accepted": False,
                      "problem": {"code": r.code, "status": r.status, "detail": r.detail}}
                for b, r in zip(bets, results, strict=True)
            ]
        }  # fmt: skip

    return router
