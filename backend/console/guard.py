"""What every console request passes: who is asking (the session cookie), whether their role
allows it, and, for a form, that it came from this console's own page.

Three defences against a forged post, each enough on its own in today's browsers: the session
cookie is ``SameSite=Strict`` (another site's page cannot send it), a post whose ``Origin``
or ``Sec-Fetch-Site`` names another site is refused, and every form carries its session's
CSRF token. The login form, before any session, carries a token from a cookie of its own
(double submit), so that another site cannot log a browser in under its own name.

The cookie is ``HttpOnly`` (no script reads it) and ``Secure`` when the console is reached
over TLS (``https``, or a proxy's ``X-Forwarded-Proto`` that uvicorn was told to trust).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qsl, urlsplit

from fastapi import Request, Response

from backend.api.common import on_store, read_body
from backend.errors import Forbidden, InvalidRequest
from backend.sessions import IDLE, LONGEST, Session, session_of

SESSION_COOKIE = "guichet_console"
LOGIN_COOKIE = "guichet_login"
LANG_COOKIE = "guichet_lang"
FORM_BODY = 64 * 1024  # the largest console form is a race's result
SESSION_AGE = int(max(IDLE, LONGEST).total_seconds())  # the server decides; the cookie follows


class LoginNeeded(Exception):
    """No valid session: the page sends the browser to the login form, then back."""


class PasswordChangeNeeded(Exception):
    """An administrator reset this operator's password: they choose their own first (the page
    sends the browser to the password form, then back)."""


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def client_address(request: Request) -> str:
    """The client's address, as the trusted proxy gives it (``backend.login_limits``)."""
    return request.client.host if request.client else ""


async def current_session(request: Request) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    return await on_store(request, lambda store, now: session_of(store, token, now))


async def signed_in(request: Request, action: str = "read") -> Session:
    """The session of the operator asking, whose role allows ``action``."""
    session = await current_session(request)
    if session is None:
        raise LoginNeeded
    if session.must_change:
        raise PasswordChangeNeeded
    allow(session, action)
    return session


def allow(session: Session, action: str) -> None:
    if not session.operator.may(action):
        raise Forbidden(
            f"{session.operator.name} ({session.operator.role}) may not {action}",
            code="role",
            role=session.operator.role,
        )


def same_site(request: Request) -> None:
    """Refuse a post that another site's page sent (the browser says so, when it is one)."""
    fetched = request.headers.get("sec-fetch-site")
    if fetched is not None and fetched not in ("same-origin", "none"):
        raise Forbidden(f"a post from a {fetched} page", code="cross_site")
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "")
        if origin == "null" or urlsplit(origin).netloc != host:
            raise Forbidden(f"a post from {origin[:80]!r}, not from {host!r}", code="cross_site")


async def form_of(request: Request) -> dict[str, str]:
    """A form post's fields (the last value of each), read within the console's size limit."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind != "application/x-www-form-urlencoded":
        raise InvalidRequest(f"a console form is posted urlencoded, not as {kind or 'nothing'}")
    body = await read_body(request, FORM_BODY)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise InvalidRequest("a console form is UTF-8") from None
    return dict(pairs)


async def posted(request: Request, action: str) -> tuple[Session, dict[str, str]]:
    """An action's post: from this console, by an operator whose role allows it, with the
    session's CSRF token. Refused otherwise, before anything is done."""
    same_site(request)
    session = await signed_in(request, "read")
    form = await form_of(request)
    if not session.checks(form.get("csrf", "")):
        raise Forbidden("a form without this session's CSRF token", code="csrf")
    allow(session, action)
    return session, form


def login_token(request: Request) -> str:
    """The login form's token: the browser's own (its cookie), or a new one to set."""
    return request.cookies.get(LOGIN_COOKIE, "") or secrets.token_urlsafe(24)


def check_login_token(request: Request, form: dict[str, str]) -> None:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), form.get("csrf", "").encode()):
        raise Forbidden("a login form without its token", code="csrf")


def set_cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        path="/console",
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )
