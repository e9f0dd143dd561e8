"""The database a ``guichet-server`` command works on: its ``--db`` (a SQLite file or a
PostgreSQL URL, checked when parsed), and the default file in the user's data directory."""

from __future__ import annotations

import argparse
from pathlib import Path

import platformdirs

from backend.store import Store, StoreRefused, check_locator, open_store


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("guichet")) / "server.db"


def database(value: str) -> str:
    """``--db``: a SQLite file path, or a PostgreSQL URL (``postgresql://…``, several hosts
    allowed). Any other URL is refused by name: ``Path`` would take ``mysql://host/db`` for a
    file called ``mysql:`` and create it, silently."""
    try:
        return check_locator(value)
    except StoreRefused as err:
        raise argparse.ArgumentTypeError(err.detail) from None


def locator_of(args: argparse.Namespace) -> str:
    """The database's locator; the default SQLite file's folder is made on first use."""
    locator: str | None = args.db
    if locator is None:
        path = default_db()
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)
    return locator


def store_of(args: argparse.Namespace) -> Store:
    return open_store(locator_of(args), create=args.create)
