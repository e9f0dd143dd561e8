"""``guichet-server``: run the central server and administer its database.

    guichet-server [--db DB] init
    guichet-server [--db DB] [--create] serve [--host H] [--port P] [--workers N]
                                              [--odds-min-pool EUROS] [--access-log]
                                              [--integrity-check SECONDS]
    guichet-server [--db DB] load-programme FILE
    guichet-server [--db DB] import-pmu [--max-stake EUROS] FILE...
    guichet-server [--db DB] settle-pmu FILE...
    guichet-server [--db DB] demo-programme [--print]
    guichet-server [--db DB] create-terminal NAME
    guichet-server [--db DB] create-operator NAME --role race-office|supervisor|admin
                                             [--password-file FILE]
    guichet-server [--db DB] verify-journal [--anchor ANCHOR]
    guichet-server [--db DB] journal-head
    guichet-server [--db DB] report [--day YYYY-MM-DD] [--json]

Every command but ``init`` refuses a database that is not there (exit status 3) unless given
``--create``: an empty database in place of a lost one would sell tickets no one could pay.
A damaged, foreign or newer database is refused in one line (status 4); a database server out
of reach is status 5; a wrong argument, 2.

``DB`` is a SQLite file (default: ``server.db`` in the user's data directory) or a PostgreSQL
URL (``postgresql://user@db1,db2/guichet``: several hosts, the writable one is used). The
administrator token comes from ``GUICHET_ADMIN_TOKEN`` or ``--admin-token-file``; without
either, ``serve`` makes one, stores it readable by its owner only (beside the SQLite file, or
in the user's data directory), and prints where (never the token itself).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from backend import journal
from backend.cli_store import database, default_db, locator_of, store_of
from backend.errors import ServerError
from backend.operators import ROLES, create_operator
from backend.pmu_import import import_command, max_stake_of, settle_command
from backend.programme import demo_programme, load_programme, parse_programme
from backend.reports import terminals_report
from backend.serve_cli import serve_command
from backend.store import StoreError, StoreMissing, StoreRefused, open_store, shown
from backend.terminals import create_terminal
from pari.money import format_amount

EXIT_USAGE = 2  # a wrong argument or input file
EXIT_NO_DATABASE = 3  # no database there yet: `init` makes it
EXIT_BAD_DATABASE = 4  # a database that cannot be used: damaged, newer, not a database
EXIT_NO_DATABASE_SERVER = 5  # the database server cannot be reached
_STORE_EXITS: dict[type[StoreError], int] = {
    StoreMissing: EXIT_NO_DATABASE,
    StoreRefused: EXIT_BAD_DATABASE,
}


def init(args: argparse.Namespace) -> int:
    """Make the database (or bring an existing one's schema up to date): the one command
    that creates, so a database that went missing is never replaced by an empty one."""
    locator = locator_of(args)
    store = open_store(locator, create=True)
    journal_records = journal.verify(store).records
    store.close()
    print(f"database ready: {shown(locator)} ({journal_records} journal records)")
    return 0


def load(args: argparse.Namespace) -> int:
    meetings = parse_programme(Path(args.file).read_bytes())
    races = load_programme(store_of(args), meetings, datetime.now(UTC))
    print(f"{races} races loaded")
    return 0


def import_pmu(args: argparse.Namespace) -> int:
    """The PMU's programme feed (``backend.pmu_import``); the files are read first, so a bad
    one never reaches the database."""
    return import_command(args.files, args.max_stake, store_of(args))


def settle_pmu(args: argparse.Namespace) -> int:
    return settle_command(args.files, store_of(args))


def pmu_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("import-pmu", help="import the PMU's programme feed (and runners)")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a programme file; participants files (R1C1=FILE if the name lacks it)",
    )
    p.add_argument(
        "--max-stake",
        type=max_stake_of,
        metavar="EUROS",
        help="the most one bet may cost on a pool whose feed gives no maximum",
    )
    p.set_defaults(run=import_pmu)
    p = commands.add_parser("settle-pmu", help="post the results of the PMU feed's arrivals")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=settle_pmu)


def demo(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    data = demo_programme(now.date(), now + timedelta(minutes=10))
    if args.print:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    races = load_programme(store_of(args), parse_programme(data), now)
    print(
        f"demo programme of {now.date()}: {races} races loaded, the first at "
        f"{data['meetings'][0]['races'][0]['post_time']}"
    )
    return 0


def terminal(args: argparse.Namespace) -> int:
    terminal_id, secret = create_terminal(store_of(args), args.name, datetime.now(UTC))
    print(f"terminal_id {terminal_id}")
    print(f"secret {secret.hex()}")
    print(
        "the secret is shown this once: put it in the terminal's configuration now", file=sys.stderr
    )
    return 0


def operator(args: argparse.Namespace) -> int:
    """Register a console operator. The password comes from a file (its first line), or is
    asked twice on the terminal; it is never an argument (ps and shell histories show those)."""
    if args.password_file is not None:
        lines = args.password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    elif sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("the same again: ") != password:
            print("guichet-server: the two passwords differ; nothing was changed", file=sys.stderr)
            return EXIT_USAGE
    else:
        print(
            "guichet-server: give --password-file, or run this on a terminal to be asked",
            file=sys.stderr,
        )
        return EXIT_USAGE
    made = create_operator(store_of(args), args.name, args.role, password, datetime.now(UTC))
    print(f"operator {made.name} ({made.role}) registered")
    return 0


def report(args: argparse.Namespace) -> int:
    """The day's figures per terminal, as the operator reconciles them with the Z reports."""
    day = date.fromisoformat(args.day) if args.day else datetime.now(UTC).date()
    start = datetime.combine(day, time(), UTC)
    figures = terminals_report(
        store_of(args), start.isoformat(), (start + timedelta(days=1)).isoformat()
    )
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{'terminal':<32} {'bets':>6} {'sales €':>11} {'cancelled €':>12} "
        f"{'paid out €':>11} {'net €':>11}  last seen (UTC)"
    )
    totals = [0, 0, 0, 0, 0]
    for row in figures["terminals"]:
        values = [
            row["sales"]["count"],
            row["sales"]["amount"],
            row["cancellations"]["amount"],
            row["payouts"]["amount"],
            row["net"],
        ]
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
    print(journal.format_anchor(journal.head(store_of(args))))
    return 0


