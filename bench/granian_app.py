"""The real server's application as granian serves it in ``bench/side_by_side.py``: built as
``guichet-server serve``'s workers build theirs (``backend.app:app_from_environment``, its
settings in the environment), inside the security headers. Under uvicorn the connection
protocol (``backend.connections.GuardedProtocol``) puts those around the application; granian
runs no protocol of ours, so without this its rows would skip work uvicorn's do."""

from __future__ import annotations

from backend.app import app_from_environment
from backend.security_headers import SecurityHeaders


def guarded() -> SecurityHeaders:
    """granian's ``--factory`` target."""
    return SecurityHeaders(app_from_environment())
