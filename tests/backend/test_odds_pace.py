"""Each race's odds at most once an interval, and at once when due (``backend.odds``):
a bet on a quiet race is not held to a round every interval for every race."""

from __future__ import annotations

from backend.odds import OddsPace


class Ticking:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_race_is_due_at_once_then_once_an_interval() -> None:
    clock = Ticking()
    pace = OddsPace(0.5, clock)
    assert pace.due("R1C1")  # never published: at once
    pace.published(["R1C1"])
    clock.now += 0.1
    assert not pace.due("R1C1")  # published a tick ago
    assert pace.due("R1C2")  # another race is its own
    clock.now += 0.4
    assert pace.due("R1C1")
