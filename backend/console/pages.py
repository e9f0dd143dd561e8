"""Rendering a console page: the template, the operator's language, never a stale copy; and
the console's routes' one way of answering an error (``ConsoleRoute``). The security headers
(no frame, the content policy) are every answer's: ``backend.security_headers``.

The language is the operator's choice (a cookie, set from the switch on every page), else
what their browser asks for, else French. Nothing is installed globally: each page renders
with the ``Words`` of its language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from backend.console.guard import LANG_COOKIE, LoginNeeded, PasswordChangeNeeded, current_session
from backend.errors import ServerError
from backend.sessions import Session
from catalogue import LANGUAGES, Words, words_for
from catalogue.names import N_

log = logging.getLogger("guichet.console")
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,  # a value a template names and the route forgot: an error
    trim_blocks=True,
    lstrip_blocks=True,
)

HEADERS = {"Cache-Control": "no-store"}  # a page of the race office is never served stale


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        lang = part.split(";")[0].strip().lower()[:2]
        if lang in LANGUAGES:
            return lang
    return LANGUAGES[0]


def words_of(request: Request) -> Words:
    return words_for(language(request))


def render(
    request: Request,
    template: str,
    session: Session | None,
    *,
    status: int = 200,
    problem: ServerError | None = None,
    **values: Any,
) -> HTMLResponse:
    words = words_of(request)
    done = DONE.get(request.query_params.get("done", ""))
    html = _env.get_template(template).render(
        w=words,
        _=words.gettext,
        ngettext=words.ngettext,
        lang=words.lang,
        session=session,
        operator=None if session is None else session.operator,
        csrf="" if session is None else session.csrf,
        here=request.url.path,
        problem=None if problem is None else words.problem(problem),
        done="" if done is None else words.gettext(done),
        **values,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


# what a page says after an action went through (``?done=…``, after the redirect)
DONE = {
    "opened": N_("The race is open for bets."),
    "closed": N_("Betting on the race is closed."),
    "scratched": N_("The runner is a non-runner; its bets are refunded at the result."),
    "provisional": N_("The provisional result is published."),
    "proposed": N_("The official result waits for a second operator to confirm it."),
    "confirmed": N_("The result is official: every bet is settled."),
    "rejected": N_("The official result was rejected: the result stays provisional."),
    "abandoned": N_("The race is abandoned: every bet on it is refunded."),
    "disabled": N_("The terminal is disabled: its requests are refused from now on."),
    "logged_out": N_("You are logged out."),
    "operator_created": N_("The operator is registered: they can log in now."),
    "operator_disabled": N_("The operator is disabled: their sessions have ended."),
    "operator_enabled": N_("The operator can log in again."),
    "operator_unlocked": N_("The name is unlocked: its operator can try again."),
    "password_changed": N_("Your password is changed; your other sessions have ended."),
}


def done(path: str, what: str) -> RedirectResponse:
    """After a post that worked: the page again, by GET, saying what was done."""
    assert what in DONE
    return RedirectResponse(f"{path}?done={what}", status_code=303)


def to_login(request: Request, page: str = "/console/login") -> RedirectResponse:
    """To the login form (or ``page``), then back to the page asked for."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{page}?next={quote(back, safe='/')}", status_code=303)


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class ConsoleRoute(APIRoute):
    """A console route answers in HTML, whatever goes wrong: to the login form without a
    session, and the error's page (in the catalogue's words, with its status) otherwise."""

    def get_route_handler(self) -> Handler:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await inner(request)
            except LoginNeeded:
                return to_login(request)
            except PasswordChangeNeeded:
                return to_login(request, "/console/password")
            except ServerError as err:
                if err.status >= 500:
                    log.error("console %s %s: %s", request.method, request.url.path, err.detail)
                try:
                    session = await current_session(request)
                except ServerError:
                    session = None
                return render(request, "problem.html", session, status=err.status, problem=err)

        return handler
