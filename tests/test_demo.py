"""``make demo`` brings the whole system up and Ctrl-C takes it down: run here headless, as
CI runs it, each part as its own installed command."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

import httpx
import pytest

from scripts.cast import Cast, ready_in
from scripts.demo import WINDOWS, watch
from scripts.stage import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_the_demo_comes_up_headless_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    earlier = tmp_path / "demo" / "run-20261130-090000"  # a run of yesterday's, to clean
    earlier.mkdir(parents=True)
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.demo",
            "--headless",
            "--folder",
            str(tmp_path / "demo"),
            "--port",
            str(free_port()),
            "--rate",
            "20",
            "--clean",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert demo.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # two figure reports: the racecourse has been betting
        line = demo.stdout.readline()
        lines.append(line)
        if not line or sum("Parieurs simulés" in x for x in lines) >= 2:
            break
    console = re.search(r"console +(\S+)  \(log in as (\w+) .*; password (\S+)\)", "".join(lines))
    logged_in = console is not None and log_in(*console.groups())
    admin = re.search(r"console .*, (\w+) as administrator; password (\S+)\)", "".join(lines))
    administers = (
        admin is not None and console is not None and administer(console.group(1), *admin.groups())
    )
    demo.send_signal(signal.SIGINT)  # what Ctrl-C sends
    rest, _ = demo.communicate(timeout=60)
    said = "".join(lines) + rest
    assert logged_in, said  # the console's address, and a login that works
    assert administers, said  # an administrator too, who sees every demo operator
    assert demo.returncode == 0, said
    assert re.search(r"counter +ready in", said), said
    assert re.search(r"kiosk +ready in", said), said
    bets = [int(n) for n in re.findall(r"Parieurs simulés: (\d+) bets", said)]
    assert bets, said
    assert bets[-1] > 0, said
    stopped = said.split("stopping: ")[1]
    for part in ("racecourse", "kiosk", "kiosk devices", "counter", "counter devices", "server"):
        assert f"{part} stopped" in stopped, stopped
    assert not earlier.exists()  # --clean (make demo CLEAN=1)
    assert (tmp_path / "demo" / "latest" / "server.log").exists()


def log_in(url: str, name: str, password: str) -> bool:
    """Log in at the console as the demo printed; whether the supervision page then shows
    the demo's counter and kiosk online."""
    with httpx.Client(base_url=url.removesuffix("/console"), timeout=10) as browser:
        form = browser.get("/console/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token is not None, form
        answer = browser.post(
            "/console/login", data={"csrf": token.group(1), "name": name, "password": password}
        )
        rows = browser.get("/console/terminals/live", headers={"Accept-Language": "en"}).text
    live = [row for row in rows.split("<tr")[1:] if '<span class="ok">online</span>' in row]
    return answer.status_code == 303 and all(
        any(f"Démo {mode}" in row for row in live) for mode in ("counter", "kiosk")
    )


def administer(url: str, name: str, password: str) -> bool:
    """Log in as the administrator the demo printed; whether the page of operators (theirs
    alone) lists the demo's four operators in their roles."""
    with httpx.Client(
        base_url=url.removesuffix("/console"), timeout=10, headers={"Accept-Language": "en"}
    ) as browser:
        form = browser.get("/console/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token is not None, form
        answer = browser.post(
            "/console/login", data={"csrf": token.group(1), "name": name, "password": password}
        )
        page = browser.get("/console/operators")
    roles = dict(re.findall(r'<th scope="row">(\w+)</th>\s*<td>([^<]+)</td>', page.text))
    return (answer.status_code, page.status_code) == (303, 200) and roles == {
        "alice": "administrator",
        "claire": "race office",
        "hugo": "race office",
        "nadia": "supervision",
    }


def test_make_demo_passes_its_options_on() -> None:
    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(
        ["make", "-n", "--no-print-directory", "demo", "CLEAN=1", "HEADLESS=1", "DEMO_SECONDS=5"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert re.search(
        r"scripts\.demo .*--headless --seconds 5 .*--clean", dry.stdout.replace("\\\n", " ")
    ), dry.stdout


def test_without_a_display_it_says_so_and_how_to_run_headless(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    run = subprocess.run(
        [sys.executable, "-m", "scripts.demo", "--folder", str(tmp_path / "demo")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert "there is no display" in run.stderr
    assert "make demo HEADLESS=1" in run.stderr
    assert not (tmp_path / "demo").exists()  # nothing was started


def test_a_part_that_stops_is_reported_and_the_rest_keeps_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cast = Cast(tmp_path, dict(os.environ))
    server = cast.start("server", [sys.executable, "-c", "import time; time.sleep(60)"])
    cast.start("kiosk", [sys.executable, "-c", "raise SystemExit(3)"])  # left with the PIN
    cast.start(
        "racecourse",
        [
            sys.executable,
            "-c",
            "import sys; print('racecourse: gave up', file=sys.stderr); raise SystemExit(1)",
        ],
    )
    try:
        status = watch(cast, Namespace(seconds=3, headless=False), "", "", [])
        said = capsys.readouterr()
        assert status == 0
        assert "the kiosk left kiosk mode (administrator PIN); everything else keeps running" in (
            said.out
        )
        assert "racecourse stopped on its own (1)" in said.err
        assert "racecourse: gave up" in said.err  # the end of its log, shown
        assert server.process.poll() is None
        server.process.terminate()
        server.process.wait(timeout=10)
        assert watch(cast, Namespace(seconds=3, headless=False), "", "", []) == 1
        assert "server stopped on its own" in capsys.readouterr().err
    finally:
        cast.stop()


def test_a_terminal_that_dies_at_once_is_reported_with_its_log(tmp_path: Path) -> None:
    cast = Cast(tmp_path, dict(os.environ))
    part = cast.start(
        "counter",
        [
            sys.executable,
            "-c",
            "import sys; print('qt.qpa.plugin: could not load xcb', "
            "file=sys.stderr); raise SystemExit(134)",
        ],
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(tmp_path / "notify"))
        with pytest.raises(SystemExit) as stopped:
            ready_in(part, listener, timeout=60)
    assert "counter stopped at once (134)" in str(stopped.value.code)
    assert "could not load xcb" in str(stopped.value.code)


@pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xwininfo") is None,
    reason="Xvfb or xwininfo is not installed (make test installs them with apt as root)",
)
def test_the_demo_opens_its_windows_on_a_desktop(tmp_path: Path) -> None:
    """A fresh desktop: an X display (Xvfb) and nothing else. The demo gets what Qt's X11
    plugin needs (apt, as root) or says what to install, then every window opens."""
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    display = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    windows: dict[str, str] = {}
    try:
        env = {
            k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}
        }
        env["DISPLAY"] = f":{number}"
        out = tmp_path / "demo.out"
        with out.open("w+") as said_to:
            demo = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "scripts.demo",
                    "--folder",
                    str(tmp_path / "demo"),
                    "--port",
                    str(free_port()),
                    "--seconds",
                    "25",
                ],
                env=env,
                stdout=said_to,
                stderr=subprocess.STDOUT,
                text=True,
            )
            deadline = time.monotonic() + 600  # apt may first install Qt's X11 libraries
            while demo.poll() is None and time.monotonic() < deadline:
                if "racecourse " in out.read_text():  # every window is up by then
                    windows = on_screen(f":{number}")
                    break
                time.sleep(0.5)
            status = demo.wait(timeout=600)
    finally:
        display.terminate()
        display.wait(timeout=10)
    said = out.read_text()
    if os.geteuid() != 0 and "Qt's X11 plugin cannot load" in said:
        assert "apt-get install" in said  # not root: it names the command, and starts nothing
        return
    assert status == 0, said
    assert re.search(r"counter +ready in", said), said
    assert re.search(r"kiosk +ready in", said), said
    assert (tmp_path / "demo" / "latest" / "counter.log").exists()
    # each window where the demo lays it out, side by side (X11's geometry of its inside)
    assert windows == {
        "Guichet": WINDOWS["kiosk"],
        "Guichet — Démo counter": WINDOWS["counter"],
        "Guichet — simulated devices — kiosk": WINDOWS["kiosk devices"],
        "Guichet — simulated devices — counter": WINDOWS["counter devices"],
    }, said


def on_screen(display: str) -> dict[str, str]:
    """The X server's top-level windows named Guichet…, and where each is: its title and
    ``WIDTHxHEIGHT+LEFT+TOP`` (no window manager runs: a window is where its app put it)."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-children", "-display", display],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    window = r'^\s*0x[0-9a-f]+ "(Guichet[^"]*)": \([^)]*\)\s+(\d+x\d+\+\d+\+\d+)'
    return dict(re.findall(window, tree, re.M))


def test_the_demos_scenarios_run_from_a_clone_alone(tmp_path: Path) -> None:
    """A user's clone has no ../shared beside it: the demo's first step runs the project's own
    scenarios and the copies of the shared ones it ships, and the shared scenarios' tests run
    on those copies."""
    clone = tmp_path / "alone" / "guichet"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    assert not (clone.parent / "shared").exists()
    run = subprocess.run(
        # -o: the project's .venv is taken as installed, never reinstalled from the clone
        [
            "make",
            "--no-print-directory",
            "-o",
            str(ROOT / ".venv" / ".installed"),
            "scenarios",
            f"VENV={ROOT / '.venv'}",
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert re.search(r"scenarios: [1-9]\d* passed, 0 failed", run.stdout), run.stdout[-2000:]
    assert "# wikipedia-win-pool (tests/scenarios/shared/wikipedia-win-pool.json)" in run.stdout
    alone = {k: v for k, v in os.environ.items() if k != "GUICHET_REQUIRE_SHARED"}
    tests = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pytest"),
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/backend/test_scenario_cli.py",
            "-k",
            "shared",
        ],
        cwd=clone,
        env=alone,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-3000:]
    assert re.search(r"\b[5-9]\d* passed|\b[1-9]\d+ passed", tests.stdout), tests.stdout[-2000:]


def test_make_demo_runs_a_real_pmu_day(tmp_path: Path) -> None:
    """The README's ``make demo PMU=...``: the PMU's day shipped in the repository, moved to
    today and imported, then the whole system betting on it."""
    pmu = "tests/backend/fixtures/pmu"
    run = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "demo",
            "HEADLESS=1",
            "DEMO_SECONDS=12",
            f"DEMO_DIR={tmp_path / 'demo'}",
            f"DEMO_PORT={free_port()}",
            f"PMU={pmu}/programme-2025-11-05.json {pmu}/participants-2025-11-05-R1C1.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = run.stdout[-4000:] + run.stderr[-3000:]
    assert run.returncode == 0, said
    assert re.search(r"the PMU's day moved to today: 63 races imported", run.stdout), said
    bets = [int(n) for n in re.findall(r"Parieurs simulés: (\d+) bets", run.stdout)]
    assert bets, said
    assert bets[-1] > 0, said
    assert "server stopped" in run.stdout, said
