"""``guichet-sim``: start the simulated devices, or send one command to running ones.

    guichet-sim [--json] [--out DIR] [--dir DIR] [--printer-baud 38400] [--tcp-port 9100]
                [--control-port N] [--panel [--title TEXT] [--geometry WxH+X+Y]]
    guichet-sim send '{"cmd": "swipe", "number": "4970101234567897"}' [--control URL]

``run`` prints the devices' URLs (one JSON object with ``--json``) and the control URL, then
runs until Ctrl-C. ``send`` reads the control URL from ``--control`` or from DIR/control.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from firmware_sim.control import ControlServer, send
from firmware_sim.rig import Rig, RigOptions

DEFAULT_DIR = Path(".guichet-sim")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "send":
        return _send(args)
    return _run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guichet-sim", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="start the devices (the default)")
    for target in (parser, run):
        target.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where device links go")
        target.add_argument("--out", type=Path, help="write each printed ticket here (.txt, .png)")
        target.add_argument("--json", action="store_true", help="print the URLs as one JSON object")
        target.add_argument("--printer-baud", type=int, default=38400, help="0: unpaced")
        target.add_argument("--serial-baud", type=int, default=9600, help="0: unpaced")
        target.add_argument(
            "--tcp-port", type=int, default=9100, help="printer's network port; -1: none"
        )
        target.add_argument("--control-port", type=int, default=0)
        target.add_argument("--panel", action="store_true", help="open the Qt panel window")
        target.add_argument("--title", default="", help="whose devices, in the panel's title")
        target.add_argument(
            "--geometry",
            type=geometry,
            metavar="WxH+X+Y",
            help="where the panel opens, e.g. 880x354+1040+716",
        )
    send_cmd = sub.add_parser("send", help="send one JSON command to running devices")
    send_cmd.add_argument("request", help='e.g. \'{"cmd": "scan", "code": "123"}\'')
    send_cmd.add_argument("--control", help="the control URL (default: read from --dir)")
    send_cmd.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    return parser


GEOMETRY = re.compile(r"(\d{1,5})x(\d{1,5})\+(\d{1,5})\+(\d{1,5})")


def geometry(text: str) -> tuple[int, int, int, int]:
    """``--geometry 880x354+1040+716`` (X11's way, as the terminal's ``[display] window``):
    the panel's left, top, width and height."""
    found = GEOMETRY.fullmatch(text)
    if found is None or min(int(found[1]), int(found[2])) < 100:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected WIDTHxHEIGHT+LEFT+TOP, at least 100 pixels each way"
        )
    width, height, x, y = (int(part) for part in found.groups())
    return x, y, width, height


def _run(args: argparse.Namespace) -> int:
    options = RigOptions(
        folder=args.dir.resolve(),
        out=args.out,
        printer_baud=args.printer_baud,
        serial_baud=args.serial_baud,
        printer_tcp_port=None if args.tcp_port < 0 else args.tcp_port,
    )
    try:
        rig = Rig(options).start()
    except OSError as exc:
        print(f"guichet-sim: cannot start the devices: {exc}", file=sys.stderr)
        return 1
    control = ControlServer(rig, args.control_port).start()
    (options.folder or args.dir).joinpath("control").write_text(control.url + "\n")
    urls = {**rig.urls(), "control": control.url}
    if args.json:
        print(json.dumps(urls), flush=True)
    else:
        for name, url in urls.items():
            print(f"{name:14} {url}", flush=True)
        print("Ctrl-C stops the devices.", flush=True)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if args.panel:
            from firmware_sim.panel import run_panel  # noqa: PLC0415 - Qt only when asked

            run_panel(rig, stop, args.title, args.geometry)
        else:
            while not stop.wait(0.5):
                pass
    finally:
        control.stop()
        rig.stop()
    return 0


def _send(args: argparse.Namespace) -> int:
    url = args.control
    if url is None:
        path = args.dir / "control"
        if not path.exists():
            print(
                f"guichet-sim: no simulator running in {args.dir} (no control file)",
                file=sys.stderr,
            )
            return 2
        url = path.read_text().strip()
    try:
        request = json.loads(args.request)
    except json.JSONDecodeError as exc:
        print(f"guichet-sim: the request is not JSON: {exc}", file=sys.stderr)
        return 2
    try:
        reply = send(url, request)
    except OSError as exc:
        print(f"guichet-sim: cannot reach the simulator at {url}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(reply))
    return 0 if reply.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
