"""``GET /metrics``: the server's metrics (``backend.metrics``) for Prometheus, to operators only.

Who may read them: whoever holds the administrator's token, or the metrics token
(``GUICHET_METRICS_TOKEN``), as ``Authorization: Bearer``. Not by address: the server sits
behind a TLS proxy on the same machine, so every terminal's and every stranger's request
comes from loopback, and "loopback only" would show the fleet to anyone. A token works the
same through the proxy and from another machine, and the metrics token lets Prometheus read
the figures without holding the administrator's power over races and terminals. The
terminals and the public get 401, as at any administrator's endpoint.
"""

from __future__ import annotations

import asyncio
import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from backend.api.common import context_of, on_store
from backend.api.context import ServerContext
from backend.auth import check_admin
from backend.errors import NotFound, Unauthorized
from backend.fleet import fleet
from backend.metrics import Recorder

LEVELS_EVERY = 1.0  # seconds between two samples of a worker's levels


def sample(context: ServerContext, metrics: Recorder) -> None:
    """This worker's levels now: its tote's queue, its live stream's subscribers, sales
    stopped (on the event loop, where the board lives)."""
    metrics.levels(context.tote.waiting, context.odds.subscribers, context.tote.stopped is not None)


async def follow_levels(context: ServerContext, metrics: Recorder) -> None:
    """Every second: with several workers, the scraped one reads the others' levels from
    their files, so each writes its own there, scraped or not."""
    while True:
        sample(context, metrics)
        await asyncio.sleep(LEVELS_EVERY)


def check_reader(request: Request, metrics_token: str) -> None:
    authorization = request.headers.get("authorization")
    scheme, _, token = (authorization or "").partition(" ")
    if (
        metrics_token
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.encode(), metrics_token.encode())
    ):
        return
    try:
        check_admin(context_of(request).admin_token, authorization)
    except Unauthorized:
        raise Unauthorized(
            "the metrics need the administrator's or the metrics token as a Bearer token",
            code="admin_required",
        ) from None


def routes() -> APIRouter:
    router = APIRouter(tags=["metrics"])

    @router.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        """Prometheus's text format: this server's metrics (every worker's) and the fleet's."""
        check_reader(request, request.app.state.metrics_token)
        recorder: Recorder = request.app.state.metrics
        if not recorder.enabled:
            raise NotFound("the metrics are switched off (GUICHET_METRICS=off)")
        terminals = await on_store(request, fleet)
        sample(context_of(request), recorder)
        body = await asyncio.to_thread(recorder.exposition, terminals)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return router
