"""The signature verifier on its own, with a clock the test moves."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from backend.auth import Verifier
from backend.errors import Unauthorized
from wire.signing import NONCE, SIGNATURE, TIMESTAMP, Signer

from .conftest import NOON, Clock, LiveServer

SECRET = b"k" * 32


def verifier(clock: Clock) -> Verifier:
    return Verifier({"T1": SECRET}.get, clock, started_at=NOON.timestamp())


def test_a_nonce_is_refused_for_as_long_as_its_request_could_be_replayed() -> None:
    clock = Clock(NOON)
    check = verifier(clock)
    headers = Signer("T1", SECRET).headers("POST", "/v1/bets", b"{}", clock())
    assert check.verify("POST", "/v1/bets", b"{}", headers) == "T1"
    clock.advance(seconds=299)
    with pytest.raises(Unauthorized) as replayed:
        check.verify("POST", "/v1/bets", b"{}", headers)
    assert replayed.value.code == "replayed_nonce"
    clock.advance(seconds=2)  # past the window: refused as stale, whatever the cache holds
    with pytest.raises(Unauthorized) as stale:
        check.verify("POST", "/v1/bets", b"{}", headers)
    assert stale.value.code == "stale_timestamp"


def test_the_nonce_cache_forgets_what_can_no_longer_be_replayed() -> None:
    clock = Clock(NOON)
    check = verifier(clock)
    signer = Signer("T1", SECRET)
    for _ in range(1000):
        check.verify("GET", "/v1/odds", b"", signer.headers("GET", "/v1/odds", b"", clock()))
    assert len(check.nonces._nonces) == 1000
    clock.advance(seconds=601)
    check.verify("GET", "/v1/odds", b"", signer.headers("GET", "/v1/odds", b"", clock()))
    assert len(check.nonces._nonces) == 1  # the thousand expired ones are gone


def test_a_request_signed_before_the_server_started_is_refused() -> None:
    clock = Clock(NOON)
    check = verifier(clock)
    earlier = Signer("T1", SECRET).headers("GET", "/v1/config", b"", NOON - timedelta(seconds=10))
    with pytest.raises(Unauthorized, match="before the server started"):
        check.verify("GET", "/v1/config", b"", earlier)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (TIMESTAMP, "9" * 5000),  # past Python's int digit limit
        (TIMESTAMP, "²"),  # isdigit() is true, int() refuses it
        (TIMESTAMP, "١٧٠٠٠٠٠٠٠٠"),  # Arabic-Indic digits
        (SIGNATURE, "é" * 64),  # compare_digest raises on non-ASCII
        (NONCE, "n"),
    ],
)
def test_a_malformed_signature_header_is_refused_not_a_crash(header: str, value: str) -> None:
    clock = Clock(NOON)
    headers = Signer("T1", SECRET).headers("POST", "/v1/bets", b"{}", clock())
    headers[header] = value
    with pytest.raises(Unauthorized) as refused:
        verifier(clock).verify("POST", "/v1/bets", b"{}", headers)
    assert refused.value.code == "bad_signature"


def test_malformed_headers_through_the_server_are_401s_in_one_line(
    live_server: LiveServer, open_race: str
) -> None:
    with live_server.terminal() as terminal:
        signer = live_server.signer(terminal)
    body = b"{}"
    for header, value in ((TIMESTAMP, "9" * 5000), (TIMESTAMP, "²"), (SIGNATURE, "é" * 64)):
        signed = signer.headers("POST", "/v1/bets", body, live_server.clock())
        headers = {k.encode(): v.encode() for k, v in signed.items()}  # bytes: sent as given
        headers[header.encode()] = value.encode()
        with httpx.Client(base_url=live_server.url, timeout=10) as client:
            answer = client.post("/v1/bets", content=body, headers=headers)
        assert answer.status_code == 401, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "bad_signature"
