"""The app's composition root on the Qt side: the core with its devices, bridge, tasks, one
window.

``build`` wires everything and returns it unstarted, so tests and the screenshot script use
exactly what ``guichet-terminal`` runs; ``run`` starts the workers and the event loop.
"""

from __future__ import annotations

import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from drivers.bill_acceptor.driver import BillAcceptor
from terminal.app import Terminal, open_terminal
from terminal.config import TerminalConfig
from terminal.operations.desk import KIOSK
from terminal.release import superseded
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.restart import RestartBetweenBettors
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme
from wire import systemd


@dataclass
class App:
    terminal: Terminal
    bridge: DeviceBridge
    tasks: Tasks
    window: QMainWindow

    def start(self) -> None:
        """The terminal's workers and devices (``Terminal.start``), each on its own thread."""
        self.terminal.start()

    def close(self) -> None:
        self.window.close()
        self.tasks.shutdown()
        self.terminal.close()


# The Qt thread shares the interpreter with the device, feed, drain and task threads. Laying
# out a screen calls back into Python once per fitted button, and each call waits for the GIL:
# at CPython's default 5 ms switch interval a busy feed thread made a 16-runner screen wait
# up to 80 ms (measured in ``make bench``); at 1 ms the wait is bounded 5 times lower.
SWITCH_INTERVAL = 0.001


def build(config: TerminalConfig) -> App:
    sys.setswitchinterval(SWITCH_INTERVAL)
    terminal = open_terminal(config.settings)  # every configured device, by kind
    bridge = DeviceBridge()
    tasks = Tasks()
    terminal.devices.subscribe(bridge.on_device)
    terminal.feed.listeners.append(bridge.on_feed)
    terminal.spool.listeners.append(bridge.on_late)
    theme = Theme(config.high_contrast, config.large_text)
    window: QMainWindow
    if config.settings.mode == KIOSK:
        acceptor = terminal.devices.get("bill_acceptor", BillAcceptor)
        window = KioskWindow(
            terminal,
            bridge,
            tasks,
            acceptor=acceptor,
            admin_pin=config.admin_pin,
            idle_seconds=config.idle_seconds,
            theme=Theme(config.high_contrast, large_text=True),
            lang=config.language,
        )
        # a new release installed by the package: restart into it between two bettors
        RestartBetweenBettors(window, superseded)
    else:
        window = CounterWindow(terminal, bridge, tasks, lang=config.language, theme=theme)
    return App(terminal, bridge, tasks, window)


# The exit status when an administrator leaves kiosk mode with the PIN: the kiosk's systemd
# unit does not restart the app for it (RestartPreventExitStatus=3), as it does for anything else.
LEFT_KIOSK_MODE = 3


@contextmanager
def signals_end_the_loop(qt: QCoreApplication) -> Iterator[None]:
    """Ctrl-C and ``systemctl stop`` end the event loop, so ``App.close`` runs.

    Python runs its signal handlers only between bytecodes, and the Qt loop may sleep in C
    for ever: the handler's wake-up byte is written to a socket the loop watches, which gets
    Python to run (Qt's documented way: a socket notifier on a signal pipe). On the way out
    the previous handlers are put back.
    """
    before = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, qt)
    notifier.activated.connect(lambda: reader.recv(64))
    for number in before:
        signal.signal(number, lambda *_: qt.quit())
    try:
        yield
    finally:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(-1)
        reader.close()
        writer.close()
        for number, handler in before.items():
            signal.signal(number, handler)


class Readiness(QObject):
    """Says ``READY=1`` once the window is painted and its first loads are done, then keeps
    the service manager's watchdog fed from the event loop: a frozen loop stops feeding it."""

    def __init__(self, app: App) -> None:
        super().__init__(app.window)
        self.app = app
        app.window.installEventFilter(self)
        period = systemd.watchdog_period()
        if period is not None:
            self.watchdog = QTimer(self)
            self.watchdog.timeout.connect(lambda: systemd.notify("WATCHDOG=1"))
            self.watchdog.start(int(period * 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)  # once: no Python call per event for the app's life
            QTimer.singleShot(0, self._when_idle)
        return False

    def _when_idle(self) -> None:
        if self.app.tasks.busy:
            self.app.tasks.idle.connect(self._ready, Qt.ConnectionType.SingleShotConnection)
        else:
            self._ready()

    def _ready(self) -> None:
        systemd.notify(f"READY=1\nSTATUS={self.app.window.windowTitle()}")


def show(window: QMainWindow, config: TerminalConfig) -> None:
    """Open the window as configured: a kiosk full screen; else where ``[display] window``
    puts it (the demo lays its windows side by side so), or where the desktop chooses. The
    geometry is set before the window is shown, so it opens there rather than moving."""
    if config.fullscreen and config.settings.mode == KIOSK:
        window.showFullScreen()
        return
    if config.window is not None:
        place = config.window
        window.setGeometry(place.x, place.y, place.width, place.height)
    window.show()


def run(config: TerminalConfig) -> int:
    qt = QApplication.instance() or QApplication([])
    with signals_end_the_loop(qt):
        app = build(config)
        app.start()
        Readiness(app)
        show(app.window, config)
        left: list[bool] = []
        if isinstance(app.window, KioskWindow):
            app.window.left_kiosk_mode.connect(lambda: left.append(True))
        try:
            status = int(qt.exec())
            return LEFT_KIOSK_MODE if left else status
        finally:
            systemd.notify("STOPPING=1")
            app.close()
