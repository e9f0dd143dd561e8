"""Logging in and out, and the language switch.

A login sets the session cookie and goes back to the page that asked for it (a path of the
console only: ``next`` never sends the browser elsewhere). Every attempt, good or bad, is
journaled by ``backend.operators.log_in``, which also locks a name after five wrong passwords.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from backend.api.common import on_tote
from backend.console.guard import (
    LANG_COOKIE,
    LOGIN_COOKIE,
    SESSION_AGE,
    SESSION_COOKIE,
    check_login_token,
    current_session,
    form_of,
    login_token,
    same_site,
    set_cookie,
)
from backend.console.pages import ConsoleRoute, done, render
from backend.errors import ServerError, Unauthorized
from backend.operators import log_in
from backend.sessions import end_session, open_session
from catalogue import LANGUAGES

LOGIN_TOKEN_AGE = 3600


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/login")
    async def login_form(request: Request, next: str = "") -> Response:
        return _form(request, _back(next))

    @router.post("/login")
    async def login(request: Request) -> Response:
        same_site(request)
        form = await form_of(request)
        check_login_token(request, form)
        name, password = form.get("name", "").strip(), form.get("password", "")
        back = _back(form.get("next", ""))
        try:
            if not name or not password:
                raise Unauthorized("a name and a password", code="bad_login")
            token = await on_tote(request, lambda d, now: open_session(
                d.conn, log_in(d.conn, name, password, now), now))  # fmt: skip
        except Unauthorized as err:
            return _form(request, back, problem=err, name=name)
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
            await on_tote(request, lambda d, now: end_session(d.conn, token, now))
        answer = done("/console/login", "logged_out")
        answer.delete_cookie(SESSION_COOKIE, path="/console")
        return answer

    @router.get("/language/{lang}")
    async def language(request: Request, lang: str, next: str = "") -> Response:
        """The operator's language, kept in a cookie (changes nothing on the server)."""
        answer = RedirectResponse(_back(next), status_code=303)
        if lang in LANGUAGES:
            set_cookie(request, answer, LANG_COOKIE, lang, 365 * 24 * 3600)
        return answer

    return router


def _back(path: str) -> str:
    """A console path to go back to, never another site's (``//evil``, ``https://…``)."""
    if path.startswith("/console") and path.isprintable() and not set(path) & set(" \\"):
        return path
    return "/console/races"


def _form(
    request: Request, back: str, *, problem: ServerError | None = None, name: str = ""
) -> Response:
    token = login_token(request)
    status = 200 if problem is None else problem.status
    answer = render(request, "login.html", None, status=status, problem=problem,
                    login_csrf=token, back=back, name=name)  # fmt: skip
    set_cookie(request, answer, LOGIN_COOKIE, token, LOGIN_TOKEN_AGE)
    return answer
