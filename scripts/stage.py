"""The whole system on one machine: the server in its own process with today's demo
programme (every race open), the simulated devices, and a configuration file for a counter
and for a kiosk pointing at both. Used by the screenshots and the UI benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from backend.programme import demo_programme
from firmware_sim.rig import Rig, RigOptions

ADMIN = "stage-admin-token"
PIN = "2468"


@dataclass(frozen=True)
class Launch:
    ready: float  # seconds from exec to READY=1
    status: int  # the exit status after SIGTERM
    said: str  # its standard error


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_serving(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Until the server at ``url`` answers ``/v1/health``; SystemExit if it stops or is mute."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server at {url} stopped ({server.returncode})")
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server at {url} did not answer within {timeout:.0f} s")


def until_ready(listener: socket.socket, timeout: float) -> float:
    """Seconds until a ``READY=1`` datagram reaches this NOTIFY_SOCKET (TimeoutError if none)."""
    start = time.perf_counter()
    listener.settimeout(timeout)
    while b"READY=1" not in listener.recv(4096):
        pass
    return time.perf_counter() - start


def launch(
    config: Path,
    folder: Path,
    *,
    timeout: float = 30.0,
    command: Path | None = None,
    env: dict[str, str] | None = None,
) -> Launch:
    """Start ``guichet-terminal`` (as installed beside this Python, or ``command``), wait for
    its sd_notify ``READY=1`` as a systemd unit of Type=notify does, then stop it with SIGTERM
    as ``systemctl stop`` does."""
    address = str(folder / f"notify-{os.getpid()}.sock")
    command = command or Path(sys.executable).parent / "guichet-terminal"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(address)
        env = {**(env or os.environ), "NOTIFY_SOCKET": address}
        with (folder / "launch.err").open("w+b") as errors:
            app = subprocess.Popen(
                [str(command), "--config", str(config)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            try:
                ready = until_ready(listener, timeout)
            except TimeoutError:
                ready = float("inf")
            finally:
                app.send_signal(signal.SIGTERM)
                status = app.wait(timeout=30)
            errors.seek(0)
            said = errors.read().decode(errors="replace")
    os.unlink(address)
    return Launch(ready, status, said)


@dataclass
class Stage:
    url: str
    rig: Rig
    configs: dict[str, Path]
    folder: Path
    server: subprocess.Popen[bytes]  # its process: a test stalls it (SIGSTOP) or kills it


def write_config(
    folder: Path,
    mode: str,
    url: str,
    terminal: dict[str, str],
    urls: dict[str, str],
    window: str = "",
) -> Path:
    """The terminal's TOML configuration (and its secret file) as an installer writes it;
    ``window``: where its window opens ("1024x768+0+40"), "" where the desktop puts it."""
    (folder / f"{mode}.secret").write_text(terminal["secret"], encoding="ascii")
    path = folder / f"{mode}.toml"
    path.write_text(
        f'mode = "{mode}"\nname = "Démo {mode}"\noperator = "Marie"\n'
        f'store = "{mode}.db"\nlanguage = "fr"\n\n'
        f'[server]\nurl = "{url}"\nterminal_id = "{terminal["terminal_id"]}"\n'
        f'secret_file = "{mode}.secret"\n\n'
        f'[devices]\nprinter = "{urls["printer"]}"\nscanner = "{urls["scanner"]}"\n'
        f'bill_acceptor = "{urls["bill_acceptor"]}"\ncard_reader = "{urls["card_reader"]}"\n\n'
        f'[kiosk]\nadmin_pin = "{PIN}"\nidle_seconds = 90\n\n'
        f'[display]\nfullscreen = false\nwindow = "{window}"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def stage(folder: Path, *, out: Path | None = None) -> Iterator[Stage]:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = Path(sys.executable).parent / "guichet-server"
    server = subprocess.Popen(
        [str(command), "--db", str(folder / "server.db"), "--create", "serve", "--port", str(port)],
        env={**os.environ, "GUICHET_ADMIN_TOKEN": ADMIN},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_serving(url, server)
        with httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=30
        ) as admin:
            now = datetime.now(UTC)
            data = demo_programme(now.date(), now + timedelta(minutes=40))
            admin.post("/v1/admin/programme", json=data).raise_for_status()
            for meeting in data["meetings"]:
                for race in meeting["races"]:
                    code = f"R{meeting['number']}C{race['number']}"
                    admin.post(f"/v1/admin/races/{now.date()}/{code}/open").raise_for_status()
            terminals = {
                mode: admin.post("/v1/admin/terminals", json={"name": f"Démo {mode}"}).json()
                for mode in ("counter", "kiosk")
            }
        (folder / "devices").mkdir(exist_ok=True)
        with Rig(RigOptions(folder=folder / "devices", out=out, printer_tcp_port=None)) as rig:
            configs = {m: write_config(folder, m, url, t, rig.urls()) for m, t in terminals.items()}
            yield Stage(url, rig, configs, folder, server)
    finally:
        server.send_signal(signal.SIGCONT)  # a stalled server stops too
        server.terminate()
        server.wait(timeout=30)
