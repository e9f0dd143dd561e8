"""``make bench`` (terminal app): launch to the first usable screen, and the event loop's
longest stall while a clerk sells as fast as they can type with the odds streaming.

Everything is real: the server as its own process with today's demo programme, the
simulated racecourse as another (bettors moving the odds at ``BENCH_UI_BETS_PER_S``), the
emulated printer and scanner on pseudo-terminals, the terminal's store on disk.

1. Launch: ``guichet-terminal --config ...`` as installed, timed from ``exec`` until it tells
   the service manager ``READY=1`` (the sd_notify datagram a kiosk's systemd unit waits for:
   window painted, programme and odds loaded from the store). The first launch creates the
   store; the following ones find it. Then SIGTERM, as ``systemctl stop`` sends: the exit
   status is reported too. Target (issue 6): <= 1.5 s.
2. Stall: the counter window in this process, a 5 ms timer on its event loop; the longest
   gap between two ticks beyond 5 ms is the longest the clerk's screen froze. Sales are typed
   key by key (each key reprices the entry on the Qt thread), sold with Enter, printed, then
   the next one; then a kiosk, a bettor tapping through six screens a bet as fast as the
   screens come, paying with notes fed into the emulated acceptor. Target (issue 6): <= 50 ms.
   Meanwhile a race office scratches a runner every ``BENCH_UI_SCRATCH_S`` seconds and
   closes a race halfway (races no one in the session bets on): each is a race event on the
   live stream that the terminal applies and its screens redraw (issue 14).
3. A stalled server: the server process stopped (SIGSTOP) while the clerk sells
   ``BENCH_UI_STALLED`` bets in a row; the time from Enter to the screen's "bet recorded" for
   each (paid and queued: the ticket prints once the server answers). Target (issue 24):
   <= 200 ms. Then the server resumes (SIGCONT) and every ticket prints.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from scripts.stage import ADMIN, Stage, launch, stage
from terminal.config import load_config
from terminal.store.programme import CachedRace
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import App, build
from terminal.ui.tasks import Tasks

LAUNCHES = int(os.environ.get("BENCH_UI_LAUNCHES", "5"))
SALES = int(os.environ.get("BENCH_UI_SALES", "300"))
KIOSK_SALES = int(os.environ.get("BENCH_UI_KIOSK_SALES", "40"))
BETS_PER_S = float(os.environ.get("BENCH_UI_BETS_PER_S", "40"))
SCRATCH_S = float(os.environ.get("BENCH_UI_SCRATCH_S", "1"))
STALLED = int(os.environ.get("BENCH_UI_STALLED", "5"))
TICK_MS = 5
ENTRIES = [
    "1 1 SG 4 X3",
    "1 4 QP 4 7 12 1 9 X2",
    "2 3 CG 3 5",
    "1 2 TR 1 2 3 4",
    "3 5 SP 6",
    "1 4 QP 3 8 2 11 5 6",
]


def wait_idle(tasks: Tasks, timeout_ms: int = 20_000) -> None:
    if not tasks.busy:
        return
    loop = QEventLoop()
    tasks.idle.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    tasks.idle.disconnect(loop.quit)


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


class StallMeter:
    """The longest gap between ticks of a timer on the event loop, beyond its period."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self.last = 0
        self.elapsed = 0.0

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.timer.start(TICK_MS)

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append(max(0.0, (now - self.last) / 1e6 - TICK_MS))
        self.last = now

    def stop(self) -> None:
        self.timer.stop()
        self.elapsed = self.clock.elapsed() / 1000

    def report(self, what: str, printed: int) -> str:
        gaps = sorted(self.gaps)
        worst = gaps[-1]
        return (
            f"{what} in {self.elapsed:.1f} s, {printed} tickets printed\n"
            f"    event-loop stall: p50 {gaps[len(gaps) // 2]:.1f} ms, "
            f"p99 {gaps[int(len(gaps) * 0.99)]:.1f} ms, longest {worst:.1f} ms over "
            f"{len(gaps):,} ticks   target <= 50 ms   {'OK' if worst <= 50 else 'MISSED'}"
        )


@contextmanager
def measured() -> Iterator[StallMeter]:
    meter = StallMeter()
    meter.start()
    try:
        yield meter
    finally:
        meter.stop()


