"""``guichet-server``: run the central server and administer its database.

    guichet-server serve [--host H] [--port P] [--workers 1] [--odds-min-pool EUROS] [--access-log]
                         [--db FILE]
    guichet-server load-programme FILE [--db FILE]
    guichet-server demo-programme [--db FILE] [--print]
    guichet-server create-terminal NAME [--db FILE]
    guichet-server verify-journal [--anchor SEQ:HASH] [--db FILE]
    guichet-server journal-head [--db FILE]
    guichet-server report [--day YYYY-MM-DD] [--json] [--db FILE]

The database defaults to ``server.db`` in the user's data directory. The administrator token
comes from ``GUICHET_ADMIN_TOKEN`` or ``--admin-token-file``; without either, ``serve`` makes
one, stores it readable by its owner only, and prints where (never the token itself).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import platformdirs
import uvicorn

from backend import journal
from backend.app import ServerSettings, create_app
from backend.db import connect
from backend.errors import ServerError
from backend.programme import demo_programme, load_programme, parse_programme
from backend.reports import terminals_report
from backend.terminals import create_terminal
from pari.money import format_amount


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("guichet")) / "server.db"


def database(value: str) -> Path:
    """``--db``: the path of the SQLite file. A URL is refused by name: ``Path`` would take
    ``postgresql://host/db`` for a file called ``postgresql:`` and create it, silently."""
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", value)
    if scheme is None:
        return Path(value)
    if scheme.group(1).lower() in {"postgresql", "postgres"}:
        raise argparse.ArgumentTypeError(
            "this version of guichet-server stores in SQLite only: give a file path"
        )
    raise argparse.ArgumentTypeError(
        f"{scheme.group(1)}:// is not a database this server can use: give a SQLite file path"
    )


def workers(value: str) -> int:
    """``--workers``: SQLite has one writer; a second process would only wait for it."""
    if value != "1":
        raise argparse.ArgumentTypeError(
            f"{value}: on SQLite the server runs 1 worker (one process writes the file)"
        )
    return 1


def _db(args: argparse.Namespace) -> Path:
    path: Path = args.db or default_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def admin_token(token_file: Path | None, db_path: Path) -> str:
    if token := os.environ.get("GUICHET_ADMIN_TOKEN"):
        return token
    path = token_file or db_path.with_name("admin-token")
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


def serve(args: argparse.Namespace) -> int:
    db_path = _db(args)
    least = args.odds_min_pool
    if least is None:
        try:
            least = _euros(os.environ.get("GUICHET_ODDS_MIN_POOL", "50"))
        except argparse.ArgumentTypeError as err:
            print(f"guichet-server: GUICHET_ODDS_MIN_POOL: {err}", file=sys.stderr)
            return 2
    app = create_app(ServerSettings(db_path, admin_token(args.admin_token_file, db_path),
                                    odds_min_pool=least * 100))  # fmt: skip
    print(f"guichet-server: database {db_path}, listening on http://{args.host}:{args.port}",
          file=sys.stderr)  # fmt: skip
    uvicorn.run(app, host=args.host, port=args.port, log_level="info",
                access_log=args.access_log, timeout_graceful_shutdown=5)  # fmt: skip
    return 0


def load(args: argparse.Namespace) -> int:
    data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    races = load_programme(connect(_db(args)), parse_programme(data), datetime.now(UTC))
    print(f"{races} races loaded")
    return 0


