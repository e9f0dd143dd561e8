"""Request signing: terminals sign every request with HMAC-SHA256 under their own secret.

The string signed is ``METHOD\\nPATH\\nSHA256(body)\\nTIMESTAMP\\nNONCE``; the four headers
below carry the terminal id, the timestamp, a fresh nonce and the signature. The server's side
(``backend.auth.Verifier``) refuses a stale timestamp or a replayed nonce, so a client signs
again for every attempt: ``TerminalAuth`` does, so that an honest retry always passes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import datetime

import httpx

TERMINAL = "x-guichet-terminal"
TIMESTAMP = "x-guichet-timestamp"
NONCE = "x-guichet-nonce"
SIGNATURE = "x-guichet-signature"
WINDOW_SECONDS = 300


def string_to_sign(method: str, path: str, body: bytes, timestamp: str, nonce: str) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join((method.upper(), path, digest, timestamp, nonce)).encode()


def signature(
    secret: bytes, method: str, path: str, body: bytes, timestamp: str, nonce: str
) -> str:
    message = string_to_sign(method, path, body, timestamp, nonce)
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Signer:
    """The client side, for terminals, the load generator and tests."""

    terminal_id: str
    secret: bytes = field(repr=False)

    def headers(self, method: str, path: str, body: bytes, now: datetime) -> dict[str, str]:
        timestamp = str(int(now.timestamp()))
        nonce = secrets.token_hex(16)
        return {
            TERMINAL: self.terminal_id,
            TIMESTAMP: timestamp,
            NONCE: nonce,
            SIGNATURE: signature(self.secret, method, path, body, timestamp, nonce),
        }


class TerminalAuth(httpx.Auth):
    """Signs every request an ``httpx`` client sends, with a fresh nonce each attempt."""

    requires_request_body = True

    def __init__(self, signer: Signer, clock: Callable[[], datetime]) -> None:
        self.signer = signer
        self.clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        path = request.url.raw_path.decode("ascii")
        request.headers.update(
            self.signer.headers(request.method, path, request.content, self.clock())
        )
        yield request