def counter_session(app: App, where: Stage, office: RaceOffice) -> tuple[int, str]:
    """A clerk types each sale key by key (each key reprices) and sells it with Enter."""
    window = app.window
    assert isinstance(window, CounterWindow)
    window.open_shift()
    wait_idle(app.tasks)
    pause(3000)  # the feed connects, the racecourse is betting
    printed = 0
    with measured() as meter:
        office.start()
        for i in range(SALES):
            window.entry.clear()
            QTest.keyClicks(window.entry, ENTRIES[i % len(ENTRIES)])
            QTest.keyClick(window.entry, Qt.Key.Key_Return)
            wait_idle(app.tasks)
            printed += "imprimé" in window.message.text()
    report = meter.report(f"{SALES} sales typed key by key", printed)
    return printed, f"{report}\n{stalled_sales(app, where)}"


def stalled_sales(app: App, where: Stage) -> str:
    """Sales typed while the server is stopped: Enter to "recorded" on the screen, each."""
    window = app.window
    assert isinstance(window, CounterWindow)
    before = window.desk.store.one("SELECT COUNT(*) FROM bet")[0]  # type: ignore[index]
    times: list[float] = []
    os.kill(where.server.pid, signal.SIGSTOP)
    try:
        for i in range(STALLED):
            window.entry.clear()
            QTest.keyClicks(window.entry, ENTRIES[i % len(ENTRIES)])
            clock = QElapsedTimer()
            clock.start()
            QTest.keyClick(window.entry, Qt.Key.Key_Return)
            while "enregistré" not in window.message.text() and clock.elapsed() < 10_000:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 1)
            times.append(clock.nsecsElapsed() / 1e6)
    finally:
        os.kill(where.server.pid, signal.SIGCONT)
    unprinted = "SELECT COUNT(*) FROM bet WHERE print_state != 'PRINTED' AND rowid > ?"
    deadline = time.monotonic() + 120
    while (left := window.desk.store.one(unprinted, (before,))[0]) and (  # type: ignore[index]
        time.monotonic() < deadline
    ):
        pause(100)
    worst = max(times)
    return (
        f'    {STALLED} sales while the server is stopped: Enter to "recorded" median '
        f"{statistics.median(times):.0f} ms, worst {worst:.0f} ms   target <= 200 ms   "
        f"{'OK' if worst <= 200 else 'MISSED'}; after it resumed, "
        f"{STALLED - left} of {STALLED} tickets printed"
    )


def tap(window: QWidget, name: str) -> None:
    """Touch the button with this object name as soon as it is on screen, then let the event
    loop turn: each touch is its own event, as a finger's are (six taps run back to back in
    one turn would be measured as one stall of six screens)."""
    for _ in range(2000):
        shown = [
            b
            for b in window.findChildren(QPushButton)
            if b.objectName() == name and b.isVisible() and b.isEnabled()
        ]
        if shown:
            shown[0].click()
            pause(0)
            return
        pause(5)
    raise RuntimeError(f"no {name!r} on screen")


def kiosk_session(app: App, where: Stage, office: RaceOffice) -> tuple[int, str]:
    """A bettor at the kiosk, as fast as a finger: race, type, runner, stake, pay, again.
    Notes go into the emulated acceptor whenever the credit runs low."""
    window = app.window
    assert isinstance(window, KioskWindow)
    acceptor, journey = window.acceptor, window.journey
    for _ in range(2000):
        if not journey.blocked_because and journey.races and acceptor and acceptor.accepting:
            break
        pause(5)
    pause(3000)
    race_id = sorted(journey.races)[0]
    race = journey.races[race_id]
    printed = 0
    with measured() as meter:
        office.start()
        tap(window, "start")
        tap(window, "adult")
        for i in range(KIOSK_SALES):
            if journey.balance < 1000:
                before = journey.balance
                said = where.rig.command({"cmd": "insert", "amount": 5000})["result"]
                for _ in range(2000):
                    if journey.balance != before:
                        break
                    pause(5)
                else:
                    raise RuntimeError(f"the note was not taken: {said}; {journey.blocked_because}")
            tap(window, f"race-{race_id.split('/')[-1]}")
            tap(window, "type-SIMPLE_GAGNANT")
            runner = race.runners[i % len(race.runners)]
            tap(window, f"runner-{runner['number']}")
            tap(window, "next")
            tap(window, "next")
            tap(window, "pay")
            wait_idle(app.tasks)
            printed += window.current == "done"
            tap(window, "again")
    return printed, meter.report(f"{KIOSK_SALES} bets tapped through six screens each", printed)


