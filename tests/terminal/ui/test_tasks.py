"""The background-task helper: work off the Qt thread, results back on it, and reads of the
latest state coalesced (a burst of race events must not pile up reloads on the screen)."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from terminal.ui.tasks import Tasks


def test_a_burst_of_reads_of_the_latest_state_runs_once_queued(qtbot: QtBot, tasks: Tasks) -> None:
    gate = threading.Event()
    reads: list[int] = []
    delivered: list[int] = []
    failures: list[Exception] = []

    def read() -> int:
        reads.append(len(reads) + 1)
        return len(reads)

    tasks.run(lambda: gate.wait(10), lambda _: None, failures.append)  # the worker is busy
    for _ in range(25):  # 25 race events while it is
        tasks.run_latest("programme", read, delivered.append, failures.append)
    tasks.run_latest("odds", read, delivered.append, failures.append)  # another key queues
    with qtbot.waitSignal(tasks.idle, timeout=10_000):
        gate.set()
    assert (reads, delivered, failures) == ([1, 2], [1, 2], [])

    started = threading.Event()
    release = threading.Event()

    def slow_read() -> int:
        started.set()
        release.wait(10)
        return read()

    with qtbot.waitSignal(tasks.idle, timeout=10_000):
        tasks.run_latest("programme", slow_read, delivered.append, failures.append)
        assert started.wait(10)
        # asked while the first read runs: it may have read too early, so it runs again
        tasks.run_latest("programme", read, delivered.append, failures.append)
        release.set()
    assert delivered == [1, 2, 3, 4]
