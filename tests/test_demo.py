"""``make demo`` brings the whole system up and Ctrl-C takes it down: run here headless, as
CI runs it, each part as its own installed command."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts.stage import free_port


def test_the_demo_comes_up_headless_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    demo = subprocess.Popen(
        [sys.executable, "-m", "scripts.demo", "--headless", "--folder", str(tmp_path / "demo"),
         "--port", str(free_port()), "--rate", "20"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert demo.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # two figure reports: the racecourse has been betting
        line = demo.stdout.readline()
        lines.append(line)
        if not line or sum("Parieurs simulés" in x for x in lines) >= 2:
            break
    demo.send_signal(signal.SIGINT)  # what Ctrl-C sends
    rest, _ = demo.communicate(timeout=60)
    said = "".join(lines) + rest
    assert demo.returncode == 0, said
    assert re.search(r"counter +ready in", said), said
    assert re.search(r"kiosk +ready in", said), said
    bets = [int(n) for n in re.findall(r"Parieurs simulés: (\d+) bets", said)]
    assert bets, said
    assert bets[-1] > 0, said
    stopped = said.split("stopping: ")[1]
    for part in ("racecourse", "kiosk", "kiosk devices", "counter", "counter devices", "server"):
        assert f"{part} stopped" in stopped, stopped


def test_without_a_display_it_says_so_and_how_to_run_headless(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "scripts.demo", "--folder", str(tmp_path / "demo")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 2
    assert "there is no display" in run.stderr
    assert "make demo HEADLESS=1" in run.stderr
    assert not (tmp_path / "demo").exists()  # nothing was started
