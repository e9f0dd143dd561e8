"""Reports: the day's figures per terminal and in total (on the page, and as CSV for the
accounts), the charts of sales per hour and of a race's stakes per minute, and the journal's
verification with its anchor.

A day is the server's UTC day, as the programme's days are. The CSV holds amounts in euros
with a dot and two decimals, whatever the page's language: it is read by spreadsheets and
accounting software, not by people.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from backend import journal
from backend.api.common import context_of, on_tote
from backend.betting import BetDesk
from backend.console.charts import bars
from backend.console.guard import posted, signed_in
from backend.console.pages import ConsoleRoute, render, words_of
from backend.day_report import day_report, sales_per_hour, stakes_per_minute
from backend.errors import InvalidRequest
from backend.races import load_race
from pari.money import euros


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/reports")
    async def reports(request: Request, day: str = "", race: str = "") -> Response:
        session = await signed_in(request)
        start = _day(request, day)
        end = start + timedelta(days=1)
        words = words_of(request)

        def read(desk: BetDesk, now: datetime) -> Any:
            conn = desk.conn
            races = [
                (row["id"], row["name"])
                for row in conn.execute(
                    "SELECT id, name FROM race WHERE id LIKE ? ORDER BY post_time, id",
                    (f"{start.date().isoformat()}/%",),
                )
            ]
            chosen = race if race in {r[0] for r in races} else (races[0][0] if races else "")
            minutes = (
                stakes_per_minute(conn, chosen, load_race(conn, chosen).post_time)
                if chosen else []
            )  # fmt: skip
            return day_report(conn, start, end), sales_per_hour(conn, start, end), races, \
                chosen, minutes  # fmt: skip

        report, hours, races, chosen, minutes = await on_tote(request, read)
        hourly = bars(words.gettext("Stakes sold per hour"), hours, words.time, words.amount,
                      every=3)  # fmt: skip
        rush = bars(words.gettext("Stakes sold per minute before the post"), minutes,
                    words.time, words.amount, every=5)  # fmt: skip
        return render(request, "reports.html", session, report=report, day=start.date(),
                      hourly=hourly, rush=rush, races=races, chosen=chosen,
                      markup=Markup)  # fmt: skip

    @router.get("/reports.csv")
    async def export(request: Request, day: str = "") -> Response:
        await signed_in(request)
        start = _day(request, day)
        end = start + timedelta(days=1)
        report = await on_tote(request, lambda d, _: day_report(d.conn, start, end))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["terminal_id", "name", "sales", "sales_eur", "cancellations",
                         "cancellations_eur", "payouts", "payouts_eur", "net_eur"])  # fmt: skip
        for f in [*report.terminals, report.total]:
            writer.writerow([f.terminal_id or "TOTAL", f.name, f.sales, euros(f.sales_cents),
                             f.cancellations, euros(f.cancellations_cents), f.payouts,
                             euros(f.payouts_cents), euros(f.net_cents)])  # fmt: skip
        name = f"guichet-{start.date().isoformat()}.csv"
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})  # fmt: skip

    @router.get("/journal")
    async def journal_page(request: Request) -> Response:
        session = await signed_in(request)
        anchor = await on_tote(request, lambda d, _: journal.format_anchor(journal.head(d.conn)))
        return render(request, "journal.html", session, anchor=anchor, verdict=None)

    @router.post("/journal/verify")
    async def verify(request: Request) -> Response:
        session, _ = await posted(request, "read")

        def check(desk: BetDesk, now: datetime) -> tuple[str, journal.Verdict]:
            conn = desk.conn
            anchor = journal.format_anchor(journal.head(conn))
            return anchor, journal.verify(conn)

        anchor, verdict = await on_tote(request, check)
        return render(request, "journal.html", session, anchor=anchor, verdict=verdict)

    return router


def _day(request: Request, text: str) -> datetime:
    try:
        day = date.fromisoformat(text) if text else context_of(request).clock().date()
    except ValueError:
        raise InvalidRequest(f"{text[:20]!r} is not a day (2026-12-01)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
