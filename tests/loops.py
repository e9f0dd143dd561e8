"""Coroutines of a test run to completion on a thread of their own.

The console's tests keep Playwright's sync API open for the whole session
(``tests/backend/console/conftest.py``), and it keeps an event loop running in the main
thread: ``asyncio.run`` there refuses to start ("cannot be called from a running event
loop"), so a test that ran alone failed in the whole suite. A thread has no loop running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(main: Coroutine[Any, Any, T], timeout: float = 120) -> T:
    with ThreadPoolExecutor(1, thread_name_prefix="test-loop") as thread:
        return thread.submit(asyncio.run, main).result(timeout=timeout)
