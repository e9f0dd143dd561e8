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
    StoreError,
    StoreRefused,
    check_locator,
    is_url,
    shown,
)

__all__ = [
    "Cursor", "Dialect", "Row", "Store", "StoreConflict", "StoreError", "StoreRefused",
    "check_locator", "is_url", "open_store", "shown",
]  # fmt: skip


def open_store(locator: str | Path) -> Store:
    """Connect to the database ``locator`` names, its schema brought up to date."""
    text = check_locator(str(locator))
    if not is_url(text):
        return sqlite.connect(Path(text))
    try:
        # the optional dependency (guichet[postgres]), loaded only by those who use it
        from backend.store import postgresql  # noqa: PLC0415
    except ImportError as err:
        raise StoreRefused(
            f"PostgreSQL needs its driver: pip install 'guichet[postgres]' ({err})"
        ) from None
    return postgresql.connect(text)
