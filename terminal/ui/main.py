"""The app's composition root on the Qt side: core, devices, bridge, tasks, one window.

``build`` wires everything and returns it unstarted, so tests and the screenshot script use
exactly what ``guichet-terminal`` runs; ``run`` starts the workers and the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QApplication, QMainWindow

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.device import Device
from drivers.scanner.driver import BarcodeScanner
from terminal.app import Terminal, open_terminal
from terminal.config import TerminalConfig
from terminal.operations.desk import KIOSK
from terminal.ui.bridge import DeviceBridge
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.tasks import Tasks
from terminal.ui.theme import Theme


@dataclass
class App:
    terminal: Terminal
    bridge: DeviceBridge
    tasks: Tasks
    window: QMainWindow
    devices: list[Device] = field(default_factory=list)

    def start(self) -> None:
        self.terminal.start()
        for device in self.devices:
            device.start()

    def close(self) -> None:
        self.window.close()
        for device in self.devices:
            device.close()
        self.tasks.shutdown()
        self.terminal.close()


def build(config: TerminalConfig) -> App:
    terminal = open_terminal(config.settings)
    bridge = DeviceBridge()
    tasks = Tasks()
    if terminal.device is not None:
        terminal.device.subscribe(bridge.on_device)
    terminal.feed.listeners.append(bridge.on_feed)
    devices: list[Device] = []
    if config.scanner_url:
        devices.append(BarcodeScanner("scanner", config.scanner_url))
    acceptor = None
    if config.bill_acceptor_url and config.settings.mode == KIOSK:
        acceptor = BillAcceptor("bill_acceptor", config.bill_acceptor_url)
        devices.append(acceptor)
    for device in devices:
        device.subscribe(bridge.on_device)
    theme = Theme(config.high_contrast, config.large_text)
    window: QMainWindow
    if config.settings.mode == KIOSK:
        window = KioskWindow(terminal, bridge, tasks, acceptor=acceptor,
                             admin_pin=config.admin_pin, idle_seconds=config.idle_seconds,
                             theme=Theme(config.high_contrast, large_text=True))  # fmt: skip
    else:
        window = CounterWindow(terminal, bridge, tasks, lang=config.language, theme=theme)
    return App(terminal, bridge, tasks, window, devices)


def run(config: TerminalConfig) -> int:
    qt = QApplication.instance() or QApplication([])
    app = build(config)
    app.start()
    if config.fullscreen and config.settings.mode == KIOSK:
        app.window.showFullScreen()
    else:
        app.window.show()
    try:
        return int(qt.exec())
    finally:
        app.close()