def demo(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    data = demo_programme(now.date(), now + timedelta(minutes=10))
    if args.print:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    races = load_programme(connect(_db(args)), parse_programme(data), now)
    print(f"demo programme of {now.date()}: {races} races loaded, the first at "
          f"{data['meetings'][0]['races'][0]['post_time']}")  # fmt: skip
    return 0


def terminal(args: argparse.Namespace) -> int:
    terminal_id, secret = create_terminal(connect(_db(args)), args.name, datetime.now(UTC))
    print(f"terminal_id {terminal_id}")
    print(f"secret {secret.hex()}")
    print("the secret is shown this once: put it in the terminal's configuration now",
          file=sys.stderr)  # fmt: skip
    return 0


def report(args: argparse.Namespace) -> int:
    """The day's figures per terminal, as the operator reconciles them with the Z reports."""
    day = date.fromisoformat(args.day) if args.day else datetime.now(UTC).date()
    start = datetime.combine(day, time(), UTC)
    figures = terminals_report(connect(_db(args)), start.isoformat(),
                               (start + timedelta(days=1)).isoformat())  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    print(f"{'terminal':<32} {'bets':>6} {'sales €':>11} {'cancelled €':>12} "
          f"{'paid out €':>11} {'net €':>11}  last seen (UTC)")  # fmt: skip
    totals = [0, 0, 0, 0, 0]
    for row in figures["terminals"]:
        values = [row["sales"]["count"], row["sales"]["amount"], row["cancellations"]["amount"],
                  row["payouts"]["amount"], row["net"]]  # fmt: skip
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        seen = (row["last_seen"] or "never")[:19]
        print(f"{row['name'][:32]:<32} {_line(values)}  {seen}")
    print(f"{'all terminals, ' + str(day):<32} {_line(totals)}")
    return 0


def _line(values: list[int]) -> str:
    count, *cents = values
    return f"{count:>6} " + " ".join(
        f"{format_amount(c):>{w}}" for c, w in zip(cents, (11, 12, 11, 11), strict=True)
    )


def head(args: argparse.Namespace) -> int:
    seq, digest = journal.head(connect(_db(args)))
    print(f"{seq}:{digest}")
    return 0


def verify(args: argparse.Namespace) -> int:
    anchor = None
    if args.anchor:
        seq, _, digest = args.anchor.partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError("--anchor is SEQ:HASH as printed by journal-head")
        anchor = (int(seq), digest)
    verdict = journal.verify(connect(_db(args)), anchor)
    if verdict.intact:
        print(f"journal intact: {verdict.records} records")
        return 0
    print(f"journal BROKEN at record {verdict.broken_at}: {verdict.reason} "
          f"({verdict.records} records verified before it)")  # fmt: skip
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guichet-server", description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=database, help=f"database file (default {default_db()})")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8640)
    p.add_argument("--workers", type=workers, default=1, metavar="N",
                   help="server processes (1 on SQLite)")  # fmt: skip
    p.add_argument("--admin-token-file", type=Path)
    p.add_argument("--odds-min-pool", type=_euros, metavar="EUROS",
                   help="show no approximate odds while a race's win pool is below this "
                        "(default $GUICHET_ODDS_MIN_POOL, else 50)")  # fmt: skip
    p.add_argument("--access-log", action="store_true",
                   help="log every HTTP request (off by default: at 2,000 bets a second "
                        "the lines cost more than the bets; the journal has each)")  # fmt: skip
    p.set_defaults(run=serve)
    p = commands.add_parser("load-programme", help="load a programme JSON file")
    p.add_argument("file", type=Path)
    p.set_defaults(run=load)
    p = commands.add_parser("demo-programme", help="load (or --print) today's demo programme")
    p.add_argument("--print", action="store_true")
    p.set_defaults(run=demo)
    p = commands.add_parser("create-terminal", help="register a terminal, print its secret once")
    p.add_argument("name")
    p.set_defaults(run=terminal)
    p = commands.add_parser("verify-journal", help="check the hash chain of the journal")
    p.add_argument("--anchor", help="SEQ:HASH recorded earlier by journal-head")
    p.set_defaults(run=verify)
    p = commands.add_parser("report", help="the day's sales, cancellations, payouts per terminal")
    p.add_argument("--day", help="YYYY-MM-DD (default: today, UTC)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=report)
    p = commands.add_parser("journal-head", help="print the journal's head, to record elsewhere")
    p.set_defaults(run=head)
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except ServerError as err:
        print(f"guichet-server: {err.detail}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as err:
        print(f"guichet-server: {err}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    raise SystemExit(main())
