"""Supervision: every terminal and how it is, live; registering one and disabling one.

The table and the counts above it (online, needing attention) refresh themselves together
every two seconds (``static/console.js`` asks for that live part alone): a badge that lagged
its table would say one thing while the rows say another. Without JavaScript the page reloads
every five. A terminal's secret is shown once, on the
page that answers its registration, and never again: the page is not cached, and the server
keeps no way to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from backend.api.common import context_of, on_store
from backend.console.guard import posted, signed_in
from backend.console.pages import ConsoleRoute, done, render
from backend.errors import InvalidRequest, ServerError
from backend.fleet import TerminalState, disable_terminal, fleet, terminal_state
from backend.sessions import Session
from backend.terminals import create_terminal

NAME_LENGTH = 60
ROWS = 200  # terminals in the table at once


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/terminals")
    async def terminals(request: Request, attention: str = "", q: str = "") -> Response:
        session = await signed_in(request)
        return await fleet_page(request, session, Choice(attention == "1", q.strip()[:60]))

    @router.get("/terminals/live")
    async def live(request: Request, attention: str = "", q: str = "") -> Response:
        """The page's live part alone (the counts and the table), for its script to swap in."""
        session = await signed_in(request)
        states = await on_store(request, fleet)
        choice = Choice(attention == "1", q.strip()[:60])
        return render(request, "fleet_live.html", session, **live_part(states, choice))

    @router.post("/terminals")
    async def register(request: Request) -> Response:
        session, form = await posted(request, "fleet")
        name = form.get("name", "").strip()
        try:
            if not (0 < len(name) <= NAME_LENGTH and name.isprintable()):
                raise InvalidRequest(
                    "a terminal's name is 1 to 60 characters", code="bad_terminal_name"
                )
            by = session.operator.name
            terminal_id, secret = await on_store(
                request, lambda store, now: create_terminal(store, name, now, by)
            )
        except ServerError as err:
            if err.status >= 500:
                raise
            return await fleet_page(request, session, Choice(), problem=err, status=err.status)
        context_of(request).secrets[terminal_id] = secret
        server = f"{request.url.scheme}://{request.url.netloc}"
        return render(
            request,
            "registered.html",
            session,
            status=201,
            name=name,
            terminal_id=terminal_id,
            secret=secret.hex(),
            server=server,
        )

    @router.post("/terminals/{terminal_id}/disable")
    async def disable(request: Request, terminal_id: str) -> Response:
        session, form = await posted(request, "fleet")
        state = await on_store(request, lambda store, now: terminal_state(store, terminal_id, now))
        if state is None:
            raise InvalidRequest(
                f"there is no terminal {terminal_id[:40]!r}", code="unknown_terminal"
            )
        if form.get("confirmed") != "yes":
            return render(request, "confirm_disable.html", session, kind="terminal", terminal=state)
        by = session.operator.name
        try:
            await on_store(
                request, lambda store, now: disable_terminal(store, terminal_id, now, by)
            )
        except ServerError as err:
            if err.status >= 500:
                raise
            return await fleet_page(request, session, Choice(), problem=err, status=err.status)
        # refused from now on by this worker; the others drop it at their next reading
        context_of(request).secrets.pop(terminal_id, None)
        return done("/console/terminals", "disabled")

    return router


@dataclass(frozen=True, slots=True)
class Choice:
    """Which terminals the table shows: those needing attention first (or only them), those
    whose name or id holds ``q``, at most ``ROWS``: a national fleet is found by name, not
    scrolled through every two seconds."""

    attention: bool = False
    q: str = ""

    def of(self, states: list[TerminalState]) -> list[TerminalState]:
        return self.matching(states)[:ROWS]

    def matching(self, states: list[TerminalState]) -> list[TerminalState]:
        wanted = self.q.casefold()
        chosen = [
            s
            for s in states
            if (not self.attention or s.needs_attention)
            and (not wanted or wanted in s.name.casefold() or wanted in s.terminal_id.casefold())
        ]
        chosen.sort(key=lambda s: (not s.needs_attention or s.disabled, s.name))
        return chosen

    @property
    def query(self) -> str:
        return urlencode(
            {k: v for k, v in (("attention", "1" if self.attention else ""), ("q", self.q)) if v}
        )


async def fleet_page(
    request: Request,
    session: Session,
    choice: Choice,
    *,
    problem: ServerError | None = None,
    status: int = 200,
) -> Response:
    states = await on_store(request, fleet)
    return render(
        request, "fleet.html", session, problem=problem, status=status, **live_part(states, choice)
    )


def live_part(states: list[TerminalState], choice: Choice) -> dict[str, Any]:
    """What the page's live part shows, from one reading of the fleet: the counts and the
    rows cannot disagree."""
    matching = choice.matching(states)
    return {
        "terminals": matching[:ROWS],
        "choice": choice,
        "matching": len(matching),
        "counts": (
            len(states),
            sum(s.online for s in states),
            sum(s.needs_attention for s in states),
        ),
    }
