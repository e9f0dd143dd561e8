"""Errors of the terminal core, and the one sentence the operator reads for each.

Foreign errors are translated where they enter: httpx's at the server client, sqlite3's at the
store, the drivers' at the printing use case, pari's at the sale. Each carries a stable ``code``
and the facts a person needs in ``params``; ``detail`` is for developers and logs. Screens and
tickets show ``Words.problem(err)`` (``catalogue``) and nothing else::

    TerminalError
    ├── Offline              the server could not be reached, or did not answer in time
    ├── Refused              the server answered no (its code and detail are kept)
    ├── SaleProblem          a bet that cannot be sold here: closed race, bad selection, …
    ├── PaymentProblem       not enough credit, an unknown or spent voucher, …
    ├── ShiftProblem         no shift open, one already open, …
    ├── NotFound             no such ticket, bet or voucher on this terminal
    └── PrintProblem         the ticket printer failed; the bet is safe, reprint or cancel
"""

from __future__ import annotations

import json
from typing import Any

Param = int | str


class TerminalError(Exception):
    def __init__(self, detail: str, *, code: str = "", **params: Param) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or type(self).__name__.lower()
        self.params = params


class Offline(TerminalError):
    pass


class Refused(TerminalError):
    def __init__(
        self, detail: str, *, code: str = "", http_status: int = 0, **params: Param
    ) -> None:
        super().__init__(detail, code=code, **params)
        self.http_status = http_status

    def record(self) -> str:
        """The refusal as the store keeps it, to say it again later in any language."""
        return json.dumps({"code": self.code, "detail": self.detail, "params": self.params})

    @classmethod
    def from_problem(cls, problem: dict[str, Any]) -> Refused:
        """The server's problem+json (or a batch result's problem)."""
        params = problem.get("params")
        kept = {
            str(k): v
            for k, v in (params.items() if isinstance(params, dict) else ())
            if isinstance(v, int | str) and not isinstance(v, bool)
        }
        return cls(
            str(problem.get("detail", "")),
            code=str(problem.get("code", "")),
            http_status=int(problem.get("http_status") or 0),
            **kept,
        )

    @classmethod
    def recorded(cls, text: str | None) -> Refused | None:
        """Back from the store; a row from before refusals were kept whole is its detail."""
        if not text:
            return None
        try:
            problem = json.loads(text)
        except ValueError:
            problem = None
        if not isinstance(problem, dict):
            code, _, detail = text.partition(": ")
            return cls(detail or text, code=code if detail else "refused")
        return cls.from_problem(problem)


class SaleProblem(TerminalError):
    pass


class PaymentProblem(TerminalError):
    pass


class ShiftProblem(TerminalError):
    pass


class NotFound(TerminalError):
    pass


class PrintProblem(TerminalError):
    pass
