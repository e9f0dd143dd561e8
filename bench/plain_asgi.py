"""A second yardstick for ``bench/side_by_side.py``: the bare endpoint's answer with no
framework at all, a plain ASGI callable. Beside the bare FastAPI endpoint under the same HTTP
server it shows what the framework costs a request, and beside itself under another server what
the server does (issue 28)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
HEADERS = [(b"content-type", b"application/json")]


async def app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    """Whatever the path, the bare endpoint's answer to a bet's JSON; the lifespan
    acknowledged (granian's ASGI interface sends it, and waits for the answer)."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    bet: Any = json.loads(body)
    answer = json.dumps({"transaction_id": bet.get("transaction_id"), "status": "ACCEPTED"})
    encoded = answer.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [*HEADERS, (b"content-length", str(len(encoded)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": encoded})
