"""Install what ``make package`` built, as its postinst would, and start every command.

Run by CI after ``make package`` (no root and no systemd needed): the Debian package is
unpacked into a scratch folder, a fresh virtualenv is built from the wheels it carries with
the network refused (``--no-index``), and then, from that install only:

- ``guichet-server``, ``guichet-terminal``, ``guichet-sim``, ``guichet-scenario`` answer
  ``--help``;
- ``guichet-server serve`` starts on a free port and answers ``/v1/health``, and the
  operator's console serves its login page, its style sheet and its script (its templates
  and static files are in the package);
- ``guichet-terminal`` configured from the package's example counter configuration (its
  server and credentials filled in, its printer not plugged in) says ``READY=1`` and stops
  on SIGTERM;
- the systemd units name the commands the install provides.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from scripts.stage import free_port, launch, wait_serving


def step(what: str) -> None:
    print(f"  - {what}", flush=True)


def install(deb: Path, scratch: Path) -> Path:
    root = scratch / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    control = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
    step("control: " + " / ".join(control.strip().splitlines()))
    venv = scratch / "opt-guichet"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "--no-index",
                    "--find-links", str(root / "usr/share/guichet/wheels"),
                    "guichet[terminal,postgres]"],
                   check=True)  # fmt: skip
    step(f"installed from the package's {len(list(root.glob('usr/share/guichet/wheels/*')))} "
         "wheels, no network")  # fmt: skip
    return root


def check(deb: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        root = install(deb, scratch)
        bin_ = scratch / "opt-guichet/bin"
        for command in ("guichet-server", "guichet-terminal", "guichet-sim", "guichet-scenario"):
            subprocess.run([str(bin_ / command), "--help"], check=True, capture_output=True)
        step("every command answers --help")
        for unit in ("guichet-server.service", "guichet-kiosk.service"):
            text = (root / "lib/systemd/system" / unit).read_text(encoding="utf-8")
            for word in text.split():
                if word.startswith("/opt/guichet/bin/"):
                    assert (bin_ / Path(word).name).exists(), f"{unit} runs {word}: not installed"
        step("the systemd units run installed commands")

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "GUICHET_ADMIN_TOKEN": "check-token", "QT_QPA_PLATFORM": "offscreen"}
        made = subprocess.run(
            [str(bin_ / "guichet-server"), "--db", str(scratch / "s.db"), "init"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        step(f"guichet-server init: {made}")
        server = subprocess.Popen([str(bin_ / "guichet-server"), "--db", str(scratch / "s.db"),
                                   "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            wait_serving(url, server)
            step(f"guichet-server serve answers on {url}")
            pages = {path: httpx.get(url + path, headers={"Accept-Language": "fr"}, timeout=10)
                     for path in ("/console/login", "/console/static/console.css",
                                  "/console/static/console.js")}  # fmt: skip
            for path, page in pages.items():
                assert page.status_code == 200, f"{path}: {page.status_code}"
            assert "Se connecter" in pages["/console/login"].text
            step("the console serves its pages (templates, styles, script, French words)")
            terminal_ready(bin_, root, scratch, url, env)
        finally:
            server.send_signal(signal.SIGTERM)
            # uvicorn re-raises the signal once shut down: killed by SIGTERM is its clean exit
            # (and systemd's: SIGTERM is a success status for every unit)
            status = server.wait(timeout=30)
            assert status in {0, -signal.SIGTERM}, f"guichet-server ended with {status}"
        step("guichet-server stopped cleanly on SIGTERM")


def terminal_ready(bin_: Path, root: Path, scratch: Path, url: str, env: dict[str, str]) -> None:
    created = subprocess.run([str(bin_ / "guichet-server"), "--db", str(scratch / "s.db"),
                              "create-terminal", "Check"], check=True, capture_output=True,
                             text=True, env=env).stdout.split()  # fmt: skip
    terminal_id, secret = created[1], created[3]
    (scratch / "secret").write_text(secret, encoding="ascii")
    example = (root / "usr/share/doc/guichet/examples/counter.toml").read_text(encoding="utf-8")
    settings = {"url": f'"{url}"', "terminal_id": f'"{terminal_id}"',
                "secret_file": f'"{scratch / "secret"}"', "store": f'"{scratch / "t.db"}"',
                "printer": f'"{scratch / "printer"}"', "scanner": '""'}  # fmt: skip
    lines = []
    for line in example.splitlines():
        key = line.split("=")[0].strip()
        lines.append(f"{key} = {settings[key]}" if key in settings else line)
    config = scratch / "counter.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = launch(config, scratch, timeout=60, command=bin_ / "guichet-terminal", env=env)
    assert run.ready < 60, f"guichet-terminal never said READY=1: {run.said[-2000:]}"
    assert run.status == 0, f"guichet-terminal ended with {run.status}: {run.said[-2000:]}"
    step("guichet-terminal (the example counter configuration) said READY=1, stopped cleanly")


def main() -> int:
    debs = sorted(Path("dist").glob("guichet_*.deb"))
    if not debs:
        print("check_package: no dist/guichet_*.deb: run make package first", file=sys.stderr)
        return 2
    print(f"== checking {debs[-1]}", flush=True)
    check(debs[-1])
    print("package OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
