"""The server's API as the terminal calls it: signed, every call bounded by a timeout.

httpx's errors are translated here and nowhere else: no answer (refused connection, reset,
timeout, a 5xx from a proxy or an overloaded server) is ``Offline`` — the request may or may
not have taken effect, and is retried with the same transaction id; an answer that says no
is ``Refused`` with the server's problem code — definite.

Connections are kept alive between requests, and the server closes one idle for 5 s
(uvicorn's keep-alive). A request sent just as it does meets a closed connection — ``make
bench`` met one (``RemoteProtocolError``) — though the server is there. So a request that
could not connect, or that died unanswered on a connection the pool had kept, is sent once
more on a fresh connection before the terminal calls itself offline (``_retried``); a
timeout or a fault on a fresh connection is not (the server may be busy with it, or the
network down: the outbox's retries with backoff are the answer to those). Only idempotent
requests are sent twice — each call says whether it is — and every one the terminal makes
is: the server answers a transaction id, shift id or ticket it has seen with what it did the
first time. The live stream is not sent again: the feed reconnects and resyncs itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from terminal.errors import Offline, Refused
from wire.signing import Signer, TerminalAuth

LIVE_KINDS = frozenset({"odds", "race"})  # the live stream's events this terminal applies


@dataclass(frozen=True, slots=True)
class Credentials:
    server_url: str
    terminal_id: str
    secret: bytes


class ServerClock:
    """The server's time as this terminal best knows it: its own clock plus the measured
    offset. Requests are signed with it, so a terminal whose clock drifts still gets in."""

    def __init__(self, local: Callable[[], datetime] | None = None) -> None:
        self.local = local or (lambda: datetime.now(UTC))
        self.offset = timedelta(0)
        self.measured = False

    def __call__(self) -> datetime:
        return self.local() + self.offset

    def observe(self, sent: datetime, server_time: datetime, received: datetime) -> None:
        """NTP's estimate with one sample: the server read its clock halfway through."""
        self.offset = server_time - (sent + (received - sent) / 2)
        self.measured = True


