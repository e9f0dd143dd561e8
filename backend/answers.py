"""How the tote answers whoever asked for bets: a thread blocked on a ``concurrent.futures``
Future, or the server's event loop awaiting an ``asyncio`` Future.

Why two: a concurrent Future costs a lock and a condition to make, its result reaches the
loop through ``asyncio.wrap_future`` (a second future, a callback, a wake-up of the loop per
bet), and at the server's ceiling that plumbing was a fifth of the event loop's time
(issue 28). The loop's bets are answered instead with one ``call_soon_threadsafe`` per loop
and commit, which settles every future of that commit at once: one wake-up for hundreds of
bets. Threads (tests, tools) keep their concurrent Futures.
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class ThreadAnswer:
    future: Future[Any]

    def wanted(self) -> bool:
        """Not given up on by its caller (and now running: it can no longer be cancelled)."""
        return self.future.set_running_or_notify_cancel()


@dataclass(slots=True)
class LoopAnswer:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]

    def wanted(self) -> bool:
        # read across threads: an answer given up on a moment later only settles nobody,
        # and its caller's retry is idempotent
        return not self.future.done()


Answer = ThreadAnswer | LoopAnswer


def deliver(answers: list[tuple[Answer, Any]]) -> None:
    """Each answer its value (an exception is raised to its caller): threads' at once, each
    loop's in one call on that loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]] = {}
    for answer, value in answers:
        if isinstance(answer, LoopAnswer):
            by_loop.setdefault(answer.loop, []).append((answer.future, value))
        elif isinstance(value, BaseException):
            answer.future.set_exception(value)
        else:
            answer.future.set_result(value)
    for loop, settled in by_loop.items():
        # a closed loop raises: its server stopped, nobody waits any more
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, settled)


def _settle(settled: list[tuple[asyncio.Future[Any], Any]]) -> None:
    """On the loop: every future of one commit."""
    for future, value in settled:
        if future.done():
            continue  # its caller gave up (a deadline passed): nothing to say
        if isinstance(value, BaseException):
            future.set_exception(value)
        else:
            future.set_result(value)
