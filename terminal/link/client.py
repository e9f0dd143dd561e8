"""The server's API as the terminal calls it: signed, every call bounded by a timeout.

httpx's errors are translated here and nowhere else: no answer (refused connection, reset,
timeout, a 5xx from a proxy or an overloaded server) is ``Offline`` — the request may or may
not have taken effect, and is retried with the same transaction id; an answer that says no
is ``Refused`` with the server's problem code — definite.
"""

from __future__ import annotations

import json
import time
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
        self._http = httpx.Client(
            base_url=credentials.server_url,
            auth=TerminalAuth(signer, self.clock),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    # -- bets ------------------------------------------------------------------------------

    def place_bets(self, bets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One outcome per bet, in order: ``accepted`` with a receipt, or a ``problem``."""
        answer = self._call("POST", "/v1/bets/batch", {"bets": bets})
        results: list[dict[str, Any]] = answer["results"]
        return results

    def cancel(self, transaction_id: str) -> dict[str, Any]:
        return self._call("POST", f"/v1/bets/{transaction_id}/cancel", None)

    # -- tickets ---------------------------------------------------------------------------

    def ticket(self, barcode: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/tickets/{barcode}", None)

    def pay(
        self, transaction_id: str, barcode: str, method: str, payee: dict[str, str] | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"transaction_id": transaction_id, "barcode": barcode,
                                "method": method}  # fmt: skip
        if payee is not None:
            body["payee"] = payee
        return self._call("POST", "/v1/payouts", body)

    # -- vouchers --------------------------------------------------------------------------

    def issue_voucher(self, transaction_id: str, amount: int, reason: str) -> dict[str, Any]:
        body = {"transaction_id": transaction_id, "amount": amount, "reason": reason}
        return self._call("POST", "/v1/vouchers", body)

    def register_voucher(self, transaction_id: str, legacy: dict[str, Any]) -> dict[str, Any]:
        return self._call(
            "POST", "/v1/vouchers/legacy", {**legacy, "transaction_id": transaction_id}
        )

    def voucher(self, barcode: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/vouchers/{barcode}", None)

    def redeem_voucher(self, transaction_id: str, barcode: str, method: str) -> dict[str, Any]:
        body = {"transaction_id": transaction_id, "barcode": barcode, "method": method}
        return self._call("POST", "/v1/vouchers/redemptions", body)

    # -- programme, odds, heartbeat, shifts ------------------------------------------------

    def programme(self, day: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/programme?day={day}", None)

    def odds(self) -> dict[str, Any]:
        return self._call("GET", "/v1/odds", None)

    def heartbeat(self, status: dict[str, Any]) -> dict[str, Any]:
        """Beat, and measure the clock offset from the server's answer."""
        sent = self.clock.local()
        started = time.monotonic()
        answer = self._call("POST", "/v1/heartbeat", {"status": status})
        received = sent + timedelta(seconds=time.monotonic() - started)
        self.clock.observe(sent, datetime.fromisoformat(answer["server_time"]), received)
        return answer

    def open_shift(self, shift_id: str) -> dict[str, Any]:
        return self._call("POST", "/v1/shifts", {"shift_id": shift_id})

    def close_shift(self, shift_id: str) -> dict[str, Any]:
        return self._call("POST", f"/v1/shifts/{shift_id}/close", None)

    def shift_report(self, shift_id: str) -> dict[str, Any]:
        return self._call("GET", f"/v1/shifts/{shift_id}/report", None)

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

    def _call(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        content = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        headers = {"content-type": "application/json"} if body is not None else {}
        try:
            answer = self._http.request(method, url, content=content, headers=headers)
        except httpx.HTTPError as err:
            raise Offline(_why(err)) from None
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


def _why(err: httpx.HTTPError) -> str:
    if isinstance(err, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(err, httpx.ConnectError):
        return "cannot connect to the server"
    return f"the connection failed ({type(err).__name__})"
