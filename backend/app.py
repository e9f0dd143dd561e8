"""The composition root of the central server: everything wired here, explicitly."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from fastapi import FastAPI, Response
from fastapi.staticfiles import StaticFiles

from backend import liveness
from backend.api import (
    admin_routes,
    bet_routes,
    metrics_routes,
    odds_routes,
    problems,
    terminal_routes,
    terminal_state_routes,
    ticket_routes,
    voucher_routes,
)
from backend.api.common import json_answer
from backend.api.context import ServerContext
from backend.api.hot_path import ServerApp
from backend.api.problems import store_problem
from backend.auth import Verifier
from backend.betting import BetDesk
from backend.connections import GuardedProtocol
from backend.console import (
    fleet_routes,
    login_routes,
    operator_routes,
    password_routes,
    race_routes,
    report_routes,
)
from backend.console.pages import STATIC
from backend.errors import ServerError
from backend.live import LiveFeed
from backend.login_limits import AttemptLimiter
from backend.metrics import OFF, STATE_KEY, Metrics, Recorder
from backend.nonces import NonceBook, SharedNonces
from backend.odds import OddsPace, changed_odds, changed_races
from backend.odds_board import RACE, OddsBoard
from backend.passwords import PasswordChecks
from backend.secrets_feed import SecretsFeed
from backend.selling import Selling, many_writers, one_writer
from backend.store import StoreDamaged, Writers, writers_at
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
    create: bool = False  # make the database if there is none (tests; the CLI's --create)
    integrity_every: float = 60.0  # seconds between two whole checks of a SQLite file (0: none)
    metrics: bool = True  # off: no metric recorded, /metrics answers 404 (GUICHET_METRICS=off)
    # the workers' shared folder of metrics (PROMETHEUS_MULTIPROC_DIR, made by ``serve``);
    # None: one process, its metrics in memory
    metrics_folder: str | None = None
    metrics_token: str = field(default="", repr=False)  # may read /metrics, as the admin's may


def metrics_for(settings: ServerSettings) -> Recorder:
    """The server's metrics (``backend.metrics``), made here and nowhere else."""
    return Metrics(settings.metrics_folder) if settings.metrics else OFF


def metrics_wanted() -> bool:
    """``GUICHET_METRICS=off`` switches the metrics off (to measure what they cost)."""
    return os.environ.get("GUICHET_METRICS", "on").lower() not in {"off", "0", "no"}


