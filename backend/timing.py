"""Every answer timed, by route template, where every answer leaves (``backend.connections``).

A plain ASGI middleware rather than one of the framework's: it sits outside the application,
so it also times what answers without FastAPI (the terminals' lean path for bets), and costs
a request two clock reads, one dictionary look-up and one observation (``Metrics.answered``
keeps the labelled series it made).

The route is the template the request matched: Starlette's ``scope["route"].path``
(``/v1/bets/{transaction_id}/cancel``), else what a handler outside the framework says it
answered (``scope["guichet.route"]``, a string), else ``unmatched`` (a 404, a request cut
short): a raw path in a label would make a series per ticket.
"""

from __future__ import annotations

from time import perf_counter

from backend.metrics import Recorder
from backend.security_headers import App, Message, Receive, Scope, Send, headers_for, secure

ROUTE = "guichet.route"  # the scope's key where a handler outside the framework names its route
UNMATCHED = "unmatched"


def route_of(scope: Scope) -> str:
    route = scope.get("route")
    if route is not None:
        path = getattr(route, "path", None)
        if isinstance(path, str):
            return path
    named = scope.get(ROUTE)
    return named if isinstance(named, str) else UNMATCHED


class Timed:
    """ASGI middleware: each HTTP answer's time, until its headers leave, by method, route
    template and status; an application that fails before answering counts as a 500. It
    also sets the security headers (``backend.security_headers.secure``) in the same pass:
    two wrappers cost every bet two closures and two more awaits a message."""

    __slots__ = ("app", "metrics")

    def __init__(self, app: App, metrics: Recorder) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = perf_counter()
        answered = False
        ours = headers_for(scope.get("path", ""))

        async def timed(message: Message) -> None:
            nonlocal answered
            if not answered and message["type"] == "http.response.start":
                answered = True
                secure(message, ours)
                self.metrics.answered(
                    scope["method"], route_of(scope), message["status"], perf_counter() - started
                )
            await send(message)

        try:
            await self.app(scope, receive, timed)
        finally:
            if not answered:
                self.metrics.answered(
                    scope["method"], route_of(scope), 500, perf_counter() - started
                )
