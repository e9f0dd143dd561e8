"""Logging in and out, and the language switch.

A login sets the session cookie and goes back to the page that asked for it (a path of the
console only: ``next`` never sends the browser elsewhere), or first to the password page when
an administrator reset the operator's password. Every attempt, good or bad, is journaled by
``backend.operators.settle_login``, which makes a place wait after its wrong passwords.

What an attempt costs, in order: the address's allowance (``backend.login_limits``, in memory:
a flood from one address is refused there, 429), a place among the password checks in flight
(``backend.passwords``: 429 when they are all taken), one short read on the tote's thread, the
argon2 check on the password pool, one short write on the tote's thread. The tote, which
commits the terminals' bets, never checks a password.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from backend.api.common import context_of, on_store
from backend.console.guard import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    SESSION_AGE,
    SESSION_COOKIE,
    check_login_token,
    client_address,
    current_session,
    form_of,
    login_token,
    same_site,
    set_cookie,
)
from backend.console.pages import ConsoleRoute, done, render
from backend.errors import ServerError, TooManyRequests, Unauthorized
from backend.operators import LoggedIn, login_hash, settle_login
from backend.sessions import end_session, open_session
from backend.store import Store
from catalogue import LANGUAGES

LOGIN_TOKEN_AGE = 3600


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/login")
    async def login_form(request: Request, next: str = "") -> Response:
        return _form(request, back_to(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        same_site(request)
        form = await form_of(request)
        check_login_token(request, form)
        name, password = form.get("name", "").strip(), form.get("password", "")
        back = back_to(form.get("next", ""))
        try:
            if not name or not password:
                raise Unauthorized("a name and a password", code="bad_login")
            logged_in, token = await log_in(request, name, password)
        except (Unauthorized, TooManyRequests) as err:
            return _form(request, back, problem=err, name=name)
        if logged_in.must_change:
            back = f"/console/password?next={quote(back, safe='/')}"
        answer = RedirectResponse(back, status_code=303)
        set_cookie(request, answer, SESSION_COOKIE, token, SESSION_AGE)
        answer.delete_cookie(LOGIN_COOKIE, path="/console")
        return answer

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        same_site(request)
        session = await current_session(request)
        form = await form_of(request)
        if session is not None and session.checks(form.get("csrf", "")):
            token = request.cookies.get(SESSION_COOKIE, "")
            await on_store(request, lambda store, now: end_session(store, token, now))
        answer = done("/console/login", "logged_out")
        answer.delete_cookie(SESSION_COOKIE, path="/console")
        return answer

    @router.get("/language/{lang}")
    async def language(request: Request, lang: str, next: str = "") -> Response:
        """The operator's language, kept in a cookie (changes nothing on the server)."""
        answer = RedirectResponse(back_to(next), status_code=303)
        if lang in LANGUAGES:
            set_cookie(request, answer, LANG_COOKIE, lang, 365 * 24 * 3600)
        return answer

    return router


async def log_in(request: Request, name: str, password: str) -> tuple[LoggedIn, str]:
    """The operator and their new session's token, or ``Unauthorized``/``TooManyRequests``."""
    context = context_of(request)
    address = client_address(request)
    context.logins.take(address, context.clock())
    async with context.passwords.slot():
        checked = await on_store(request, lambda store, _: login_hash(store, name))
        verdict = await context.passwords.verify(checked, password)

        def settle(store: Store, now: datetime) -> tuple[LoggedIn, str]:
            logged_in = settle_login(store, name, address, checked, verdict, now)
            return logged_in, open_session(store, logged_in.operator, now)

        return await on_store(request, settle)


def back_to(path: str) -> str:
    """A console path to go back to, never another site's (``//evil``, ``https://…``)."""
    if path.startswith("/console") and path.isprintable() and not set(path) & set(" \\"):
        return path
    return "/console/races"


def _form(
    request: Request, back: str, *, problem: ServerError | None = None, name: str = ""
) -> Response:
    token = login_token(request)
    status = 200 if problem is None else problem.status
    answer = render(
        request,
        "login.html",
        None,
        status=status,
        problem=problem,
        login_csrf=token,
        back=back,
        name=name,
    )
    set_cookie(request, answer, LOGIN_COOKIE, token, LOGIN_TOKEN_AGE)
    if isinstance(problem, TooManyRequests):
        answer.headers["Retry-After"] = str(problem.params.get("seconds", 1))
    return answer