class ServerClient:
    def __init__(
        self,
        credentials: Credentials,
        clock: ServerClock | None = None,
        *,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.credentials = credentials
        self.clock = clock or ServerClock()
        signer = Signer(credentials.terminal_id, credentials.secret)
        auth = TerminalAuth(signer, self.clock)  # a fresh nonce for each attempt
        limit = httpx.Timeout(timeout, connect=min(timeout, 3.0))
        self._http = httpx.Client(
            base_url=credentials.server_url, auth=auth, timeout=limit, transport=transport
        )
        # the second attempt's: keeps no connection, so each attempt opens its own (a given
        # ``transport``, a test's, is used as it is)
        self._fresh = httpx.Client(
            base_url=credentials.server_url,
            auth=auth,
            timeout=limit,
            transport=transport,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        self._http.close()
        self._fresh.close()

    # -- bets ------------------------------------------------------------------------------

    def place_bets(self, bets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One outcome per bet, in order: ``accepted`` with a receipt, or a ``problem``."""
        # idempotent: the server answers a transaction id it has seen, accepted or refused,
        # with its first answer (backend.betting)
        answer = self._call("POST", "/v1/bets/batch", {"bets": bets}, idempotent=True)
        results: list[dict[str, Any]] = answer["results"]
        return results

    def cancel(self, transaction_id: str) -> dict[str, Any]:
        # idempotent: a cancelled bet's cancellation answers its receipt again
        return self._call("POST", f"/v1/bets/{transaction_id}/cancel", None, idempotent=True)

    # -- tickets ---------------------------------------------------------------------------

    def ticket(self, barcode: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/tickets/{barcode}", None, idempotent=True)

    def pay(
        self, transaction_id: str, barcode: str, method: str, payee: dict[str, str] | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "transaction_id": transaction_id,
            "barcode": barcode,
            "method": method,
        }
        if payee is not None:
            body["payee"] = payee
        # idempotent: a payout's transaction id seen before answers the first receipt
        return self._call("POST", "/v1/payouts", body, idempotent=True)

    # -- vouchers --------------------------------------------------------------------------

    def issue_voucher(self, transaction_id: str, amount: int, reason: str) -> dict[str, Any]:
        body = {"transaction_id": transaction_id, "amount": amount, "reason": reason}
        # idempotent: by transaction id, as the two below (backend.vouchers)
        return self._call("POST", "/v1/vouchers", body, idempotent=True)

    def register_voucher(self, transaction_id: str, legacy: dict[str, Any]) -> dict[str, Any]:
        body = {**legacy, "transaction_id": transaction_id}
        return self._call("POST", "/v1/vouchers/legacy", body, idempotent=True)

    def voucher(self, barcode: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/vouchers/{barcode}", None, idempotent=True)

    def redeem_voucher(self, transaction_id: str, barcode: str, method: str) -> dict[str, Any]:
        body = {"transaction_id": transaction_id, "barcode": barcode, "method": method}
        return self._call("POST", "/v1/vouchers/redemptions", body, idempotent=True)

    # -- programme, odds, heartbeat, shifts ------------------------------------------------

    def programme(self, day: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/programme?day={day}", None, idempotent=True)

    def odds(self) -> dict[str, Any]:
        return self._call("GET", "/v1/odds", None, idempotent=True)

    def heartbeat(self, status: dict[str, Any]) -> dict[str, Any]:
        """Beat, and measure the clock offset from the server's answer: over the attempt
        answered only, not one a closed connection failed before it."""
        # idempotent: a beat sets the terminal's last contact and status, twice the same
        response = self._answer("POST", "/v1/heartbeat", {"status": status}, idempotent=True)
        received = self.clock.local()
        answer = self._parsed(response)
        sent = received - response.elapsed
        self.clock.observe(sent, datetime.fromisoformat(answer["server_time"]), received)
        return answer

    def open_shift(self, shift_id: str) -> dict[str, Any]:
        # idempotent: a shift opened already answers as it is (backend.reports)
        return self._call("POST", "/v1/shifts", {"shift_id": shift_id}, idempotent=True)

    def close_shift(self, shift_id: str) -> dict[str, Any]:
        # idempotent: closing a closed shift answers its Z report again
        return self._call("POST", f"/v1/shifts/{shift_id}/close", None, idempotent=True)

    def shift_report(self, shift_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/shifts/{shift_id}/report", None, idempotent=True)

    def live_events(
        self, read_timeout: float = 40.0
    ) -> Iterator[tuple[str, dict[str, Any]] | None]:
        """The live stream: each event as ``(kind, payload)`` — ``odds`` (a race's odds) or
        ``race`` (a race's state and field) — ``None`` for a keep-alive, until the stream ends
        or stalls. Kinds this terminal does not know are skipped (a newer server).

        The server sends a keep-alive every 15 s, so ``read_timeout`` notices a dead link.
        """
        timeout = httpx.Timeout(5.0, read=read_timeout)
        try:
            with self._http.stream("GET", "/v1/odds-stream", timeout=timeout) as answer:
                if answer.status_code != 200:
                    answer.read()
                    self._raise_for(answer)
                event, data = "", []
                for line in answer.iter_lines():
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith(":"):
                        yield None  # a keep-alive comment: the link is alive
                    elif line.startswith("data:"):
                        data.append(line[5:].strip())
                    elif not line:
                        if event in LIVE_KINDS and data:
                            yield event, json.loads("\n".join(data))
                        event, data = "", []
        except httpx.HTTPError as err:
            raise Offline(_why(err)) from None

    # -- the one place where HTTP becomes our errors ---------------------------------------

    def _call(
        self, method: str, url: str, body: dict[str, Any] | None, *, idempotent: bool
    ) -> dict[str, Any]:
        return self._parsed(self._answer(method, url, body, idempotent=idempotent))

    def _answer(
        self, method: str, url: str, body: dict[str, Any] | None, *, idempotent: bool
    ) -> httpx.Response:
        """The server's answer; ``idempotent``: the request may be sent twice (its second
        effect is none), so once more on a fresh connection if the first died unanswered on
        a stale one."""
        content = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        headers = {"content-type": "application/json"} if body is not None else {}
        seen: set[str] = set()  # what the first attempt went through (httpcore's trace)

        def trace(event: str, _: dict[str, Any]) -> None:
            seen.add(event)

        try:
            return self._http.request(
                method, url, content=content, headers=headers, extensions={"trace": trace}
            )
        except httpx.HTTPError as err:
            if not (idempotent and _retried(err, seen)):
                raise Offline(_why(err)) from None
        try:
            return self._fresh.request(method, url, content=content, headers=headers)
        except httpx.HTTPError as err:
            raise Offline(f"{_why(err)}, again on a fresh connection") from None

    def _parsed(self, answer: httpx.Response) -> dict[str, Any]:
        if answer.status_code >= 300:
            self._raise_for(answer)
        try:
            parsed = answer.json()
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise Offline("the server's answer was not a JSON object (a proxy in the way?)")
        return parsed

    @staticmethod
    def _raise_for(answer: httpx.Response) -> None:
        status = answer.status_code
        if status >= 500 or status in {408, 429}:
            raise Offline(f"the server is unavailable (HTTP {status}); retrying")
        try:
            problem = answer.json()
            code = problem["code"]
        except (ValueError, KeyError, TypeError):
            raise Offline(f"unexpected HTTP {status} from the server") from None
        if not isinstance(code, str):
            raise Offline(f"unexpected HTTP {status} from the server")
        raise Refused.from_problem({**problem, "http_status": status})


def _retried(err: httpx.HTTPError, seen: set[str]) -> bool:
    """Whether a failed request is sent once more, given the events of its attempt: it never
    reached the server (no connection), or it died before any answer on a connection the
    pool had kept — the one the server closed as idle just as the request left, most likely.
    Not a timeout (the server may be working on it), nor a fault on a connection opened for
    it (the network's), nor one once the answer had begun."""
    if isinstance(err, httpx.ConnectError):
        return True
    reused = "connection.connect_tcp.started" not in seen
    answered = "http11.receive_response_headers.complete" in seen
    stale = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
    return reused and not answered and isinstance(err, stale)


def _why(err: httpx.HTTPError) -> str:
    if isinstance(err, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(err, httpx.ConnectError):
        return "cannot connect to the server"
    return f"the connection failed ({type(err).__name__})"
