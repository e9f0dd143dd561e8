"""The terminals' hot routes — a bet, a batch, a payout, a voucher issued or redeemed —
answered without FastAPI's per-request stack.

Why: at the server's ceiling the event loop spent 59 % of its time in Starlette's and
FastAPI's layers (middlewares, routing, dependency solving, the framework's telemetry check
reading ``os.environ`` on every request) and 24 % in the endpoint (issue 28). A hot route
does only what a bet needs: read the body within its limit, check the signature and claim
the nonce (``backend.api.common``), validate the exact bytes signed with the body's model
(pydantic-core: the same model the OpenAPI document shows), one hop to the tote, one encoded
answer. Every error leaves as the same problem the FastAPI handlers give
(``backend.api.problems``).

``ServerApp`` (a ``FastAPI``) looks a POST request's path up in its hot routes before it
hands the request to FastAPI. Each hot route is also declared to FastAPI, with its body's
schema, so the OpenAPI document describes it exactly; that declaration's endpoint runs the
same ``answer``, so the two ways in share every line of the work and neither can drift.
Another method on a hot path (a GET on ``/v1/bets``) goes to FastAPI, which says 405.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import msgspec
from fastapi import FastAPI, Request, Response
from pydantic import BaseModel
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from backend.api.common import (
    SIGNING,
    TERMINAL_BODY,
    body_within,
    context_of,
    refuse_unsigned,
    signer_of,
)
from backend.api.context import ServerContext
from backend.api.models import schema_of
from backend.api.problems import server_problem, unexpected_problem
from backend.errors import ServerError
from backend.security_headers import App, Receive, Scope, Send

Work = Callable[[ServerContext, str, bytes], Awaitable[Any]]
JSON_HEADER = (b"content-type", b"application/json")
encode = msgspec.json.Encoder().encode  # compact UTF-8 JSON, as json.dumps with separators
READ = {name.encode(): name for name in ("content-length", *SIGNING)}  # the headers read
# a hot route's answer, as the document shows it (FastAPI cannot see into ``answer``)
ANSWERED: dict[str, Any] = {
    "description": "Successful Response",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}


@dataclass(frozen=True, slots=True)
class HotRoute:
    """``work``: given the server's context, the terminal that signed and the body's exact
    bytes, the answer's JSON value (or a ``ServerError``). ``body``: the model it parses the
    bytes with, shown in the OpenAPI document."""

    path: str
    body: type[BaseModel]
    work: Work
    tag: str
    summary: str
    description: str


class ClientGone(Exception):
    """The client closed the connection before its body was read: nobody to answer."""


async def chunks_of(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


def headers_of(scope: Scope) -> dict[str, str]:
    """The headers a hot route reads (its body's length, the signature's four) by name, the
    first of a repeated one kept, as Starlette's ``Headers.get`` reads them: the others
    (a client's dozen) are not decoded."""
    found: dict[str, str] = {}
    for name, value in scope["headers"]:
        key = READ.get(name.lower())
        if key is not None and key not in found:
            found[key] = value.decode("latin-1")
    return found


def target_of(scope: Scope) -> str:
    """What the terminal signed: the raw (still percent-encoded) path and query string."""
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
    query: bytes = scope.get("query_string", b"")
    return (raw_path + (b"?" + query if query else b"")).decode("latin-1")


async def answer(
    route: HotRoute, context: ServerContext, scope: Scope, receive: Receive, send: Send
) -> None:
    """The whole of a hot request, from its headers to its answer."""
    headers = headers_of(scope)
    try:
        refuse_unsigned(headers)
        declared = headers.get("content-length", "")
        body = await body_within(declared, chunks_of(receive), TERMINAL_BODY)
        terminal = await signer_of(context, "POST", target_of(scope), body, headers)
        value = await route.work(context, terminal, body)
    except ClientGone:
        return
    except ServerError as err:
        await server_problem(err, context.problems_said)(scope, receive, send)
        return
    except Exception:
        await unexpected_problem("POST", scope["path"])(scope, receive, send)
        return
    encoded = encode(value)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [JSON_HEADER, (b"content-length", str(len(encoded)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": encoded})


class Answered(Response):
    """The FastAPI declaration's answer: the hot route's own ``answer``, run as an ASGI app
    with the body still unread."""

    def __init__(self, route: HotRoute, context: ServerContext) -> None:
        super().__init__()
        self.route, self.context = route, context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await answer(self.route, self.context, scope, receive, send)


class ServerApp(FastAPI):
    """FastAPI, with the hot routes answered before its stack is entered.

    The client's address as the trusted proxy gives it (``X-Forwarded-For`` from one of
    ``FORWARDED_ALLOW_IPS``, uvicorn's own setting and default) is read here, for the other
    routes only: the console's login limits need it, a signed bet does not. So the servers
    run uvicorn without its own proxy-headers middleware (``proxy_headers=False``)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.hot: dict[str, HotRoute] = {}
        trusted = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
        # uvicorn types ASGI its own way; the middleware is ASGI all the same
        forwarded = ProxyHeadersMiddleware(cast(Any, self._framework), trusted_hosts=trusted)
        self._others = cast(App, forwarded)

    async def _framework(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)

    def add_hot_routes(self, routes: Iterable[HotRoute]) -> None:
        for route in routes:
            self.hot[route.path] = route
            self.add_api_route(
                route.path,
                _declared(route),
                methods=["POST"],
                tags=[route.tag],
                summary=route.summary,
                description=route.description,
                openapi_extra=schema_of(route.body),
                response_class=Response,
                responses={200: ANSWERED},
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            route = self.hot.get(scope["path"])
            if route is not None:
                scope["guichet.route"] = route.path  # the route's name, for the metrics
                await answer(route, self.state.context, scope, receive, send)
                return
        await self._others(scope, receive, send)


def _declared(route: HotRoute) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return Answered(route, context_of(request))

    endpoint.__name__ = route.summary.lower().replace(" ", "_")
    return endpoint
