"""The composition root of the central server: everything wired here, explicitly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from backend.api import admin_routes, bet_routes, problems, terminal_routes, ticket_routes
from backend.api.context import ServerContext
from backend.auth import Verifier
from backend.terminals import all_secrets
from backend.tote import Tote


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServerSettings:
    db_path: Path
    admin_token: str = field(repr=False)
    clock: Callable[[], datetime] = utc_now


def create_app(settings: ServerSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tote = Tote(settings.db_path, settings.clock)
        tote.start()
        secrets = tote.call(lambda desk: all_secrets(desk.conn)).result(timeout=30)
        verifier = Verifier(secrets.get, settings.clock, started_at=settings.clock().timestamp())
        app.state.context = ServerContext(
            tote=tote, verifier=verifier, clock=settings.clock,
            admin_token=settings.admin_token, secrets=secrets,
        )  # fmt: skip
        try:
            yield
        finally:
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
    app.include_router(admin_routes.routes())

    @app.get("/v1/health", tags=["health"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
