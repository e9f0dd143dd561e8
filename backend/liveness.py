"""The server tells systemd it is up, and keeps telling it that it still works.

``guichet-server.service`` is ``Type=notify`` with a watchdog: the unit counts as started once
a worker's application is up (``READY=1``, from every worker: the unit has
``NotifyAccess=all``, and the first one told is enough), and is restarted when no
``WATCHDOG=1`` comes for ``WatchdogSec``. The heartbeat is sent from the event loop only after
the tote's thread has answered a no-op: a loop that turns while every bet waits on a stuck
database thread is not a server that works. A server that stopped sales on a damaged database
(``backend.store.integrity``) is kept fed: a restart would not open the file either; it says
why in its status (``systemctl status``), as ``/v1/health`` does.
"""

from __future__ import annotations

import asyncio
import logging

from backend.tote import Tote
from wire import systemd

log = logging.getLogger("guichet.server")


def ready() -> None:
    systemd.notify("READY=1\nSTATUS=taking bets")


def stopping() -> None:
    systemd.notify("STOPPING=1")


async def feed_watchdog(tote: Tote) -> None:
    """Until cancelled; returns at once outside systemd or without a watchdog."""
    period = systemd.watchdog_period()
    if period is None:
        return
    told = False
    while True:
        await asyncio.sleep(period)
        try:
            await asyncio.wait_for(asyncio.wrap_future(tote.call(lambda desk: None)), period)
        except TimeoutError:
            log.error("the tote did not answer within %.0f s: the watchdog goes unfed", period)
            continue
        damage = tote.stopped
        if damage is not None and not told:
            told = systemd.notify(f"STATUS=sales stopped: {damage.detail}")
        systemd.notify("WATCHDOG=1")
