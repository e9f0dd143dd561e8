"""``guichet-server serve``: the central server run by uvicorn, in one process (SQLite, or
PostgreSQL) or several (PostgreSQL only), with its options and its administrator token."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import uvicorn

from backend.app import ServerSettings, create_app, metrics_wanted
from backend.cli_store import default_db, locator_of
from backend.connections import GuardedProtocol
from backend.open_files import raise_open_files
from backend.store import local_file, open_store, shown, writers_at


def workers(value: str) -> int:
    """``--workers``: how many server processes; checked against the store in ``serve``."""
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"a number of processes from 1 to 64, not {value!r}")
    return int(value)


def admin_token(token_file: Path | None, locator: str) -> str:
    if token := os.environ.get("GUICHET_ADMIN_TOKEN"):
        return token
    beside = local_file(locator) or default_db()
    path = token_file or beside.with_name("admin-token")
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    token = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(token + "\n", encoding="utf-8")
    print(f"administrator token created in {path} (readable by its owner only)", file=sys.stderr)
    return token


def _euros(text: str) -> int:
    """Whole euros, from 0: the odds threshold (argparse says what was wrong, in one line)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise argparse.ArgumentTypeError(f"a whole number of euros from 0, not {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        raise argparse.ArgumentTypeError(f"a whole number from 0, not {text!r}")
    return int(text)


def serve(args: argparse.Namespace) -> int:
    locator = locator_of(args)
    if args.workers > 1 and writers_at(locator) == "one":
        print(
            f"guichet-server: --workers {args.workers}: on SQLite the server runs 1 worker "
            "(one process writes the file); several workers need PostgreSQL",
            file=sys.stderr,
        )
        return 2
    least = args.odds_min_pool
    if least is None:
        try:
            least = _euros(os.environ.get("GUICHET_ODDS_MIN_POOL", "50"))
        except argparse.ArgumentTypeError as err:
            print(f"guichet-server: GUICHET_ODDS_MIN_POOL: {err}", file=sys.stderr)
            return 2
    # there, whole (every page read), its schema up to date, before anything else
    open_store(locator, create=args.create, check=True).close()
    if said := raise_open_files(args.max_connections):  # before any worker starts
        print(f"guichet-server: {said}", file=sys.stderr)
    token = admin_token(args.admin_token_file, locator)
    print(
        f"guichet-server: database {shown(locator)}, {args.workers} worker(s), listening on "
        f"http://{args.host}:{args.port}",
        file=sys.stderr,
    )
    protocol = GuardedProtocol.configured(
        most=args.max_connections, per_address=args.max_connections_per_address
    )
    if args.workers == 1:
        app = create_app(
            ServerSettings(
                locator,
                token,
                odds_min_pool=least * 100,
                integrity_every=args.integrity_check,
                metrics=metrics_wanted(),
                metrics_token=os.environ.get("GUICHET_METRICS_TOKEN", ""),
            )
        )
        config = uvicorn.Config(
            app,
            host=args.host,
            port=args.port,
            log_level="info",
            http=protocol,
            proxy_headers=False,  # read by the application, off the bets' path (ServerApp)
            access_log=args.access_log,
            timeout_graceful_shutdown=5,
        )
        # bound before the application starts, as several workers' socket is: READY=1 (sent
        # when the application is up, backend.liveness) then means answering
        listening = config.bind_socket()
        uvicorn.Server(config).run(sockets=[listening])
        return 0
    os.environ.update(
        GUICHET_DB=locator,
        GUICHET_ADMIN_TOKEN=token,
        GUICHET_ODDS_MIN_POOL_CENTS=str(least * 100),
        GUICHET_MAX_CONNECTIONS=str(args.max_connections),
        GUICHET_MAX_CONNECTIONS_PER_ADDRESS=str(args.max_connections_per_address),
    )
    # the workers' metrics, each in its own files there (prometheus_client's multiprocess
    # mode): a folder of this run's, made before any worker starts (a worker reads the variable
    # as it imports prometheus_client) and removed when they have stopped, so that no figure of
    # an earlier run's workers is added to this one's
    folder = tempfile.mkdtemp(prefix="guichet-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    print(f"guichet-server: the workers' metrics are gathered in {folder}", file=sys.stderr)
    try:
        # each worker process gets the class by name and its limits from the environment
        uvicorn.run(
            "backend.app:app_from_environment",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_level="info",
            access_log=args.access_log,
            http=GuardedProtocol,
            proxy_headers=False,  # read by the application, off the bets' path (ServerApp)
            timeout_graceful_shutdown=5,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
    return 0


def serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``serve`` and its options."""
    p = commands.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8640)
    p.add_argument(
        "--workers",
        type=workers,
        default=1,
        metavar="N",
        help="server processes (1 on SQLite; several on PostgreSQL)",
    )
    p.add_argument("--admin-token-file", type=Path)
    p.add_argument(
        "--odds-min-pool",
        type=_euros,
        metavar="EUROS",
        help="show no approximate odds while a race's win pool is below this "
        "(default $GUICHET_ODDS_MIN_POOL, else 50)",
    )
    p.add_argument(
        "--max-connections",
        type=_count,
        default=8000,
        metavar="N",
        help="open connections a worker keeps; past it new ones get a 503 "
        "(keep it under the unit's LimitNOFILE)",
    )
    p.add_argument(
        "--max-connections-per-address",
        type=_count,
        default=0,
        metavar="N",
        help="from one address (0: no limit; leave 0 behind a proxy)",
    )
    p.add_argument(
        "--integrity-check",
        type=_count,
        default=60,
        metavar="SECONDS",
        help="read the SQLite file whole this often, to stop sales on a file "
        "damaged under the server (0: never; default 60)",
    )
    p.add_argument(
        "--access-log",
        action="store_true",
        help="log every HTTP request (off by default: at 2,000 bets a second "
        "the lines cost more than the bets; the journal has each)",
    )
    p.set_defaults(run=serve)
