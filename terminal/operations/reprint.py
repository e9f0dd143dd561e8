"""Reprinting a ticket: the first print after a failure, or a DUPLICATA of a printed one."""

from __future__ import annotations

from terminal.operations.cancel import find
from terminal.operations.desk import Desk
from terminal.operations.printing import PRINTED, print_ticket
from terminal.store import bets


def reprint(desk: Desk, ticket_or_transaction: str) -> bool:
    """Print the ticket again; True if it was a duplicate (the original is on paper)."""
    tid = find(desk, ticket_or_transaction)
    row = bets.read(desk.store, tid)
    duplicate = row is not None and row["print_state"] == PRINTED
    print_ticket(desk, tid, duplicate=duplicate)
    return duplicate
