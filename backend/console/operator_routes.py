"""The administrator's page of operators: who works the console, in which role; register one
(the password typed twice, as the command line asks it), disable or enable one (their
sessions end at once), unlock a name some places must wait for after wrong passwords, reset a
forgotten password. Every change is journaled with the administrator's name
(``backend.operators``, ``backend.operator_passwords``).

A reset shows a one-time password once, on the page that answers it (no page of the console is
cached, and the server keeps only its hash): the operator logs in with it and chooses their
own before anything else. Passwords are hashed on the password pool, never on the tote's
thread.

Disabling and resetting ask first, on a page that says what it will do, as scratching a
runner and disabling a terminal do (the same ``confirmed`` field): each logs a colleague out in
the middle of their work. What would refuse it (one's own account, a name that is not there,
one already disabled) is said at once, not after the question."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from backend.api.common import context_of, on_store
from backend.console.guard import posted, signed_in
from backend.console.pages import ConsoleRoute, done, render
from backend.errors import Conflict, NotFound, ServerError
from backend.operator_passwords import check_new_password, reset_password
from backend.operators import ROLES, Account, accounts, change_account, create_operator
from backend.passwords import one_time_password
from backend.sessions import Session

DONE_BY_CHANGE = {
    "disable": "operator_disabled",
    "enable": "operator_enabled",
    "unlock": "operator_unlocked",
}


def routes() -> APIRouter:
    router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

    @router.get("/operators")
    async def operators(request: Request) -> Response:
        session = await signed_in(request, "operators")
        return await page(request, session)

    @router.post("/operators")
    async def register(request: Request) -> Response:
        session, form = await posted(request, "operators")
        name, role = form.get("name", "").strip(), form.get("role", "")
        try:
            password, by = form.get("password", ""), session.operator.name
            check_new_password(password, form.get("again", ""))
            hashed = await context_of(request).passwords.hash(password)
            await on_store(
                request,
                lambda store, now: create_operator(store, name, role, password, now, by, hashed),
            )
        except ServerError as err:
            if err.status >= 500:
                raise
            return await page(request, session, problem=err, name=name)
        return done("/console/operators", "operator_created")

    @router.post("/operators/{name}/{change}")
    async def change(request: Request, name: str, change: str) -> Response:
        session, form = await posted(request, "operators")
        by = session.operator.name
        try:
            if change == "reset":
                return await _reset(request, session, name, form.get("confirmed") == "yes")
            if change == "disable" and form.get("confirmed") != "yes":
                account = await _to_disable(request, name, by)
                return render(
                    request,
                    "confirm_disable.html",
                    session,
                    kind="operator",
                    name=account.name,
                    role=account.role,
                )
            await on_store(request, lambda store, now: change_account(store, name, change, now, by))
        except ServerError as err:
            if err.status >= 500:
                raise
            return await page(request, session, problem=err)
        return done("/console/operators", DONE_BY_CHANGE[change])

    return router


async def _reset(request: Request, session: Session, name: str, confirmed: bool) -> Response:
    """Asked first; then a one-time password, shown on this answer only."""
    by = session.operator.name
    if name == by:
        raise Conflict(f"{by} changes their own password on the password page", code="own_password")
    account = await _account(request, name)
    if not confirmed:
        return render(request, "confirm_reset.html", session, name=account.name, role=account.role)
    password = one_time_password()
    hashed = await context_of(request).passwords.hash(password)
    await on_store(request, lambda store, now: reset_password(store, name, hashed, now, by))
    return render(request, "password_reset.html", session, name=account.name, password=password)


async def _account(request: Request, name: str) -> Account:
    listed = await on_store(request, accounts)
    account = next((a for a in listed if a.name == name), None)
    if account is None:
        raise NotFound(f"there is no operator {name[:40]!r}", code="unknown_operator")
    return account


async def _to_disable(request: Request, name: str, by: str) -> Account:
    """The account an administrator asks to disable, if it may be: refused at once otherwise,
    with ``change_account``'s own reasons."""
    if name == by:
        raise Conflict(f"{by} cannot disable their own account", code="own_account")
    account = await _account(request, name)
    if account.disabled:
        raise Conflict(f"{name} is already disabled", code="operator_already_disabled")
    return account


async def page(
    request: Request, session: Session, *, problem: ServerError | None = None, name: str = ""
) -> Response:
    listed = await on_store(request, accounts)
    now = context_of(request).clock().isoformat()
    return render(
        request,
        "operators.html",
        session,
        accounts=listed,
        roles=ROLES,
        now=now,
        problem=problem,
        status=200 if problem is None else problem.status,
        name=name,
    )
