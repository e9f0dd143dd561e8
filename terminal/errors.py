"""Errors of the terminal core, and the one sentence the operator reads for each.

Foreign errors are translated where they enter: httpx's at the server client, sqlite3's at the
store, the drivers' at the printing use case, pari's at the sale. Screens show
``user_message(err)`` and nothing else::

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


class TerminalError(Exception):
    def __init__(self, detail: str, *, code: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or type(self).__name__.lower()


class Offline(TerminalError):
    pass


class Refused(TerminalError):
    def __init__(self, detail: str, *, code: str = "", status: int = 0) -> None:
        super().__init__(detail, code=code)
        self.status = status


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


def user_message(err: Exception) -> str:
    """What the screen says: our detail, or a plain sentence for anything unforeseen."""
    if isinstance(err, Offline):
        return f"Server unreachable: {err.detail}"
    if isinstance(err, TerminalError):
        return err.detail
    return "Unexpected error: the operation was not completed. Call support if it persists."
