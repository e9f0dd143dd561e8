"""Where the app's window opens: the configuration's ``[display] window`` becomes the window's
geometry (offscreen Qt, the app built as ``guichet-terminal`` builds it, against the real
server and the emulated devices); and the demo's layout keeps its four windows apart on a
1920×1080 desktop."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from firmware_sim.rig import Rig
from scripts.demo import WINDOWS
from scripts.stage import write_config
from terminal.config import geometry, load_config
from terminal.ui.main import App, build, show
from tests.servers import LiveServer
from tests.terminal.conftest import Account

DESKTOP = QRect(0, 0, 1920, 1080)
TITLE_BAR = 40  # what the demo leaves above each window for a window manager's title


@pytest.fixture
def opened() -> Iterator[list[App]]:
    apps: list[App] = []
    yield apps
    for app in apps:
        app.close()


@pytest.mark.parametrize("mode", ["counter", "kiosk"])
def test_the_configured_window_is_where_the_window_opens(
    qtbot: QtBot,
    mode: str,
    live_server: LiveServer,
    account: Account,
    sim_rig: Rig,
    tmp_path: Path,
    opened: list[App],
) -> None:
    terminal = {"terminal_id": account.terminal_id, "secret": account.secret.hex()}
    path = write_config(
        tmp_path, mode, live_server.url, terminal, sim_rig.urls(), window=WINDOWS[mode]
    )
    config = load_config(path)
    app = build(config)
    opened.append(app)
    show(app.window, config)
    qtbot.waitExposed(app.window)
    place = geometry(WINDOWS[mode])
    assert place is not None
    assert app.window.geometry() == QRect(place.x, place.y, place.width, place.height)
    assert not app.window.isFullScreen()


def test_without_a_window_setting_the_desktop_places_it_and_a_kiosk_fills_its_screen(
    qtbot: QtBot,
    live_server: LiveServer,
    account: Account,
    sim_rig: Rig,
    tmp_path: Path,
    opened: list[App],
) -> None:
    terminal = {"terminal_id": account.terminal_id, "secret": account.secret.hex()}
    path = write_config(tmp_path, "kiosk", live_server.url, terminal, sim_rig.urls())
    path.write_text(
        path.read_text(encoding="utf-8").replace("fullscreen = false", "fullscreen = true"),
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.window is None
    app = build(config)
    opened.append(app)
    show(app.window, config)
    qtbot.waitExposed(app.window)
    assert app.window.isFullScreen()


def test_the_demos_windows_fit_side_by_side_on_a_full_hd_desktop() -> None:
    places = {}
    for name, text in WINDOWS.items():
        place = geometry(text)
        assert place is not None
        # the window with its title bar above it
        places[name] = QRect(place.x, place.y - TITLE_BAR, place.width, place.height + TITLE_BAR)
        assert DESKTOP.contains(places[name]), name
    for (one, a), (other, b) in combinations(places.items(), 2):
        assert not a.intersects(b), (one, other)
    assert (places["kiosk"].width(), places["kiosk"].height() - TITLE_BAR) == (1024, 768)
