"""``make demo``: the whole system on this machine, each part as the command an operator runs.

- ``guichet-server`` with today's demo programme (three meetings, a Quinté+), or with
  ``--pmu FILE...`` a real day of the PMU's feed moved to today (``scripts.pmu_day``);
- the simulated racecourse: bettors who move the odds, a race office that opens races,
  closes them at the post and posts results a minute later (so tickets win and get paid),
  except the races an operator takes over at the console (``/console``: the demo prints its
  operators' names and password);
- two sets of simulated devices (``guichet-sim``), one for the counter (printer, scanner,
  card reader) and one for the kiosk (printer, scanner, bill acceptor), each with its panel
  window;
- ``guichet-terminal`` twice: a counter window and a kiosk window, connected to them.

The four windows open side by side on a 1920×1080 desktop (``WINDOWS``: the terminals'
``[display] window`` setting, the panels' ``--geometry``), none hiding another.

Ctrl-C (or SIGTERM) stops everything, terminals first, server last, and says how each part
ended. A part that stops on its own is reported with the end of its log; the rest keeps running
(a kiosk left with its PIN, a racecourse that gave up), unless it is the server. Each run writes
to its own folder under ``--folder`` (``latest`` points at it): earlier runs are kept until
``--clean``. Without a display the windows cannot open: it says so, and ``--headless`` runs
every part offscreen (what CI does, for ``--seconds``), printing the server's figures as it
goes. With a display, the system libraries Qt's X11 plugin needs are checked first and, as
root, installed with apt; otherwise the exact command is printed (``scripts.desktop``). How a
part is started, watched and stopped is ``scripts.cast``'s; this module says what runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from backend.programme import demo_programme
from scripts.cast import Cast, read_json_line, ready_in, tail
from scripts.desktop import desktop_ready, has_display
from scripts.pmu_day import import_moved
from scripts.stage import PIN, wait_serving, write_config
from terminal.ui.main import LEFT_KIOSK_MODE

BIN = Path(sys.executable).parent
MODES = ("counter", "kiosk")

# Where each window opens on a 1920×1080 desktop (X11's WIDTHxHEIGHT+LEFT+TOP, the inside of
# the window), side by side, none over another: the kiosk at its smallest supported screen on
# the left, the counter in the width left beside it (its content needs some 830×630), each
# one's device panel under it (their commands scroll). The 40 pixels above each window are
# for a window manager's title bar.
WINDOWS = {
    "kiosk": "1024x768+0+40",
    "counter": "880x640+1040+40",
    "kiosk devices": "1024x224+0+848",
    "counter devices": "880x352+1040+720",
}


def set_the_day(url: str, token: str, demo_day: bool = True) -> dict[str, dict[str, str]]:
    """Today's programme (first post in 10 minutes) and the two terminals' credentials."""
    now = datetime.now(UTC)
    with httpx.Client(
        base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    ) as admin:
        if demo_day:
            admin.post(
                "/v1/admin/programme", json=demo_programme(now.date(), now + timedelta(minutes=10))
            ).raise_for_status()
        accounts = {}
        for mode in MODES:
            answer = admin.post("/v1/admin/terminals", json={"name": f"Démo {mode}"})
            answer.raise_for_status()
            accounts[mode] = answer.json()
    return accounts


def figures(url: str, token: str) -> str:
    """One line of what the server has seen so far today, per terminal."""
    day = datetime.now(UTC).date()
    params = {"start": f"{day}T00:00:00+00:00", "end": f"{day + timedelta(days=1)}T00:00:00+00:00"}
    try:
        answer = httpx.get(
            f"{url}/v1/admin/reports",
            params=params,
            timeout=5,
            headers={"Authorization": f"Bearer {token}"},
        )
        answer.raise_for_status()
    except httpx.HTTPError as err:
        return f"the server does not answer: {err}"
    parts = []
    for terminal in answer.json()["terminals"]:
        sales = terminal["sales"]
        seen = "" if terminal["last_seen"] else ", never seen"
        parts.append(f"{terminal['name']}: {sales['count']} bets{seen}")
    return "; ".join(parts)


def bring_up(cast: Cast, args: argparse.Namespace) -> tuple[str, str]:
    folder = cast.folder
    url = f"http://127.0.0.1:{args.port}"
    token = secrets.token_urlsafe(24)
    token_file = folder / "admin-token"
    token_file.touch(mode=0o600)
    token_file.write_text(token + "\n", encoding="ascii")
    server = cast.start(
        "server",
        [
            str(BIN / "guichet-server"),
            "--db",
            str(folder / "server.db"),
            "--create",
            "serve",
            "--port",
            str(args.port),
            "--admin-token-file",
            str(token_file),
        ],
    )
    wait_serving(url, server.process)
    if args.pmu:  # a real PMU day in place of the demo's, its first race in 10 minutes
        said = import_moved(
            args.pmu, folder, folder / "server.db", datetime.now(UTC) + timedelta(minutes=10)
        )
        print(f"programme     the PMU's day moved to today: {said.splitlines()[0]}", flush=True)
    accounts = set_the_day(url, token, demo_day=not args.pmu)
    print(f"server        {url}  (API docs: {url}/docs; admin token in {token_file})", flush=True)
    password = console_operators(folder)
    print(
        f"console       {url}/console  (log in as {' or '.join(RACE_OFFICE)} for the race "
        f"office, {SUPERVISOR} for supervision, {ADMIN} as administrator; password "
        f"{password})",
        flush=True,
    )
    for mode in MODES:
        panel = ["--panel", "--geometry", WINDOWS[f"{mode} devices"]]
        command = [
            str(BIN / "guichet-sim"),
            "run",
            "--json",
            "--dir",
            str(folder / f"{mode}-devices"),
            "--out",
            str(folder / f"{mode}-printed"),
            "--tcp-port",
            "-1",
            "--title",
            mode,
        ] + ([] if args.headless else panel)
        sim = cast.start(f"{mode} devices", command, stdout=subprocess.PIPE)
        urls = read_json_line(sim)
        config = write_config(folder, mode, url, accounts[mode], urls, window=WINDOWS[mode])
        print(
            f"{mode + ' devices':13} {urls['control']}  (printed tickets in "
            f"{folder / f'{mode}-printed'})",
            flush=True,
        )
        notify = folder / f"{mode}.notify"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
            listener.bind(str(notify))
            terminal = cast.start(
                mode,
                [str(BIN / "guichet-terminal"), "--config", str(config)],
                env={"NOTIFY_SOCKET": str(notify)},
            )
            took = ready_in(terminal, listener)
        notify.unlink()
        print(f"{mode:13} ready in {took:.1f} s  (configuration {config})", flush=True)
    cast.start(
        "racecourse",
        [
            sys.executable,
            "-m",
            "scripts.racecourse",
            "--url",
            url,
            "--admin-token-file",
            str(token_file),
            "--rate",
            str(args.rate),
        ],
    )
    print(f"racecourse    simulated bettors ({args.rate:g} bets/s) and the race office", flush=True)
    return url, token


# the demo's console operators: two in the race office (an official result needs a second
# one to confirm it), one in supervision, and an administrator, without whom the page of
# operators (register, disable, unlock) cannot be tried
RACE_OFFICE = ("claire", "hugo")
SUPERVISOR = "nadia"
ADMIN = "alice"


def console_operators(folder: Path) -> str:
    """Register the demo's operators with ``guichet-server create-operator``, as an operator
    would; their one password (random, in a file readable by this user only) is returned."""
    password = secrets.token_urlsafe(12)
    secret = folder / "operator-password"
    secret.touch(mode=0o600)
    secret.write_text(password + "\n", encoding="utf-8")
    cast = [(n, "race-office") for n in RACE_OFFICE] + [
        (SUPERVISOR, "supervisor"),
        (ADMIN, "admin"),
    ]
    for name, role in cast:
        subprocess.run(
            [
                str(BIN / "guichet-server"),
                "--db",
                str(folder / "server.db"),
                "create-operator",
                name,
                "--role",
                role,
                "--password-file",
                str(secret),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return password


def guide(folder: Path) -> str:
    kiosk = folder / "kiosk-devices"
    return (
        "\nTry: at the counter, swipe the clerk's card on its device panel (Swipe card: Jean"
        " Dupont's till opens, his name on the tickets) or open the till with F6, then type the"
        " bet the entry field suggests (a bet on today's programme) and Enter; F1 shows the"
        " whole syntax.\n"
        "At the kiosk: feed a note with the panel, or\n"
        f'  guichet-sim send --dir {kiosk} \'{{"cmd": "insert", "amount": 2000}}\'\n'
        f"The kiosk's administrator PIN is {PIN}. Races close at their post time and their "
        "results come a minute later: scan a winning ticket to pay it.\nCtrl-C stops everything."
    )


def watch(cast: Cast, args: argparse.Namespace, url: str, token: str, stop: list[int]) -> int:
    """Until Ctrl-C (or ``--seconds``): report parts that stop; only the server's end ends all."""
    status = 0
    deadline = time.monotonic() + args.seconds if args.seconds else float("inf")
    next_report = time.monotonic() + 10
    gone_already: set[str] = set()
    while not stop and time.monotonic() < deadline:
        if (gone := cast.first_exited(gone_already)) is not None:
            gone_already.add(gone.name)
            code = gone.process.returncode
            if gone.name == "kiosk" and code == LEFT_KIOSK_MODE:
                print(
                    "demo: the kiosk left kiosk mode (administrator PIN); everything else"
                    " keeps running. Ctrl-C stops it all.",
                    flush=True,
                )
                continue
            print(
                f"demo: {gone.name} stopped on its own ({code}); the end of {gone.log}:\n"
                f"{tail(gone.log)}",
                file=sys.stderr,
                flush=True,
            )
            if gone.name == "server":
                status = 1
                break
            print("demo: the rest keeps running. Ctrl-C stops it all.", flush=True)
        if args.headless and time.monotonic() >= next_report:
            print(f"[{datetime.now():%H:%M:%S}] {figures(url, token)}", flush=True)
            next_report += 10
        time.sleep(0.2)
    if args.headless:
        print(f"[{datetime.now():%H:%M:%S}] {figures(url, token)}", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="demo", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path(".demo"))
    parser.add_argument("--port", type=int, default=8640)
    parser.add_argument("--rate", type=float, default=5.0, help="simulated bets a second")
    parser.add_argument("--headless", action="store_true", help="every window offscreen")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: never)")
    parser.add_argument("--clean", action="store_true", help="remove earlier runs' files first")
    parser.add_argument(
        "--pmu",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="a PMU feed day (and runners) in place of the demo's",
    )
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.headless:
        env["QT_QPA_PLATFORM"] = "offscreen"
    elif not has_display(env):
        print(
            "demo: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so "
            "the windows cannot open.\nRun it headless: every part runs, the windows offscreen,"
            " and the server's figures are printed:\n    make demo HEADLESS=1\n"
            "To see the screens without a display:  make screenshots",
            file=sys.stderr,
        )
        return 2
    elif not env.get("QT_QPA_PLATFORM") and (why := desktop_ready()):
        print(why, file=sys.stderr)
        return 2
    if args.clean:
        shutil.rmtree(args.folder, ignore_errors=True)
    folder = (args.folder / f"run-{datetime.now():%Y%m%d-%H%M%S}").resolve()
    folder.mkdir(parents=True)
    latest = args.folder / "latest"
    latest.unlink(missing_ok=True)
    latest.symlink_to(folder.name)
    cast = Cast(folder, env)
    stop: list[int] = []
    signal.signal(signal.SIGINT, lambda number, _: stop.append(number))
    signal.signal(signal.SIGTERM, lambda number, _: stop.append(number))
    status = 0
    try:
        url, token = bring_up(cast, argparse.Namespace(**{**vars(args), "folder": folder}))
        print(guide(folder) if not args.headless else "", flush=True)
        status = watch(cast, args, url, token, stop)
    except SystemExit as exit_:
        print(exit_.code, file=sys.stderr)
        status = 1
    finally:
        print("stopping: " + ", ".join(cast.stop()), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
