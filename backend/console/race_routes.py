"""The race office: the day's programme, a race's page, and what can be done to a race.

Every action is a form post (``guard.posted``: this console, the session's CSRF token, the
``race`` role), runs on the tote like the admin API's, is journaled with the operator's name,
and answers with the race's page again: after a redirect if it went through, directly with
the reason and its status if it did not. A scratching and an abandonment ask to be confirmed
first (a page that says what will happen); the official result needs a second operator
(``backend.official_result``), who confirms the entry their page showed (its revision, in the
form) and no other. The first operator to act on a race takes it over
(``races.take_over``): the demo's simulated race office leaves it to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from backend.api.common import context_of, on_store, on_tote, race_of
from backend.console.guard import posted, signed_in
from backend.console.offer import DayOffer, day_offers, flags_said, on_sale_said
from backend.console.pages import ConsoleRoute, done, render
from backend.console.race_office import PLACES, RaceOffice, places_of, race_office, unwon_said
from backend.errors import InvalidRequest, ServerError
from backend.official_result import confirm_official, propose_official, reject_official
from backend.races import advance, programme_view, take_over
from backend.results import abandon, record_result, scratch
from backend.sessions import Session
from backend.store import Store

STEPS = ("open", "close", "scratch", "abandon", "provisional", "official", "confirm", "reject")


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("")
    async def home() -> RedirectResponse:
        return RedirectResponse("/console/races", status_code=303)

    @router.get("/races")
    async def programme(request: Request, day: str = "") -> Response:
        session = await signed_in(request)
        shown = _day(day or context_of(request).clock().date().isoformat())

        def read(store: Store, now: datetime) -> tuple[dict[str, Any], dict[str, DayOffer]]:
            view = programme_view(store, shown, now)
            return view, day_offers(store, view)

        view, offers = await on_store(request, read)
        return render(
            request,
            "programme.html",
            session,
            day=shown,
            programme=view,
            offers=offers,
            on_sale_said=on_sale_said,
        )

    @router.get("/races/{day}/{code}")
    async def race(request: Request, day: str, code: str) -> Response:
        session = await signed_in(request)
        return await race_page(request, session, race_of(day, code))

    @router.get("/races/{day}/{code}/live")
    async def live(request: Request, day: str, code: str) -> Response:
        """The live part of a race's page (pools, odds), which the page's script refreshes."""
        session = await signed_in(request)
        office = await _office(request, race_of(day, code))
        return render(request, "race_live.html", session, office=office)

    @router.post("/races/{day}/{code}/{step}")
    async def act(request: Request, day: str, code: str, step: str) -> Response:
        session, form = await posted(request, "race")
        race_id = race_of(day, code)
        page = f"/console/races/{race_id}"
        by = session.operator.name
        try:
            if step not in STEPS:
                raise InvalidRequest(f"there is no race step {step!r}", code="not_found")
            if step in ("scratch", "abandon") and form.get("confirmed") != "yes":
                return await _confirm(request, session, race_id, step, form)
            await on_store(request, lambda store, now: take_over(store, race_id, by, now))
            what = await _do(request, race_id, step, form, by)
        except ServerError as err:
            if err.status >= 500:
                raise
            return await race_page(
                request, session, race_id, problem=err, status=err.status, form=form
            )
        return done(page, what)

    return router


async def _do(request: Request, race_id: str, step: str, form: dict[str, str], by: str) -> str:
    """Do one of ``STEPS`` to a race; what the page says it did."""
    if step in ("open", "close"):
        await on_tote(
            request, lambda d, now: d.changed(race_id, advance(d.store, race_id, step, now, by))
        )
        return "opened" if step == "open" else "closed"
    if step == "scratch":
        runner = _runner(form.get("runner", ""))
        await on_tote(
            request, lambda d, now: d.changed(race_id, scratch(d.store, race_id, runner, now, by))
        )
        return "scratched"
    if step == "abandon":
        await on_tote(
            request, lambda d, now: d.changed(race_id, abandon(d.store, race_id, now, by))
        )
        return "abandoned"
    if step == "provisional":
        places = places_of(form)
        await on_tote(
            request,
            lambda d, now: d.changed(
                race_id, record_result(d.store, race_id, places, False, now, {"by": by})
            ),
        )
        return "provisional"
    if step == "official":
        places = places_of(form)
        await on_store(
            request, lambda store, now: propose_official(store, race_id, places, by, now)
        )
        return "proposed"
    read = form.get("revision", "")  # the entry the page showed: only that one is settled
    if step == "confirm":
        await on_tote(
            request,
            lambda d, now: d.changed(
                race_id, confirm_official(d.store, race_id, by, now, revision=read)
            ),
        )
        return "confirmed"
    await on_store(
        request, lambda store, now: reject_official(store, race_id, by, now, revision=read)
    )
    return "rejected"


def _runner(text: str) -> int:
    if not (text.isascii() and text.isdigit() and 0 < len(text) <= 2):
        raise InvalidRequest(f"{text[:10]!r} is not a runner number", code="invalid_request")
    return int(text)


async def _office(request: Request, race_id: str) -> RaceOffice:
    context = context_of(request)
    return await on_tote(
        request, lambda d, now: race_office(d, race_id, now, context.odds_min_pool)
    )


async def race_page(
    request: Request,
    session: Session,
    race_id: str,
    *,
    problem: ServerError | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    office = await _office(request, race_id)
    return render(
        request,
        "race.html",
        session,
        office=office,
        problem=problem,
        status=status,
        form=form or {},
        places=PLACES,
        unwon_said=unwon_said,
        flags_said=flags_said,
    )


async def _confirm(
    request: Request, session: Session, race_id: str, step: str, form: dict[str, str]
) -> Response:
    """The page that asks before a scratching or an abandonment, saying what it will do."""
    runner = _runner(form.get("runner", "")) if step == "scratch" else 0
    office = await _office(request, race_id)
    numbers = [r["number"] for r in office.race["runners"]]
    if step == "scratch" and office.runner(runner) is None:
        raise InvalidRequest(
            f"runner {runner} is not in race {race_id}",
            code="unknown_runner",
            runner=runner,
            first=min(numbers),
            last=max(numbers),
        )
    return render(request, "confirm.html", session, office=office, step=step, runner=runner)


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidRequest(f"{text[:20]!r} is not a day (2026-12-01)") from None
