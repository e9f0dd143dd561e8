"""Checking credentials: terminals sign every request; administrators hold a bearer token.

What a terminal signs, and how, is ``wire.signing``, shared with the terminal. The server
refuses a request whose signature does not match, whose timestamp is more than five minutes
from its clock, or whose nonce it has seen (``backend.nonces``: in memory, or in the
database for several workers). After a restart, requests signed before the server started
are refused, so a nonce forgotten by the restart cannot be replayed (a client re-signs every
attempt, so an honest retry passes). Secrets never reach a log or an error message.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from backend.errors import Unauthorized
from backend.nonces import MemoryNonces
from wire.signing import NONCE, SIGNATURE, TERMINAL, TIMESTAMP, WINDOW_SECONDS, signature


@dataclass(frozen=True, slots=True)
class Signed:
    """A request whose signature and time are right; its nonce is still to be claimed."""

    terminal_id: str
    nonce: str
    now: float
    expires_at: float  # no request signed with this nonce's timestamp passes after it


REPLAYED = "this nonce was already used: a replayed request"


@dataclass(slots=True)
class Verifier:
    secret_of: Callable[[str], bytes | None]
    clock: Callable[[], datetime]
    started_at: float
    nonces: MemoryNonces = field(default_factory=MemoryNonces)

    def verify(self, method: str, path: str, body: bytes, headers: Mapping[str, str]) -> str:
        """The terminal id of a well-signed request, its nonce claimed in this process's
        memory; ``Unauthorized`` otherwise. (The server's routes claim nonces in the
        ``NonceBook`` of the store, shared by every worker: ``check`` then ``claim``.)"""
        signed = self.check(method, path, body, headers)
        if not self.nonces.claim(signed.nonce, signed.now, signed.expires_at):
            raise Unauthorized(REPLAYED, code="replayed_nonce")
        return signed.terminal_id

    def check(self, method: str, path: str, body: bytes, headers: Mapping[str, str]) -> Signed:
        """The signature and the timestamp; ``Unauthorized`` when either is wrong."""
        terminal_id = headers.get(TERMINAL)
        timestamp = headers.get(TIMESTAMP)
        nonce = headers.get(NONCE)
        sent = headers.get(SIGNATURE)
        if not (terminal_id and timestamp and nonce and sent):
            raise Unauthorized(
                "the request is not signed: it needs the headers "
                f"{TERMINAL}, {TIMESTAMP}, {NONCE} and {SIGNATURE}",
                code="unsigned",
            )
        # ASCII digits, at most 12 of them: ``str.isdigit`` also takes "²" (which ``int``
        # refuses), and ``int`` refuses more than 4,300 digits: both were 500s (issue 16)
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            raise Unauthorized("malformed timestamp: Unix seconds expected", code="bad_signature")
        if not 16 <= len(nonce) <= 128:
            raise Unauthorized("malformed nonce: 16 to 128 characters", code="bad_signature")
        if not sent.isascii():  # hmac.compare_digest raises on a non-ASCII str
            raise Unauthorized("the signature does not match", code="bad_signature")
        now = self.clock().timestamp()
        when = int(timestamp)
        if abs(now - when) > WINDOW_SECONDS:
            raise Unauthorized(
                f"the request was signed {int(now - when)} s from the server's time "
                f"(more than {WINDOW_SECONDS} s): check the terminal's clock",
                code="stale_timestamp",
            )
        if when < self.started_at - 1:
            raise Unauthorized(
                "the request was signed before the server started; re-sign it",
                code="stale_timestamp",
            )
        secret = self.secret_of(terminal_id)
        expected = signature(secret or b"", method, path, body, timestamp, nonce)
        if secret is None or not hmac.compare_digest(expected, sent):
            raise Unauthorized("the signature does not match", code="bad_signature")
        # kept until no request signed with this timestamp can be accepted any more
        return Signed(terminal_id, nonce, now, now + 2 * WINDOW_SECONDS)


def check_admin(expected_token: str, authorization: str | None) -> None:
    """Administrators send ``Authorization: Bearer <token>``."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(
            "administrator endpoints need an Authorization: Bearer token", code="admin_required"
        )
    if not hmac.compare_digest(token.encode(), expected_token.encode()):
        raise Unauthorized("the administrator token is wrong", code="admin_required")


def new_secret() -> bytes:
    return secrets.token_bytes(32)
