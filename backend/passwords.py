"""Operators' passwords: argon2id, hashed and checked on a small pool of threads of their own.

An argon2 check costs a fifth of a second of a core, on purpose. On the tote's thread, the
one that commits bets, eight clients posting logins took a terminal's bet from a p50 of 4 ms
to over a second (issue 26): so no hashing ever runs there. The pool is small (half the
cores, at least one thread), its threads run at a lower priority than the server's others
(``nice``: the tote and the event loop come first on a busy machine), and at most ``most``
checks are in flight or waiting for it: past that the check is refused at once with
``TooManyRequests`` (429, retry after a second) rather than queued, so a flood costs memory
and waiting time to nobody.

A name that does not exist costs the same check, against a dummy hash made with the same
parameters, so that the time an answer takes says nothing of the names that exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from backend.errors import TooManyRequests

HASHER = PasswordHasher()  # argon2id, argon2-cffi's parameters, a salt each
NICE = 10  # the pool's threads yield to the tote's and the event loop's
# an unambiguous alphabet for the passwords an administrator reads out (no 0/o, 1/l/i)
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A password checked: whether it matched, and its new hash if the stored one was made
    with older parameters (to be stored at this login)."""

    matched: bool
    rehashed: str | None = None


@cache
def dummy_hash() -> str:
    """What an unknown name's password is checked against (made once per process)."""
    return HASHER.hash(secrets.token_urlsafe(24))


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(stored: str | None, password: str) -> Verdict:
    """``password`` against ``stored``; against the dummy hash when there is none (an unknown
    name), which never matches. One argon2 check either way."""
    try:
        matched = HASHER.verify(stored or dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return Verdict(False)
    if matched and stored is not None and HASHER.check_needs_rehash(stored):
        return Verdict(True, HASHER.hash(password))
    return Verdict(matched)


def one_time_password() -> str:
    """A password an administrator hands over, to be changed at the first login: 16 letters
    and digits in four groups (80 bits), easy to read out and to type."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _lower_priority() -> None:
    """Each of the pool's threads runs at ``NICE`` (Linux sets it per thread)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


class PasswordChecks:
    """The pool that hashes and checks passwords, bounded in threads and in checks waiting."""

    def __init__(self, workers: int | None = None, most: int | None = None) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 2) // 2)
        self.most = most or 4 * self.workers
        self._pool = ThreadPoolExecutor(
            self.workers, thread_name_prefix="password", initializer=_lower_priority
        )
        self._in_flight = 0
        self.checked = 0  # argon2 checks done: the tests and the benchmark count them
        self.refused = 0  # attempts refused for want of room

    @property
    def in_flight(self) -> int:
        """Attempts holding a place: waiting for the pool, checked there, or recorded."""
        return self._in_flight

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Room for one attempt (its reads, its check, its record), or ``TooManyRequests`` at
        once. Counted on the event loop: no lock needed."""
        if self._in_flight >= self.most:
            self.refused += 1
            raise TooManyRequests(
                f"{self.most} password checks are already waiting: retry in a second",
                code="logins_busy",
                seconds=1,
            )
        self._in_flight += 1
        try:
            yield
        finally:
            self._in_flight -= 1

    async def verify(self, stored: str | None, password: str) -> Verdict:
        verdict = await asyncio.wrap_future(self._pool.submit(verify, stored, password))
        self.checked += 1
        return verdict

    async def hash(self, password: str) -> str:
        return await asyncio.wrap_future(self._pool.submit(hash_password, password))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
