"""Administrator endpoints: the programme, the race lifecycle, terminals. Bearer token."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request

from backend.api.common import ADMIN_BODY, on_store, on_tote, race_of, read_body
from backend.api.context import ServerContext
from backend.api.models import ResultBody, ScratchBody, TerminalBody, parse, schema_of
from backend.auth import check_admin
from backend.errors import InvalidRequest, NotFound
from backend.programme import load_programme, parse_programme
from backend.programme_format import ProgrammeBody
from backend.races import advance, programme_view, taken_over
from backend.results import abandon, record_result, scratch
from backend.store import Store
from backend.terminals import create_terminal


def _admin(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    check_admin(context.admin_token, request.headers.get("authorization"))
    return context


def routes() -> APIRouter:
    router = APIRouter(prefix="/v1/admin", tags=["admin"])

    @router.post("/programme", openapi_extra=schema_of(ProgrammeBody))
    async def programme(request: Request) -> dict[str, Any]:
        _admin(request)
        meetings = parse_programme(await read_body(request, ADMIN_BODY))
        races = await on_store(request, lambda store, now: load_programme(store, meetings, now))
        return {"races": races}

    @router.get("/programme")
    async def day(request: Request, day: str) -> dict[str, Any]:
        """The day's programme as terminals get it, with the races a console operator took
        over (``taken_over_by``): automation running the races leaves those alone."""
        _admin(request)
        try:
            shown = date.fromisoformat(day).isoformat()
        except ValueError:
            raise InvalidRequest(f"{day[:20]!r} is not a day (2026-11-21)") from None

        def read(store: Store, now: datetime) -> dict[str, Any]:
            view = programme_view(store, shown, now)
            taken = taken_over(store, shown)
            for meeting in view["meetings"]:  # type: ignore[attr-defined]
                for race in meeting["races"]:
                    race["taken_over_by"] = taken.get(race["race_id"])
            return view

        return await on_store(request, read)

    @router.post("/races/{day}/{code}/scratch", openapi_extra=schema_of(ScratchBody))
    async def scratch_runner(request: Request, day: str, code: str) -> dict[str, Any]:
        _admin(request)
        runner = parse(ScratchBody, await read_body(request, ADMIN_BODY)).runner
        race_id = race_of(day, code)
        await on_tote(
            request, lambda d, now: d.changed(race_id, scratch(d.store, race_id, runner, now))
        )
        return {"race_id": race_id, "scratched": runner}

    @router.post("/races/{day}/{code}/result", openapi_extra=schema_of(ResultBody))
    async def result(request: Request, day: str, code: str) -> dict[str, Any]:
        """A provisional result publishes dividends; the official one settles every bet."""
        _admin(request)
        body = parse(ResultBody, await read_body(request, ADMIN_BODY))
        race_id = race_of(day, code)
        return await on_tote(
            request,
            lambda d, now: d.changed(
                race_id, record_result(d.store, race_id, body.places, body.official, now)
            ),
        )

    @router.post("/races/{day}/{code}/{step}")
    async def lifecycle(request: Request, day: str, code: str, step: str) -> dict[str, Any]:
        _admin(request)
        race_id = race_of(day, code)
        if step == "cancel":  # abandoned: every bet refunded
            return await on_tote(
                request, lambda d, now: d.changed(race_id, abandon(d.store, race_id, now))
            )
        if step not in {"open", "close"}:
            raise NotFound(f"there is no race step {step!r}; use open, close or cancel")
        status = await on_tote(
            request, lambda d, now: d.changed(race_id, advance(d.store, race_id, step, now))
        )
        return {"race_id": race_id, "status": status.value}

    @router.post("/terminals", openapi_extra=schema_of(TerminalBody))
    async def terminal(request: Request) -> dict[str, Any]:
        """Register a terminal; its secret is returned this once and never again."""
        context = _admin(request)
        body = parse(TerminalBody, await read_body(request, ADMIN_BODY))
        terminal_id, secret = await on_store(
            request, lambda store, now: create_terminal(store, body.name, now)
        )
        context.secrets[terminal_id] = secret
        return {"terminal_id": terminal_id, "secret": secret.hex()}

    return router
