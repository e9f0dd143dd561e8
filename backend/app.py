"""The composition root of the central server: everything wired here, explicitly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from backend.api import (
    admin_routes,
    bet_routes,
    odds_routes,
    problems,
    terminal_routes,
    terminal_state_routes,
    ticket_routes,
    voucher_routes,
)
from backend.api.context import ServerContext
from backend.auth import Verifier
from backend.betting import BetDesk
from backend.errors import ServerError
from backend.odds import changed_odds, changed_races
from backend.odds_board import RACE
from backend.terminals import all_secrets
from backend.tote import Tote

log = logging.getLogger("guichet.server")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServerSettings:
    database: str | Path  # a SQLite file, or a PostgreSQL URL (backend.store)
    admin_token: str = field(repr=False)
    clock: Callable[[], datetime] = utc_now
    odds_interval: float = 0.5  # seconds between two odds publications
    odds_min_pool: int = 0  # cents: no odds are shown while a race's win pool is smaller


async def publish_odds(context: ServerContext, interval: float, min_pool: int = 0) -> None:
    """Ask the tote for the odds of races whose win pool moved; publish them. The first
    round (and one every minute) covers every open race, so races opened or closed show."""
    rounds = 0
    while True:
        everything = rounds % max(1, int(60 / interval)) == 0

        def compute(
            desk: BetDesk, all_races: bool = everything
        ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            now = context.clock()
            return changed_races(desk, now), changed_odds(desk, now, all_races, min_pool)

        try:
            races, changes = await asyncio.wait_for(
                asyncio.wrap_future(context.tote.call(compute)), timeout=30
            )
        except (TimeoutError, ServerError) as err:
            log.warning("odds not published this round: %s", err)
        else:
            context.odds.publish(races, kind=RACE)
            context.odds.publish(changes)
        rounds += 1
        await asyncio.sleep(interval)


def create_app(settings: ServerSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tote = Tote(settings.database, settings.clock)
        tote.start()
        secrets = tote.call(lambda desk: all_secrets(desk.conn)).result(timeout=30)
        verifier = Verifier(secrets.get, settings.clock, started_at=settings.clock().timestamp())
        context = ServerContext(
            tote=tote, verifier=verifier, clock=settings.clock,
            admin_token=settings.admin_token, secrets=secrets,
            odds_min_pool=settings.odds_min_pool,
        )  # fmt: skip
        app.state.context = context
        publisher = asyncio.create_task(
            publish_odds(context, settings.odds_interval, settings.odds_min_pool)
        )
        try:
            yield
        finally:
            publisher.cancel()
            context.odds.close()
            tote.stop()

    app = FastAPI(
        title="Guichet central server",
        version="1",
        summary="Race programme, bet acceptance, pools, odds, results and payouts.",
        lifespan=lifespan,
    )
    problems.install(app)
    app.include_router(terminal_routes.routes())
    app.include_router(bet_routes.routes())
    app.include_router(ticket_routes.routes())
    app.include_router(voucher_routes.routes())
    app.include_router(odds_routes.routes())
    app.include_router(terminal_state_routes.routes())
    app.include_router(admin_routes.routes())

    @app.get("/v1/health", tags=["health"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
