"""What every route does: verify a terminal's signature, wait for the tote with a timeout."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Future
from datetime import datetime
from typing import Any, TypeVar

from fastapi import Request, Response

from backend.api.context import ServerContext
from backend.api.deadlines import TIMEOUT_SECONDS, TOO_LATE
from backend.auth import REPLAYED
from backend.betting import BetDesk
from backend.errors import InvalidRequest, ServerError, TooLarge, Unauthorized
from backend.store import Store
from backend.terminals import secret_of
from wire.signing import NONCE, SIGNATURE, TERMINAL, TIMESTAMP

T = TypeVar("T")


async def outcome(done: Future[T]) -> T:
    """Wait for the tote without blocking the event loop, and never forever."""
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            return await asyncio.wrap_future(done)
    except TimeoutError:
        raise ServerError(TOO_LATE) from None


async def on_tote(request: Request, work: Callable[[BetDesk, datetime], T]) -> T:
    """Run ``work`` on the tote's thread with the bet desk and the server's time (read there,
    when the work runs), and wait for it with ``outcome``: every route's one way in."""
    return await at_tote(context_of(request), work)


async def at_tote(context: ServerContext, work: Callable[[BetDesk, datetime], T]) -> T:
    """``on_tote`` given the server's context (the hot routes have no ``Request``)."""
    return await outcome(context.tote.call(lambda desk: work(desk, context.clock())))


async def on_store(request: Request, work: Callable[[Store, datetime], T]) -> T:
    """``on_tote`` for work that is not about bets (terminals, shifts, operators, reports, the
    programme): it is given the store alone, on the tote's thread, in turn with the bets."""
    return await on_tote(request, lambda desk, now: work(desk.store, now))


def json_answer(body: Any) -> Response:
    """A JSON response serialised once, skipping FastAPI's generic encoder (hot paths)."""
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


TERMINAL_BODY = 1024 * 1024  # a batch of 500 bets is about 100 KB
ADMIN_BODY = 16 * 1024 * 1024  # a national day's programme is a few megabytes


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused unread past ``limit`` when its declared size is larger, and cut off
    there when it declares none: six 64 MB bodies once took the server from 64 to 440 MB."""
    return await body_within(request.headers.get("content-length", ""), request.stream(), limit)


async def body_within(declared: str, chunks: AsyncIterator[bytes], limit: int) -> bytes:
    """``read_body`` on the request's parts (``declared``: its Content-Length, "" if none):
    the FastAPI routes' and the hot routes' (``backend.api.hot_routes``) one way to read."""
    if declared and not (declared.isascii() and declared.isdigit()):
        raise InvalidRequest("Content-Length is not a number")
    if declared and int(declared) > limit:
        raise TooLarge(f"the body is {int(declared):,} bytes; this endpoint takes {limit:,}")
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the body is over {limit:,} bytes, what this endpoint takes")
        parts.append(chunk)
    return b"".join(parts)


SIGNING = (TERMINAL, TIMESTAMP, NONCE, SIGNATURE)


def refuse_unsigned(headers: Mapping[str, str]) -> None:
    """Said before a byte of the body is read."""
    if not all(headers.get(h) for h in SIGNING):
        raise Unauthorized(
            "the request is not signed: it needs the headers "
            f"{TERMINAL}, {TIMESTAMP}, {NONCE} and {SIGNATURE}",
            code="unsigned",
        )


async def signed(request: Request) -> tuple[str, bytes]:
    refuse_unsigned(request.headers)
    body = await read_body(request, TERMINAL_BODY)
    # Verify what was on the wire: the raw (still percent-encoded) path and query string.
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    query = request.scope.get("query_string", b"")
    target = (raw_path + (b"?" + query if query else b"")).decode("latin-1")
    terminal = await signer_of(context_of(request), request.method, target, body, request.headers)
    return terminal, body


async def signer_of(
    context: ServerContext, method: str, target: str, body: bytes, headers: Mapping[str, str]
) -> str:
    """The terminal that signed this request (``target``: its path and query as sent), its
    nonce claimed; ``Unauthorized`` otherwise."""
    claimed = headers.get(TERMINAL)
    if claimed and claimed not in context.secrets:
        # Registered since the server started (guichet-server create-terminal): look it up
        # on the tote's thread, never on the event loop.
        found = await outcome(context.tote.call(lambda d: secret_of(d.store, claimed)))
        if found is not None:
            context.secrets[claimed] = found
    checked = context.verifier.check(method, target, body, headers)
    claim = context.nonces.claim(checked.nonce, checked.now, checked.expires_at)
    # in memory (one worker) the answer is there already: no trip through the event loop
    if not (claim if isinstance(claim, bool) else await outcome(claim)):
        raise Unauthorized(REPLAYED, code="replayed_nonce")
    return checked.terminal_id


def context_of(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context


def race_of(day: str, code: str) -> str:
    """The race a URL names (``/races/2026-11-21/R1C3``); a malformed one is the client's
    mistake, said in one line, never a trip to the database."""
    race = f"{day}/{code}"
    if len(race) > 40 or not race.isprintable():
        raise InvalidRequest(f"{race[:40]!r} is not a race (2026-11-21/R1C3)")
    return race
