"""A SQLite file damaged or replaced under the running server: found, and every write stopped.

SQLite trusts its file. Pages overwritten under a running server went unnoticed: its
connection kept serving them from its page cache, 30 more bets were acknowledged into the
write-ahead log, and the file no longer opened at the restart (issue 26). The server's
connection keeps a ``FileGuard``, which stops it for good (``StoreDamaged``: until an operator
restores the file and restarts the server) on the first of:

- another file at the path (``st_dev``, ``st_ino``): deleted, or replaced (``os.replace``);
- the header's first 24 bytes (magic string, page size, format) no longer what they were;
- the file written by someone else: its size or times moved since the server's own last
  write (the server writes the file itself only when it checkpoints, within a commit). The
  whole check then runs at once, before the transaction or statement goes on;
- the whole check failing: the above, and ``PRAGMA quick_check`` through a connection of its
  own, which reads the disk (the server's connection would read its page cache). ``Watch``
  runs it every ``interval`` seconds on a thread of its own, for what the times miss (a
  write within the clock tick of the server's own);
- SQLITE_CORRUPT or SQLITE_NOTADB from any statement (``SqliteStore``).

A file deleted or replaced takes with it the bets the server acknowledged into it (those
still in its write-ahead log too: SQLite does not checkpoint into a file that moved). So
the server first saves the database as it has it, through its own connection, beside the
path (``save_copy``): every bet acknowledged is in a file that opens. Then it moves its
write-ahead log away from the path (``set_aside_log``): left there, it would be applied to
the file put in its place the next time that is opened, and damage it.

The first three cost one ``stat`` and one 24-byte read at every transaction (and every
statement outside one). The header is read through a descriptor kept open from the start:
opening and closing the file again would release the locks SQLite holds on it (POSIX locks
belong to the process, and closing any descriptor of the file drops them all).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from backend.store.base import StoreDamaged, StoreError

log = logging.getLogger("guichet.store")

HEADER = 24  # magic string (16), page size, format versions, reserved space, payload fractions
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (the primary codes of the extended ones)


def is_damage(err: sqlite3.Error) -> bool:
    """SQLite says the file is malformed, or not a database."""
    return (getattr(err, "sqlite_errorcode", 0) & 0xFF) in DAMAGE_CODES


class FileGuard:
    """The server's file as it was when the server opened it. ``before`` and ``after`` are
    the connection's thread's; ``verify`` and ``stopped`` any thread's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._name = str(path)
        self._fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        found = os.fstat(self._fd)
        self._identity = (found.st_dev, found.st_ino)
        self._seen = _marks(found)
        self._header = os.pread(self._fd, HEADER, 0)
        self._log = _identity(Path(f"{path}-wal"))  # the write-ahead log this file goes with
        self._reason: str | None = None
        self._kind = ""
        self._lock = threading.Lock()
        self.saved: Path | None = None  # where the database as the server had it was saved

    @property
    def stopped(self) -> StoreDamaged | None:
        """What every write answers once the damage is found."""
        return None if self._reason is None else self.error()

    def before(self) -> None:
        """Before a transaction, or a statement of its own: the file is still the server's and
        still whole, or ``StoreDamaged``."""
        found = self._same_file()
        if _marks(found) != self._seen:  # written by someone else since the server's last write
            self.verify()
            self._seen = _marks(found)

    def after(self) -> None:
        """After the server wrote (a commit may have checkpointed into the file)."""
        self._seen = _marks(os.fstat(self._fd))

    def verify(self) -> None:
        """The whole check: the file at the path, its header, and every page of it."""
        self._same_file()
        verdict = quick_check(self.path)
        if verdict is not None:
            raise self.stop(f"{self.path} fails its integrity check: {verdict}", "damaged")

    def _same_file(self) -> os.stat_result:
        """The file at the path now, if it is the server's with its header as it was."""
        if self._reason is not None:
            raise self.error()
        try:
            found = os.stat(self._name)
        except OSError:
            raise self.stop(self._replaced(), "replaced") from None
        if (found.st_dev, found.st_ino) != self._identity:
            raise self.stop(self._replaced(), "replaced")
        if os.pread(self._fd, HEADER, 0) != self._header:
            raise self.stop(f"the header of {self.path} was overwritten", "damaged")
        return found

    def stop(self, why: str, kind: str = "damaged") -> StoreDamaged:
        """Stop every write from now on; said once in the log. The error to raise."""
        with self._lock:
            if self._reason is None:
                self._reason, self._kind = why, kind
                log.error(
                    "sales stopped, the database is damaged: %s; stop the server and "
                    "restore the file from a backup",
                    why,
                )
        return self.error()

    @property
    def replaced(self) -> bool:
        return self._kind == "replaced"

    def set_aside_log(self) -> None:
        """The server's write-ahead log renamed, if it is still at the path, so that it is
        not applied to the file now there (or put there later)."""
        log_path = Path(f"{self.path}-wal")
        if self._log is None or _identity(log_path) != self._log:
            return
        aside = log_path.with_name(
            f"{log_path.name}.of-replaced-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
        )
        try:
            log_path.rename(aside)
        except OSError as err:
            log.error("the write-ahead log %s could not be set aside: %s", log_path, err)
            return
        log.error("the write-ahead log of the replaced file is set aside in %s", aside)

    def close(self) -> None:
        """After the connection is closed (its locks are the process's: see the module)."""
        os.close(self._fd)

    def _replaced(self) -> str:
        return f"the database file {self.path} was deleted or replaced while the server ran"

    def error(self) -> StoreDamaged:
        """What every refused write answers from the moment the damage was found."""
        saved = "" if self.saved is None else f" (what the server had is saved in {self.saved})"
        return StoreDamaged(
            f"the database is damaged: sales stopped ({self._reason}); stop the server and "
            f"restore {self.path}{saved}",
            reason=self._kind,
        )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _marks(found: os.stat_result) -> tuple[int, int, int]:
    """What moves when anyone writes the file."""
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def save_copy(conn: sqlite3.Connection, path: Path) -> Path | None:
    """The database as ``conn`` has it (its file, even unlinked, and its write-ahead log)
    copied into a new file beside ``path``; on the thread that owns ``conn``. None, and
    said, if it cannot be."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    copy = path.with_name(f"{path.name}.saved-{stamp}")
    for n in range(2, 100):
        if not copy.exists():
            break
        copy = path.with_name(f"{path.name}.saved-{stamp}-{n}")
    try:
        with closing(sqlite3.connect(copy)) as target:
            conn.backup(target)
    except (sqlite3.Error, OSError) as err:
        log.error("the database as the server had it could not be saved in %s: %s", copy, err)
        return None
    log.error("the database as the server had it, every bet it acknowledged, is saved in %s", copy)
    return copy


def quick_check(path: Path) -> str | None:
    """What is wrong with the file at ``path`` (SQLite's first finding), or None. Read through
    a read-only connection of its own: from the disk (and the write-ahead log), not from any
    other connection's cache. A busy or unreadable file is not a verdict: ``StoreError``."""
    try:
        conn = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro",
            uri=True,
            timeout=10.0,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as err:
        raise StoreError(f"cannot open {path} to check it: {err}") from err
    try:
        verdict = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as err:
        if is_damage(err):
            return str(err)
        raise StoreError(f"cannot check {path}: {err}") from err
    finally:
        conn.close()
    text = "no verdict" if verdict is None else str(verdict[0])
    return None if text == "ok" else text


class Watch:
    """``verify`` every ``every`` seconds on a thread of its own, until it finds the damage
    or is stopped. A check that cannot run (the file busy) is tried again at the next."""

    def __init__(self, verify: Callable[[], None], every: float) -> None:
        self._verify = verify
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="integrity", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._verify()
            except StoreDamaged:
                return  # said, and every write refused from now on
            except StoreError as err:
                log.warning("the database's integrity was not checked this time: %s", err.detail)