def verify(args: argparse.Namespace) -> int:
    anchor = journal.parse_anchor(args.anchor) if args.anchor else None
    verdict = journal.verify(store_of(args), anchor)
    if verdict.intact:
        print(f"journal intact: {verdict.records} records")
        return 0
    print(
        f"journal BROKEN at record {verdict.broken_at}: {verdict.reason} "
        f"({verdict.records} records verified before it)"
    )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guichet-server", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", type=database, help=f"SQLite file or postgresql:// URL (default {default_db()})"
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="make the database if there is none (else: `init` first)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("init", help="make the database, or bring its schema up to date")
    p.set_defaults(run=init)
    serve_command(commands)
    p = commands.add_parser("load-programme", help="load a programme JSON file")
    p.add_argument("file", type=Path)
    p.set_defaults(run=load)
    pmu_commands(commands)
    p = commands.add_parser("demo-programme", help="load (or --print) today's demo programme")
    p.add_argument("--print", action="store_true")
    p.set_defaults(run=demo)
    p = commands.add_parser("create-terminal", help="register a terminal, print its secret once")
    p.add_argument("name")
    p.set_defaults(run=terminal)
    p = commands.add_parser("create-operator", help="register a console operator")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--password-file", type=Path, help="its first line is the password")
    p.set_defaults(run=operator)
    p = commands.add_parser("verify-journal", help="check the hash chain of the journal")
    p.add_argument("--anchor", help="what journal-head printed earlier (CHAIN.SEQ:HASH,…)")
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
    except StoreError as err:  # one line, and a status a unit or a script can act on
        print(f"guichet-server: {err.detail}", file=sys.stderr)
        return _STORE_EXITS.get(type(err), EXIT_NO_DATABASE_SERVER)
    except ServerError as err:
        print(f"guichet-server: {err.detail}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError) as err:
        print(f"guichet-server: {err}", file=sys.stderr)
        return EXIT_USAGE
    return status


if __name__ == "__main__":
    raise SystemExit(main())