class RaceOffice:
    """Race changes during a session, by the admin API as an operator makes them: a runner
    scratched every ``SCRATCH_S`` seconds in one race, then, halfway, another race closed."""

    def __init__(self, url: str, scratch_in: str, close: str, runners: list[int]) -> None:
        self.url, self.scratch_in, self.close_race = url, scratch_in, close
        self.runners = runners
        self.scratched = 0
        self.closed = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="race-office", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        started = time.monotonic()
        with httpx.Client(
            base_url=self.url, timeout=5, headers={"Authorization": f"Bearer {ADMIN}"}
        ) as admin:
            while not self._stop.wait(SCRATCH_S):
                if self.runners[self.scratched :]:
                    runner = self.runners[self.scratched]
                    admin.post(
                        f"/v1/admin/races/{self.scratch_in}/scratch", json={"runner": runner}
                    ).raise_for_status()
                    self.scratched += 1
                if not self.closed and time.monotonic() - started > 1.5 * SCRATCH_S:
                    admin.post(f"/v1/admin/races/{self.close_race}/close").raise_for_status()
                    self.closed = True


def races_of(window: CounterWindow | KioskWindow) -> dict[str, CachedRace]:
    return window.journey.races if isinstance(window, KioskWindow) else window.races


def race_office_for(app: App, where: Stage) -> RaceOffice:
    """Two races the session does not bet on: the counter's entries and the kiosk's first
    race are left alone; runners scratched from the last, keeping three to run."""
    window = app.window
    assert isinstance(window, CounterWindow | KioskWindow)
    for _ in range(2000):  # today's programme from the server, not the store's from before
        if app.terminal.feed.resyncs and len(races_of(window)) > len(ENTRIES) + 2:
            break
        pause(5)
    window.reload_programme()
    wait_idle(app.tasks)
    races = races_of(window)
    busy = {f"R{e.split()[0]}C{e.split()[1]}" for e in ENTRIES} | {sorted(races)[0]}
    now = window.desk.clock()
    free = [
        r
        for r in sorted(races)
        if r.split("/")[-1] not in busy and r not in busy and races[r].takes_bets(now)
    ]
    scratch_in, close = free[-1], free[-2]
    race = races[scratch_in]
    numbers = [r["number"] for r in race.runners if r["number"] not in race.field.scratched]
    return RaceOffice(where.url, scratch_in, close, numbers[3:])


def stalls(
    where: Stage, mode: str, session: Callable[[App, Stage, RaceOffice], tuple[int, str]]
) -> None:
    qt = QApplication.instance() or QApplication([])
    course = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.racecourse",
            "--url",
            where.url,
            "--no-office",
            "--rate",
            str(BETS_PER_S),
        ],
        env={**os.environ, "GUICHET_ADMIN_TOKEN": ADMIN},
        stderr=subprocess.DEVNULL,
    )
    app = build(load_config(where.configs[mode]))
    odds_seen = 0

    def count(_race: str) -> None:
        nonlocal odds_seen
        odds_seen += 1

    app.bridge.odds_changed.connect(count)
    office: RaceOffice | None = None
    try:
        app.start()
        app.window.show()
        wait_idle(app.tasks)
        office = race_office_for(app, where)
        _printed, report = session(app, where, office)
    finally:
        if office is not None:
            office.stop()
        app.close()
        course.send_signal(signal.SIGTERM)
        course.wait(timeout=30)
    what, _, stall = report.partition("\n")
    changes = (
        ""
        if office is None
        else (
            f"; meanwhile {office.scratched} runners scratched in {office.scratch_in} and "
            f"{office.close_race} {'closed' if office.closed else 'left open'}"
        )
    )
    print(
        f"  {mode}: {what}; {odds_seen} odds and race updates received, the racecourse "
        f"betting {BETS_PER_S:.0f} bets/s{changes}\n{stall}"
    )
    del qt


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with stage(folder / "stage") as where:
            print("  launch to first usable screen (READY=1), then SIGTERM:")
            for mode in ("counter", "kiosk"):
                runs = [launch(where.configs[mode], folder) for _ in range(LAUNCHES)]
                warm = [r.ready * 1000 for r in runs[1:]] or [runs[0].ready * 1000]
                worst = max(r.ready for r in runs) * 1000
                exits = sorted({r.status for r in runs})
                first = runs[0].ready * 1000
                print(
                    f"    {mode:>7}: first (new store) {first:.0f} ms, then median "
                    f"{statistics.median(warm):.0f} ms, worst {worst:.0f} ms   target <= 1,500 ms"
                    f"   {'OK' if worst <= 1500 else 'MISSED'};  exit status {exits}"
                    + (f" ({runs[-1].said[-300:]})" if exits != [0] else "")
                )
            stalls(where, "counter", counter_session)
            stalls(where, "kiosk", kiosk_session)


if __name__ == "__main__":
    main()
