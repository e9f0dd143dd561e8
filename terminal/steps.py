"""Named points in the terminal's workflows, reported as they are passed.

Production passes ``NO_STEPS``. The crash harness passes a ``Steps`` that kills the process
with SIGKILL at one chosen point, which is how every step of a sale, a payout and a
cancellation is proven safe to die at. Operations never branch on it.
"""

from __future__ import annotations

from typing import Protocol


class Steps(Protocol):
    def reached(self, name: str) -> None: ...


class NoSteps:
    def reached(self, name: str) -> None:
        return None


NO_STEPS = NoSteps()

# Every step the crash harness can stop at, in the order a sale, a cancellation and a payout
# pass them (the drain's steps are passed by all three).
SALE = (
    "sale.priced",
    "sale.enqueued",
    "drain.answered",
    "drain.recorded",
    "print.started",
    "print.sent",
    "sale.done",
)
CANCEL = ("cancel.requested", "drain.answered", "drain.recorded", "cancel.done")
PAYOUT = ("payout.checked", "payout.requested", "drain.answered", "drain.recorded", "payout.done")