async def publish_odds(context: ServerContext, interval: float, min_pool: int = 0) -> None:
    """Ask the tote for the odds of races whose win pool moved; publish them, each race at
    most once every ``interval`` (``OddsPace``: looked at every tick, so a bet on a quiet
    race shows at once). The first round (and one every minute) covers every open race, so
    races opened or closed show."""
    pace = OddsPace(interval)
    tick = min(OddsPace.TICK, interval)
    rounds = 0
    while True:
        everything = rounds % max(1, int(60 / tick)) == 0

        def compute(
            desk: BetDesk, all_races: bool = everything
        ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
            now = context.clock()
            odds = changed_odds(desk, now, all_races, min_pool, pace.due)
            pace.published(o["race_id"] for o in odds)
            return changed_races(desk, now), odds

        try:
            races, changes = await asyncio.wait_for(
                asyncio.wrap_future(context.tote.call(compute)), timeout=30
            )
        except StoreDamaged:
            pass  # said once in the log; every bet says it
        except (TimeoutError, ServerError) as err:
            log.warning("odds not published this round: %s", err)
        else:
            context.odds.publish(races, kind=RACE)
            context.odds.publish(changes)
        rounds += 1
        await asyncio.sleep(tick)


def replace_secrets(context: ServerContext, found: dict[str, bytes]) -> None:
    """This worker's copy of the terminals' secrets as the database has them (on the event
    loop): a terminal registered or disabled through another worker is known here too."""
    for gone in context.secrets.keys() - found.keys():
        del context.secrets[gone]
    context.secrets.update(found)


def relay(board: OddsBoard, events: list[tuple[str, dict[str, Any]]]) -> None:
    """Events another worker computed, to this worker's subscribers (on the event loop)."""
    for kind, payload in events:
        board.publish([payload], kind)


def selling_for(writers: Writers) -> Callable[[], Selling]:
    """The bet desk's strategies for a store with one writer (SQLite) or many (PostgreSQL)."""
    return one_writer if writers == "one" else many_writers


class Running(Protocol):
    """A part started on the event loop, stopped once when the server stops."""

    def stop(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Strategies:
    """Every part that depends on the store having one writer or many, picked once
    (``strategies_for``), so that the server's start and stop ask the store's kind nowhere.
    The ``start_`` parts are called on the event loop, once the context is built."""

    selling: Callable[[], Selling]  # the bet desk's, a fresh set for each desk
    check_every: float  # seconds between two whole checks of the store (0: none)
    nonces: Callable[[Verifier], NonceBook]
    start_odds: Callable[[ServerContext], Running]  # the odds and race events published
    start_secrets: Callable[[ServerContext], Running]  # the terminals' secrets followed


@dataclass(frozen=True, slots=True)
class _Task:
    task: asyncio.Task[None]

    def stop(self) -> None:
        self.task.cancel()


class _Nothing:
    def stop(self) -> None:
        pass


def strategies_for(
    writers: Writers, settings: ServerSettings, metrics: Recorder = OFF
) -> Strategies:
    """One writer (SQLite): this process sells alone; it remembers nonces in memory, publishes
    the odds from its pools in memory, keeps the secrets it changes itself, and checks the
    file whole every ``integrity_every`` seconds. Many (PostgreSQL): other workers sell too;
    what must be shared lives in the database — nonces, odds computed by one worker and
    relayed by all (``backend.live``), secrets followed (``backend.secrets_feed``)."""
    locator = str(settings.database)
    if writers == "one":

        def publisher(context: ServerContext) -> Running:
            interval, least = settings.odds_interval, settings.odds_min_pool
            return _Task(asyncio.create_task(publish_odds(context, interval, least)))

        return Strategies(
            selling=selling_for(writers),
            check_every=settings.integrity_every,
            nonces=lambda verifier: verifier.nonces,
            start_odds=publisher,
            start_secrets=lambda context: _Nothing(),
        )

    def feed(context: ServerContext) -> Running:
        loop = asyncio.get_running_loop()
        live = LiveFeed(
            locator,
            settings.clock,
            lambda events: loop.call_soon_threadsafe(relay, context.odds, events),
            min_pool=settings.odds_min_pool,
            interval=settings.odds_interval,
            watch=metrics.outage("live_events"),
        )
        live.start()
        return live

    def follower(context: ServerContext) -> Running:
        # a terminal registered or disabled through another worker: this one learns of it
        loop = asyncio.get_running_loop()
        reader = SecretsFeed(
            locator,
            lambda found: loop.call_soon_threadsafe(replace_secrets, context, found),
            lambda terminal: loop.call_soon_threadsafe(context.secrets.pop, terminal, None),
            watch=metrics.outage("secrets"),
        )
        reader.start()
        return reader

    return Strategies(
        selling=selling_for(writers),
        check_every=0.0,
        nonces=lambda verifier: SharedNonces(locator, watch=metrics.outage("nonces")),
        start_odds=feed,
        start_secrets=follower,
    )


def app_from_environment() -> FastAPI:
    """The app of one worker among several (``guichet-server serve --workers N``): uvicorn
    starts each worker process by importing this factory; ``serve`` hands it the settings in
    the environment (the admin token as the unit's ``GUICHET_ADMIN_TOKEN`` already does)."""
    GuardedProtocol.most = int(os.environ.get("GUICHET_MAX_CONNECTIONS", "8000"))
    GuardedProtocol.per_address = int(os.environ.get("GUICHET_MAX_CONNECTIONS_PER_ADDRESS", "0"))
    return create_app(
        ServerSettings(
            os.environ["GUICHET_DB"],
            os.environ["GUICHET_ADMIN_TOKEN"],
            odds_min_pool=int(os.environ.get("GUICHET_ODDS_MIN_POOL_CENTS", "0")),
            metrics=metrics_wanted(),
            metrics_folder=os.environ.get("PROMETHEUS_MULTIPROC_DIR"),
            metrics_token=os.environ.get("GUICHET_METRICS_TOKEN", ""),
        )
    )


def include_routes(app: ServerApp) -> None:
    """The API for terminals and automation, and the operator's console (``backend.console``)
    for people, on the same port."""
    api = (
        terminal_routes,
        bet_routes,
        ticket_routes,
        voucher_routes,
        odds_routes,
        terminal_state_routes,
        admin_routes,
        metrics_routes,
    )
    console = (
        login_routes,
        password_routes,
        race_routes,
        fleet_routes,
        report_routes,
        operator_routes,
    )
    for module in (*api, *console):
        app.include_router(module.routes())
    app.add_hot_routes((*bet_routes.HOT, *ticket_routes.HOT, *voucher_routes.HOT))
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")


def create_app(settings: ServerSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        parts = strategies_for(writers_at(str(settings.database)), settings, metrics)
        tote = Tote(
            settings.database,
            settings.clock,
            create=settings.create,
            selling=parts.selling,
            check_every=parts.check_every,
            metrics=metrics,
        )
        tote.start()
        secrets = tote.call(lambda desk: all_secrets(desk.store)).result(timeout=30)
        verifier = Verifier(secrets.get, settings.clock, started_at=settings.clock().timestamp())
        nonces = parts.nonces(verifier)
        context = ServerContext(
            tote=tote,
            verifier=verifier,
            nonces=nonces,
            clock=settings.clock,
            admin_token=settings.admin_token,
            secrets=secrets,
            odds_min_pool=settings.odds_min_pool,
            passwords=PasswordChecks(),
            logins=AttemptLimiter(),
            odds=OddsBoard(published=metrics.odds_published),
            problems_said=said,
        )
        app.state.context = context
        odds = parts.start_odds(context)
        follower = parts.start_secrets(context)
        watchdog = asyncio.create_task(liveness.feed_watchdog(tote))
        sweep = asyncio.create_task(context.deadlines.keep())  # bets past their deadline
        levels = asyncio.create_task(metrics_routes.follow_levels(context, metrics))
        liveness.ready()
        try:
            # the metrics to every connection (``backend.connections``: answers timed there)
            yield {STATE_KEY: metrics}
        finally:
            liveness.stopping()
            levels.cancel()
            watchdog.cancel()
            sweep.cancel()
            follower.stop()
            odds.stop()
            nonces.close()
            context.odds.close()
            context.passwords.close()
            tote.stop()

    said: dict[str, float] = {}  # each failure's code, when last logged: once every 10 s
    app = ServerApp(
        title="Guichet central server",
        version="1",
        summary="Race programme, bet acceptance, pools, odds, results and payouts.",
        lifespan=lifespan,
        redoc_url=None,  # one documentation page, /docs, whose sources its policy allows
    )
    metrics = metrics_for(settings)
    app.state.metrics, app.state.metrics_token = metrics, settings.metrics_token
    problems.install(app, said)
    include_routes(app)

    @app.get("/v1/health", tags=["health"])
    async def health() -> Response:
        """For a load balancer, and an operator: 503 and why while sales are stopped."""
        damage = app.state.context.tote.stopped
        if damage is not None:
            return store_problem(damage)
        return json_answer({"status": "ok"})

    return app
