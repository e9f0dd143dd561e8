"""Reports: the day's figures per terminal and in total (on the page, and as CSV for the
accounts), the charts of sales per hour and of a race's stakes per minute, and the journal's
verification with its anchor.

A day is the server's UTC day, as the programme's days are. The CSV speaks the operator's
language and its spreadsheet's conventions (``report_csv``). The page also lists the day's
pools that nobody won, and what became of them (``backend.unwon``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from backend import journal
from backend.api.common import context_of, on_store
from backend.console.charts import bars
from backend.console.guard import posted, signed_in
from backend.console.pages import ConsoleRoute, render, words_of
from backend.console.race_office import unwon_said
from backend.console.report_csv import day_csv
from backend.day_report import day_report, sales_per_hour, stakes_per_minute
from backend.errors import InvalidRequest
from backend.races import load_race
from backend.store import Store
from backend.unwon import of_day


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/reports")
    async def reports(request: Request, day: str = "", race: str = "") -> Response:
        session = await signed_in(request)
        start = _day(request, day)
        end = start + timedelta(days=1)
        words = words_of(request)

        def read(store: Store, now: datetime) -> Any:
            races = [
                (row["id"], row["name"])
                for row in store.execute(
                    "SELECT id, name FROM race WHERE id LIKE ? ORDER BY post_time, id",
                    (f"{start.date().isoformat()}/%",),
                )
            ]
            chosen = race if race in {r[0] for r in races} else (races[0][0] if races else "")
            minutes = (
                stakes_per_minute(store, chosen, load_race(store, chosen).post_time)
                if chosen
                else []
            )
            return (
                day_report(store, start, end),
                sales_per_hour(store, start, end),
                races,
                chosen,
                minutes,
                of_day(store, start.date().isoformat()),
            )

        report, hours, races, chosen, minutes, unwon = await on_store(request, read)
        hourly = bars(
            words.gettext("Stakes sold per hour"), hours, words.time, words.amount, every=3
        )
        rush = bars(
            words.gettext("Stakes sold per minute before the post"),
            minutes,
            words.time,
            words.amount,
            every=5,
        )
        return render(
            request,
            "reports.html",
            session,
            report=report,
            day=start.date(),
            hourly=hourly,
            rush=rush,
            races=races,
            chosen=chosen,
            unwon=unwon,
            unwon_said=unwon_said,
            markup=Markup,
        )

    @router.get("/reports.csv")
    async def export(request: Request, day: str = "") -> Response:
        await signed_in(request)
        start = _day(request, day)
        end = start + timedelta(days=1)
        report = await on_store(request, lambda store, _: day_report(store, start, end))
        name = f"guichet-{start.date().isoformat()}.csv"
        return Response(
            day_csv(report, words_of(request)),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )

    @router.get("/journal")
    async def journal_page(request: Request) -> Response:
        session = await signed_in(request)
        anchor = await on_store(
            request, lambda store, _: journal.format_anchor(journal.head(store))
        )
        return render(request, "journal.html", session, anchor=anchor, verdict=None)

    @router.post("/journal/verify")
    async def verify(request: Request) -> Response:
        session, _ = await posted(request, "read")

        def check(store: Store, now: datetime) -> tuple[str, journal.Verdict]:
            anchor = journal.format_anchor(journal.head(store))
            return anchor, journal.verify(store)

        anchor, verdict = await on_store(request, check)
        return render(request, "journal.html", session, anchor=anchor, verdict=verdict)

    return router


def _day(request: Request, text: str) -> datetime:
    try:
        day = date.fromisoformat(text) if text else context_of(request).clock().date()
    except ValueError:
        raise InvalidRequest(f"{text[:20]!r} is not a day (2026-12-01)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
