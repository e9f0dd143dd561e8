"""The security headers of every answer the server gives, decided here and nowhere else.

They were the console's pages' own, so the console's 404, the API docs, the static files and
every error answered without them: any site could frame them (clickjacking). Now one ASGI
middleware (``SecurityHeaders``, put around the application by the connection protocol,
``backend.connections``, which every server runs; with the metrics on, ``backend.timing``'s
``Timed`` applies the same ``secure`` in its own pass) sets them on every answer — API,
console, static, docs, errors of every status — and the protocol's own answers (its 503 when
full, its 400 for a request it cannot parse) carry them too.

Every answer: no frame may hold it (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``
for older browsers), no content sniffing, the referrer kept to the site. The content policy
takes scripts and styles from the server only; the API docs (``/docs``, FastAPI's Swagger
UI) also need their own sources: Swagger UI from its CDN, and the one inline script that
starts it, allowed by its hash (computed here from FastAPI's own page, so it follows FastAPI).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi.openapi.docs import get_swagger_ui_html

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

DOCS = "/docs"  # FastAPI's Swagger UI; its OpenAPI document is /openapi.json
POLICY = (
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self';"
    " base-uri 'none'"
)


def _docs_policy() -> str:
    """The policy of FastAPI's Swagger UI page: its CDN's scripts and styles, its favicon,
    its inline script by hash; still no frame."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json", title="", oauth2_redirect_url=f"{DOCS}/oauth2-redirect"
    ).body
    html = bytes(page).decode()
    inline = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline
    )
    scripts = sorted(set(re.findall(r'<script src="(https://[^/"]+)/', html)))
    styles = sorted(
        set(re.findall(r'<link type="text/css" rel="stylesheet" href="(https://[^/"]+)/', html))
    )
    icons = sorted(set(re.findall(r'<link rel="shortcut icon" href="(https://[^/"]+)/', html)))
    return (
        f"default-src 'self'; script-src 'self' {' '.join(scripts)} {hashes};"
        f" style-src 'self' {' '.join(styles)}; img-src 'self' data: {' '.join(icons)};"
        " frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    )


DOCS_POLICY = _docs_policy()
COMMON = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
NAMES = {b"content-security-policy", *(name for name, _ in COMMON)}
EVERYWHERE = [(b"content-security-policy", POLICY.encode()), *COMMON]
ON_DOCS = [(b"content-security-policy", DOCS_POLICY.encode()), *COMMON]


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    """The security headers of an answer to ``path``."""
    return ON_DOCS if path == DOCS else EVERYWHERE


def secure(start: Message, ours: list[tuple[bytes, bytes]]) -> None:
    """An answer's start given ``ours`` in place of any of the same names the application
    set (``SecurityHeaders``, and ``backend.timing.Timed``, which does both its work and
    this in one pass)."""
    kept = [h for h in start.get("headers", ()) if bytes(h[0]).lower() not in NAMES]
    start["headers"] = [*kept, *ours]


class SecurityHeaders:
    """ASGI middleware: every HTTP answer leaves with ``headers_for`` its path, in place of
    any the application set."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours = headers_for(scope.get("path", ""))

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                secure(message, ours)
            await send(message)

        await self.app(scope, receive, secured)
