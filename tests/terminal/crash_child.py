"""The terminal core as a separate process, for the crash harness (``test_crash.py``).

Each run first recovers, as the app does when it starts after a crash: a ticket caught
mid-print is left FAILED, the outbox is drained, and accepted tickets without paper are
printed (the clerk's reprint). Then it does one action, and may be killed by SIGKILL at a
named step (``--kill-at STEP``) — or from outside at any moment. It prints one JSON line
with what it did, if it lives that long.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from drivers.printer.driver import TicketPrinter
from terminal.app import TerminalSettings, open_terminal
from terminal.errors import TerminalError
from terminal.operations import printing
from terminal.operations.cancel import cancel
from terminal.operations.desk import Desk
from terminal.operations.payout import pay
from terminal.operations.reprint import reprint
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import open_shift


class KillAt:
    def __init__(self, name: str) -> None:
        self.name = name

    def reached(self, name: str) -> None:
        if name == self.name:
            os.kill(os.getpid(), signal.SIGKILL)


class NoKill:
    def reached(self, name: str) -> None:
        return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--server", required=True)
    parser.add_argument("--terminal", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--printer", required=True)
    parser.add_argument("--now", required=True, help="the server's (test) time at start")
    parser.add_argument("--kill-at", default="")
    parser.add_argument("action", choices=["recover", "sell", "cancel", "pay"])
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()

    start, started = datetime.fromisoformat(options.now), time.monotonic()
    printer = TicketPrinter("printer", options.printer, reconnect_interval=0.1)
    printer.start()
    printer.check_health(timeout=5)
    terminal = open_terminal(
        TerminalSettings(
            options.store,
            options.server,
            options.terminal,
            bytes.fromhex(options.secret),
            name="CRASH",
            timeout=5,
        ),
        printer=printer,
        local_clock=lambda: start + timedelta(seconds=time.monotonic() - started),
    )
    desk = terminal.desk
    terminal.feed.resync()
    if desk.store.one("SELECT id FROM shift WHERE closed_at IS NULL") is None:
        open_shift(desk, 10_000)
    desk.drain.until_empty()
    for tid in printing.awaiting_print(desk):
        reprint(desk, tid)
    desk.steps = KillAt(options.kill_at) if options.kill_at else NoKill()
    desk.drain.steps = desk.steps
    result: dict[str, object] = {"action": options.action}
    try:
        if options.action == "sell":
            race_id, runner = options.args[0], int(options.args[1])
            sale = sell(desk, Draft(race_id, "SIMPLE_GAGNANT", (runner,)))
            barcode = _barcode(desk, sale.transaction_id)
            result.update(
                status=sale.status,
                transaction_id=sale.transaction_id,
                ticket=sale.ticket_number,
                barcode=barcode,
            )
        elif options.action == "cancel":
            result.update(status=cancel(desk, options.args[0]).status)
        elif options.action == "pay":
            paid = pay(desk, options.args[0])
            result.update(status="PAID", amount=paid.amount)
    except TerminalError as err:
        result.update(error=err.code, detail=err.detail)
    desk.steps = NoKill()
    terminal.close()
    printer.close()
    sys.stdout.write(json.dumps(result) + "\n")


def _barcode(desk: Desk, tid: str) -> str | None:
    row = desk.store.one("SELECT barcode FROM bet WHERE transaction_id = ?", (tid,))
    return None if row is None else str(row[0])


if __name__ == "__main__":
    main()
