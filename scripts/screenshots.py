"""``make screenshots``: a PNG of every screen, both modes, both themes, into one folder.

The screens are the real app (``terminal.ui.main.build``) against the real server and the
simulated devices (``scripts.stage``), driven as a person would: entry typed, buttons touched.

    python -m scripts.screenshots [OUT]        (default: screenshots/)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from scripts.stage import Stage, stage
from terminal.config import load_config
from terminal.ui.counter.window import CounterWindow
from terminal.ui.kiosk.window import KioskWindow
from terminal.ui.main import App, build

SIZE = (1280, 800)


def wait(app: QApplication, until: Callable[[], bool], within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, shown: App) -> None:
    wait(app, lambda: not shown.tasks.busy)
    for _ in range(5):
        app.processEvents()


def save(window: QMainWindow, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    window.grab().save(str(path))
    print(f"  {path}")
    return path


def tap(window: QMainWindow, name: str) -> None:
    for button in window.findChildren(QPushButton):
        if button.accessibleName() == name and button.isVisible() and button.isEnabled():
            button.click()
            return
    raise SystemExit(f"no button {name!r} to touch")


def open_app(app: QApplication, where: Stage, mode: str, contrast: bool) -> App:
    config = load_config(where.configs[mode])
    config = replace(config, high_contrast=contrast, fullscreen=False)
    shown = build(config)
    shown.start()
    shown.window.resize(*SIZE)
    shown.window.show()
    shown.terminal.feed.resync()
    wait(app, lambda: bool(shown.terminal.desk.drain.state.online) or True)
    return shown


def counter(app: QApplication, where: Stage, out: Path, theme: str, contrast: bool) -> None:
    shown = open_app(app, where, "counter", contrast)
    window = shown.window
    assert isinstance(window, CounterWindow)
    window.contrast.setChecked(contrast)
    window.reload_programme()
    wait(app, lambda: bool(window.races))
    settle(app, shown)
    window.open_shift()
    settle(app, shown)
    window.entry.setText("1 1 SG 4 X2")
    save(window, out, f"counter-entry-{theme}")
    window.sell()
    settle(app, shown)
    save(window, out, f"counter-sold-{theme}")
    window.entry.setText("1 1 QP 4 7 99")
    save(window, out, f"counter-error-{theme}")
    shown.close()


def kiosk(app: QApplication, where: Stage, out: Path, theme: str, contrast: bool) -> None:
    shown = open_app(app, where, "kiosk", contrast)
    window = shown.window
    assert isinstance(window, KioskWindow)
    from terminal.operations.shifts import open_shift  # noqa: PLC0415

    open_shift(shown.terminal.desk)
    shown.terminal.desk.drain.until_empty()
    window.reload_programme()
    wait(app, lambda: bool(window.races))
    wait(app, lambda: not window.blocked_because)
    settle(app, shown)
    save(window, out, f"kiosk-1-attract-{theme}")
    tap(window, "Start betting")
    save(window, out, f"kiosk-2-age-{theme}")
    tap(window, "I am 18 or over")
    save(window, out, f"kiosk-3-races-{theme}")
    race = sorted(window.races)[0]
    code = race.split("/")[-1]
    tap(window, f"Race {code} {window.races[race].name}")
    save(window, out, f"kiosk-4-bet-types-{theme}")
    tap(window, "Simple Gagnant")
    runner = window.races[race].runners[3]
    tap(window, f"Runner {runner['number']} {runner['name']}")
    save(window, out, f"kiosk-5-runners-{theme}")
    tap(window, "Next")
    tap(window, "Raise stake")
    save(window, out, f"kiosk-6-stake-{theme}")
    tap(window, "Next")
    where.rig.command({"cmd": "insert", "amount": 1000})
    wait(app, lambda: window.balance == 1000)
    settle(app, shown)
    save(window, out, f"kiosk-7-summary-{theme}")
    tap(window, "Pay and print the ticket")
    wait(app, lambda: window.current == "done")
    save(window, out, f"kiosk-8-take-ticket-{theme}")
    window.go("ticket")
    save(window, out, f"kiosk-9-scan-ticket-{theme}")
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True})
    wait(app, lambda: bool(window.blocked_because))
    window.go("attract")
    save(window, out, f"kiosk-10-no-paper-{theme}")
    where.rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    tap(window, "Cash out credit")
    settle(app, shown)
    shown.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    for theme, contrast in (("standard", False), ("contrast", True)):
        with tempfile.TemporaryDirectory(prefix="guichet-shots-") as folder, \
                stage(Path(folder), out=out / "printed") as where:  # fmt: skip
            print(f"{theme} theme:")
            counter(app, where, out, theme, contrast)
            kiosk(app, where, out, theme, contrast)
    print(f"screenshots in {out}; printed tickets in {out / 'printed'}", flush=True)
    app.processEvents()


if __name__ == "__main__":
    main()
