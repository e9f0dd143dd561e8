"""What ``make screenshots`` does at each screen: show the window at every supported size,
save a PNG, measure every visible text against its widget (nothing may be cut) and trace it to
the catalogue of the screen's language (nothing may be shown that the catalogue did not
produce); and the helpers that drive a window as a person would (a button touched, a wait for
the screen to get there). Used by ``scripts.screenshots`` and ``scripts.kiosk_screenshots``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)

from catalogue import Words
from scripts.stage import Stage
from terminal.config import load_config
from terminal.ui.fit import FitButton, overflowing
from terminal.ui.main import App, build

KIOSK_SIZES = ((1024, 768), (1280, 1024), (1920, 1080), (1080, 1920))
COUNTER_SIZES = ((1280, 800), (1920, 1080))
PIN_PAD = (480, 640)
THEMES = {"standard": (False, False), "contrast": (True, False), "large": (False, True)}
LANGUAGES = ("fr", "en")


@dataclass
class Shots:
    out: Path
    saved: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


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


def tap(app: QApplication, window: QWidget, key: str) -> None:
    wait(
        app,
        lambda: any(
            b.objectName() == key and b.isVisible() for b in window.findChildren(QPushButton)
        ),
    )
    for button in window.findChildren(QPushButton):
        if button.objectName() == key and button.isVisible() and button.isEnabled():
            button.click()
            return
    raise SystemExit(f"no button {key!r} to touch")


def texts_of(widget: QWidget) -> Iterable[str]:
    """What a person reads or hears from this widget."""
    if widget.accessibleName():
        yield widget.accessibleName()
    if isinstance(widget, FitButton):
        yield from widget.lines
    elif isinstance(widget, QAbstractButton | QLabel):
        yield widget.text()
    elif isinstance(widget, QLineEdit) and not widget.objectName().startswith("qt_"):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield widget.currentText()
    elif isinstance(widget, QTableWidget):
        for column in range(widget.columnCount()):
            item = widget.horizontalHeaderItem(column)
            if item is not None:
                yield item.text()


def check(window: QWidget, words: Words, name: str, shots: Shots) -> None:
    produced = words.produced or set()
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        cut = overflowing(widget)
        if cut:
            shots.problems.append(f"{name}: does not fit its {type(widget).__name__}: {cut!r}")
        for text in texts_of(widget):
            lines = [line for line in text.split("\n") if line.strip()]
            if text and text not in produced and any(line not in produced for line in lines):
                shots.problems.append(f"{name}: not from the {words.lang} catalogue: {text!r}")
    if words.misses:
        shots.problems.append(f"{name}: missing from the {words.lang} catalogue: {words.misses}")


def shoot(
    app: QApplication,
    window: QWidget,
    words: Words,
    shots: Shots,
    name: str,
    sizes: Iterable[tuple[int, int]],
) -> None:
    for width, height in sizes:
        for _ in range(2):  # twice: a kiosk turned lays its grid out again, then fits
            window.resize(width, height)
            for _ in range(3):
                app.processEvents()
        label = f"{name}-{width}x{height}"
        path = shots.out / f"{label}.png"
        window.grab().save(str(path))
        shots.saved.append(path)
        got_width, got_height = window.size().toTuple()
        if got_width > width or got_height > height:  # a dialog may be smaller, never larger
            got = f"{got_width}x{got_height}"
            shots.problems.append(f"{label}: the screen needs {got}; on this one it is cut")
        check(window, words, label, shots)


def open_app(app: QApplication, where: Stage, mode: str, lang: str, theme: str) -> App:
    contrast, large = THEMES[theme]
    config = load_config(where.configs[mode])
    settings = replace(config.settings, language=lang)
    config = replace(
        config,
        settings=settings,
        language=lang,
        high_contrast=contrast,
        large_text=large,
        fullscreen=False,
    )
    shown = build(config)
    shown.start()
    shown.window.resize(*COUNTER_SIZES[0])
    shown.window.show()
    shown.terminal.feed.resync()
    return shown
