"""Long work off the Qt thread, its result back on it.

One worker thread runs the operations in the order they were asked (the terminal does one
thing at a time, as a clerk does); the callback runs on the Qt thread through a queued signal.
``idle`` is emitted whenever the queue empties, which is what tests wait on.

Waiting for the server's answer to a sale already paid and queued (``answer``) runs on a
second thread of its own: while a stalled server keeps one sale waiting for seconds, the next
sale is still taken, and acknowledged, at once.

Reads whose latest answer is all that matters (the programme after a burst of race events,
a race's odds) go through ``run_latest``: one such read waiting in the queue serves every
request made before it starts, so a burst of 25 race changes costs one or two reads and
redraws, not 25 (the screen would otherwise freeze while they pile up).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Outcome:
    """What crosses threads: one plain object carrying the callbacks and the result, so the
    signal's payload is always an instance of ours whatever the operation returned."""

    __slots__ = ("error", "on_done", "on_error", "result")

    def __init__(self, on_done: Done, on_error: Failed, result: Any, error: Any) -> None:
        self.on_done, self.on_error, self.result, self.error = on_done, on_error, result, error


class Tasks(QObject):
    _finished = Signal(object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ui-task")
        self._answers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ui-answer")
        self._pending = 0
        self._closed = False
        self._waiting: set[str] = set()  # run_latest keys queued and not yet started
        self._lock = threading.Lock()
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self._start(self._pool, work, on_done, on_error)

    def answer(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        """``run``, on the thread that waits for the server's answers (in order)."""
        self._start(self._answers, work, on_done, on_error)

    def _start(
        self, pool: ThreadPoolExecutor, work: Callable[[], Any], on_done: Done, on_error: Failed
    ) -> None:
        if self._closed:  # the app is closing: a late timer's request has nowhere to go
            return
        self._pending += 1
        future = pool.submit(work)
        future.add_done_callback(lambda f: self._report(f, on_done, on_error))

    def run_latest(
        self, key: str, work: Callable[[], Any], on_done: Done, on_error: Failed
    ) -> None:
        """``run``, unless a read of ``key`` is already queued and not started: that one will
        read the state as it is then, which is what this request wanted."""
        with self._lock:
            if key in self._waiting:
                return
            self._waiting.add(key)

        def started() -> Any:
            with self._lock:
                self._waiting.discard(key)
            return work()

        self.run(started, on_done, on_error)

    def _report(self, future: Future[Any], on_done: Done, on_error: Failed) -> None:
        error = future.exception()
        result = None if error is not None else future.result()
        self._finished.emit(_Outcome(on_done, on_error, result, error))

    def _deliver(self, outcome: _Outcome) -> None:
        self._pending -= 1
        if outcome.error is None:
            outcome.on_done(outcome.result)
        else:
            outcome.on_error(outcome.error)
        if not self._pending:
            self.idle.emit()

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._answers.shutdown(wait=True, cancel_futures=True)
