"""Errors of the central server, each with a stable code and the HTTP status it maps to.

The API turns every one into an ``application/problem+json`` body (``code``, ``title``,
``detail``, and ``params``: the facts a terminal needs to say it in its bettor's language —
which runner, which race, since when); ``detail`` is for developers and logs. Foreign errors
are translated here, at the boundary: a ``pari.SelectionError`` becomes ``InvalidBet`` with
pari's own code and params::

    ServerError
    ├── NotFound               no such race, bet, ticket or terminal (404)
    ├── InvalidRequest         a body or a programme that does not follow its format (422)
    │   └── InvalidBet             a bet that breaks a betting rule (pari's code kept) (422)
    ├── Conflict               the request contradicts the record (409)
    │   ├── IdempotencyConflict    a transaction id reused with a different body
    │   ├── BettingClosed          the race is not open for bets (the server's clock decides)
    │   ├── WrongRaceState         a lifecycle step out of order (result before the close, …)
    │   ├── CannotCancel           not the selling terminal, too late, or the race closed
    │   └── NumbersExhausted       the day's ticket (or voucher) numbers are all used
    ├── TooLarge               a body larger than the endpoint takes, refused unread (413)
    ├── Unauthorized           missing or bad credentials, signature, timestamp or nonce (401)
    ├── Forbidden              the console: not this operator's role, or a form without its
    │                          CSRF token or from another site (403)
    └── TooManyRequests        the console: too many logins from one address, or too many
                               password checks waiting; ``seconds`` says when to retry (429)
"""

from __future__ import annotations


class ServerError(Exception):
    code = "server_error"
    status = 500

    def __init__(self, detail: str, *, code: str | None = None, **params: int | str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.params = params
        if code is not None:
            self.code = code


class NotFound(ServerError):
    code = "not_found"
    status = 404


class InvalidRequest(ServerError):
    code = "invalid_request"
    status = 422


class InvalidBet(InvalidRequest):
    code = "invalid_bet"


class Conflict(ServerError):
    code = "conflict"
    status = 409


class IdempotencyConflict(Conflict):
    code = "idempotency_conflict"


class BettingClosed(Conflict):
    code = "betting_closed"


class WrongRaceState(Conflict):
    code = "wrong_race_state"


class CannotCancel(Conflict):
    code = "cannot_cancel"


class NumbersExhausted(Conflict):
    code = "numbers_exhausted"


class TooLarge(ServerError):
    code = "too_large"
    status = 413


class Unauthorized(ServerError):
    code = "unauthorized"
    status = 401


class Forbidden(ServerError):
    code = "forbidden"
    status = 403


class TooManyRequests(ServerError):
    code = "too_many_requests"
    status = 429


def rebuild(code: str, status: int, detail: str) -> ServerError:
    """The error a recorded refusal was, to answer its replay exactly as the first time.

    Our codes name their class; pari's codes (``unknown_runner``, …) came as ``InvalidBet``.
    """
    classes: dict[str, type[ServerError]] = {}
    pending: list[type[ServerError]] = [ServerError]
    while pending:
        kind = pending.pop()
        classes[kind.code] = kind
        pending.extend(kind.__subclasses__())
    kind = classes.get(code) or {404: NotFound, 409: Conflict, 401: Unauthorized}.get(
        status, InvalidBet
    )
    return kind(detail, code=code)
