"""The server's database: ``open_store`` gives the store a locator names (the interface, the
dialects and the exception tree are drawn in ``backend.store.base``)."""

from __future__ import annotations

from pathlib import Path

from backend.store import sqlite
from backend.store.base import (
    Cursor,
    Dialect,
    Row,
    Store,
    StoreConflict,
    StoreDamaged,
    StoreError,
    StoreMissing,
    StoreRefused,
    Writers,
    check_locator,
    is_url,
    local_file,
    shown,
    writers_at,
)

__all__ = [
    "Cursor",
    "Dialect",
    "Row",
    "Store",
    "StoreConflict",
    "StoreDamaged",
    "StoreError",
    "StoreMissing",
    "StoreRefused",
    "Writers",
    "check_locator",
    "is_url",
    "local_file",
    "open_store",
    "shown",
    "writers_at",
]


def open_store(locator: str | Path, *, create: bool = False, check: bool = False) -> Store:
    """Connect to the database ``locator`` names, its schema brought up to date. Without
    ``create`` it must be a Guichet database already (``StoreMissing`` otherwise): a server
    that found an empty file where its database was would sell tickets no one could pay.
    ``check`` reads a SQLite file whole first (``serve``, before it listens)."""
    text = check_locator(str(locator))
    if not is_url(text):
        return sqlite.connect(Path(text), create=create, check=check)
    try:
        # the optional dependency (guichet[postgres]), loaded only by those who use it
        from backend.store import postgresql  # noqa: PLC0415
    except ImportError as err:
        raise StoreRefused(
            f"PostgreSQL needs its driver: pip install 'guichet[postgres]' ({err})"
        ) from None
    return postgresql.connect(text, create=create)
