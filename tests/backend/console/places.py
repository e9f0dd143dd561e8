"""Browsers at given client addresses, for the console's login tests.

The test server listens on loopback, where the packaged TLS proxy runs, so it trusts the
``X-Forwarded-For`` a client sends as the proxy would set it (uvicorn's ``FORWARDED_ALLOW_IPS``):
each ``Place`` is a browser at the address it names, as the server sees it behind the proxy."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.servers import LiveServer

from .conftest import token_in


class Place:
    """One browser at ``address``: its cookies, and its login form's token."""

    def __init__(self, server: LiveServer, address: str, lang: str = "en") -> None:
        self.address = address
        self.http = httpx.Client(
            base_url=server.url,
            timeout=30,
            headers={
                "X-Forwarded-For": address,
                "Accept-Language": lang,
            },
        )
        self._token = ""

    def log_in(self, name: str, password: str, next: str = "") -> httpx.Response:
        """Post the login form (read once, as a browser keeps it)."""
        if not self._token:
            self._token = token_in(self.http.get("/console/login").text)
        fields = {"csrf": self._token, "name": name, "password": password}
        answer = self.http.post(
            "/console/login", data={**fields, **({"next": next} if next else {})}
        )
        if answer.status_code == 303:
            self._token = ""  # a login ends its form's token
        return answer

    def post(self, path: str, **fields: str) -> httpx.Response:
        """A form posted in this browser's session, with its CSRF token (read from the password
        page, every operator's, even one who must change their password first)."""
        page = self.http.get("/console/password")
        return self.http.post(path, data={"csrf": token_in(page.text), **fields})


Places = Callable[..., Place]


@pytest.fixture
def places(console: LiveServer) -> Iterator[Places]:
    """``places("192.0.2.10")``: a browser there (closed at the end of the test)."""
    made: list[Place] = []

    def at(address: str, lang: str = "en") -> Place:
        made.append(Place(console, address, lang))
        return made[-1]

    yield at
    for place in made:
        place.http.close()
