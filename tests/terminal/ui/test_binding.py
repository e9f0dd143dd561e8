"""The Qt binding itself: a release that miscounts references kills a kiosk after hours.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on each call of a method that
returns nothing, and one to ``True`` on each signal emitted; ``None``'s count reached zero
after some 20,000 calls and the interpreter aborted ("deallocating None"). pyproject.toml
excludes that release; this test refuses any binding that does it again.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None and the booleans are immortal from Python 3.12: their counts never move",
)


class _Emitter(QObject):
    changed = Signal(object)


def _counts() -> tuple[int, int, int]:
    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_calls_and_signals_leave_the_reference_counts_of_none_and_the_booleans_alone(
    qtbot: QtBot,
) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    label.setEnabled(True)
    emitter.changed.emit("warm-up")
    before = _counts()
    for _ in range(500):
        label.setEnabled(True)  # returns nothing
        label.setProperty("role", "cost")
        emitter.changed.emit("odds")
    received.clear()
    after = _counts()
    lost = [b - a for a, b in zip(after, before, strict=True)]
    assert max(lost) < 50, f"references lost over 500 rounds (None, True, False): {lost}"
