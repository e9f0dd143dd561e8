"""Every error leaves the server as ``application/problem+json`` (RFC 9457) with our code."""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from backend.errors import ServerError
from backend.store import StoreDamaged, StoreError

log = logging.getLogger("guichet.server")
MEDIA_TYPE = "application/problem+json"


def problem(
    status: int,
    code: str,
    detail: str,
    params: dict[str, int | str] | None = None,
    retry_after: int | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:guichet:problem:{code}",
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if params:
        body["params"] = params
    headers = None if retry_after is None else {"Retry-After": str(retry_after)}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def store_problem(err: StoreError) -> JSONResponse:
    """The database's failure: the server's, not the client's (503), and when to retry."""
    return problem(err.status, err.code, err.detail, err.params, err.retry_after)


def server_problem(err: ServerError, said: dict[str, float]) -> JSONResponse:
    """A ``ServerError``'s answer. The server's own failure (its database gone, say) is also
    logged for the operator, once every 10 s of it per code (``said``), not once a request."""
    if (
        err.status >= 500
        and not isinstance(err, StoreDamaged)  # said once, by whoever found it
        and time.monotonic() - said.get(err.code, -60.0) >= 10
    ):
        said[err.code] = time.monotonic()
        log.error("answering %d %s: %s", err.status, err.code, err.detail)
    if isinstance(err, StoreError):
        return store_problem(err)
    return problem(err.status, err.code, err.detail, err.params)


def unexpected_problem(method: str, path: str) -> JSONResponse:
    """A failure nobody foresaw: logged with its traceback (called in the ``except``)."""
    log.exception("unexpected error on %s %s", method, path)
    return problem(500, "server_error", "the server failed; the request may be retried")


def install(app: FastAPI, said: dict[str, float]) -> None:
    """``said``: shared with the hot routes (``backend.api.hot_routes``), which answer
    without FastAPI's handlers."""

    @app.exception_handler(ServerError)
    async def server_error(_: Request, err: ServerError) -> JSONResponse:
        return server_problem(err, said)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        return problem(422, "invalid_request", describe_validation(err.errors()))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, err: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
        return problem(err.status_code, code, str(err.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, err: Exception) -> JSONResponse:
        return unexpected_problem(request.method, request.url.path)


def describe_validation(errors: Any) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request body is invalid"
