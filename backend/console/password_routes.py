"""The operator's own password: a page of the console, for every role (``/console/password``).

The current password, then the new one twice. It is also where an operator whose password an
administrator reset is sent after logging in, before any other page (``guard.signed_in``), and
from where they go on to the page they asked for. Both passwords are checked and hashed on the
password pool (``backend.passwords``), never on the tote's thread; a wrong current password is
counted as a wrong login is, so the form cannot be used to guess it faster.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from backend.api.common import context_of, on_store
from backend.console.guard import (
    SESSION_COOKIE,
    LoginNeeded,
    client_address,
    current_session,
    form_of,
    same_site,
)
from backend.console.login_routes import back_to
from backend.console.pages import ConsoleRoute, render
from backend.errors import Forbidden, ServerError
from backend.operator_passwords import change_password, check_new_password, password_hash
from backend.sessions import Session
from backend.store import Store


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/password")
    async def password_form(request: Request, next: str = "") -> Response:
        session = await current_session(request)
        if session is None:
            raise LoginNeeded
        return _page(request, session, back_to(next))

    @router.post("/password")
    async def change(request: Request) -> Response:
        same_site(request)
        session = await current_session(request)
        if session is None:
            raise LoginNeeded
        form = await form_of(request)
        if not session.checks(form.get("csrf", "")):
            raise Forbidden("a form without this session's CSRF token", code="csrf")
        back = back_to(form.get("next", ""))
        current, new = form.get("current", ""), form.get("password", "")
        try:
            check_new_password(new, form.get("again", ""), current)
            await _change(request, session, current, new)
        except ServerError as err:
            if err.status >= 500:
                raise
            return _page(request, session, back, problem=err)
        return RedirectResponse(
            f"{back}{'&' if '?' in back else '?'}done=password_changed", status_code=303
        )

    return router


async def _change(request: Request, session: Session, current: str, new: str) -> None:
    """Check the current password and hash the new one on the password pool; record there."""
    context = context_of(request)
    name, address = session.operator.name, client_address(request)
    keep = request.cookies.get(SESSION_COOKIE, "")
    context.logins.take(address, context.clock())
    async with context.passwords.slot():
        checked = await on_store(request, lambda store, _: password_hash(store, name))
        verdict = await context.passwords.verify(checked, current)
        new_hash = await context.passwords.hash(new) if verdict.matched else ""

        def record(store: Store, now: datetime) -> None:
            change_password(store, name, address, checked, verdict, new_hash, now, keep)

        await on_store(request, record)


def _page(
    request: Request, session: Session, back: str, *, problem: ServerError | None = None
) -> Response:
    status = 200 if problem is None else problem.status
    answer = render(request, "password.html", session, status=status, problem=problem, back=back)
    seconds = problem.params.get("seconds") if problem is not None else None
    if seconds is not None:
        answer.headers["Retry-After"] = str(seconds)
    return answer
