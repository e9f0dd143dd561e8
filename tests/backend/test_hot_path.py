"""The hot routes (``backend.api.hot_path``) answer without entering FastAPI's stack, and
answer exactly as their declarations in FastAPI do: the same statuses, problems and bodies
for the same requests — a bet, its retry, a batch, a payout, a voucher, and each way a
request is wrong. In process, through the application's ASGI interface with its lifespan
run (the live server's tests take the same routes over real HTTP)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from backend.app import ServerSettings, create_app
from backend.programme import demo_programme
from backend.terminals import create_terminal
from tests.loops import run_apart
from wire.signing import Signer

ADMIN = "test-admin-token"


def refusing_stack(*_: Any) -> None:
    raise AssertionError("a hot route entered FastAPI's stack")


def bet(race: str, runner: int = 3, tid: str | None = None) -> dict[str, Any]:
    return {
        "transaction_id": tid or str(uuid.uuid4()),
        "race_id": race,
        "bet_type": "SIMPLE_GAGNANT",
        "runners": [runner],
    }


def requests(race: str) -> list[tuple[str, str, Any]]:
    """What a terminal sends, right and wrong; ids fresh at each call."""
    tid = str(uuid.uuid4())
    return [
        ("/v1/bets", "good", bet(race, tid=tid)),
        ("/v1/bets", "good", bet(race, tid=tid)),  # its retry: the same receipt
        ("/v1/bets", "good", {**bet(race, tid=tid), "runners": [4]}),  # id reused: 409
        ("/v1/bets", "good", bet(race, runner=42)),  # no such runner: 422 invalid_bet
        ("/v1/bets", "good", {**bet(race), "multiplier": "2"}),  # strict: 422
        ("/v1/bets", "good", b"not json"),
        ("/v1/bets", "unsigned", bet(race)),
        ("/v1/bets", "forged", bet(race)),
        ("/v1/bets", "replayed", bet(race)),
        ("/v1/bets", "good", b"x" * (1024 * 1024 + 1)),  # over the limit: 413
        ("/v1/bets/batch", "good", {"bets": [bet(race), bet(race, runner=42)]}),
        ("/v1/bets/batch", "good", {"bets": []}),
        ("/v1/payouts", "good", {"transaction_id": str(uuid.uuid4()), "barcode": "nope"}),
        (
            "/v1/vouchers",
            "good",
            {"transaction_id": str(uuid.uuid4()), "amount": 250, "reason": "cash_out"},
        ),
        (
            "/v1/vouchers/redemptions",
            "good",
            {"transaction_id": str(uuid.uuid4()), "barcode": "nope", "method": "cash"},
        ),
    ]


def comparable(response: httpx.Response) -> tuple[int, str, Any]:
    """Status, media type and body, the ids and times that differ from call to call left
    out (their shapes kept)."""

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (type(v).__name__ if k in NAMED else scrub(v))
                for k, v in value.items()
                if k != "detail" or "transaction" not in str(v)
            }
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    return (response.status_code, response.headers["content-type"], scrub(response.json()))


NAMED = {"transaction_id", "bet_id", "ticket", "barcode", "serial", "sold_at", "issued_at"}
NAMED |= {"expires_at", "signature", "number", "ticket_number", "code_barre", "accepted_at"}


async def exchange(app: FastAPI, path: Path, hot: bool) -> list[tuple[int, str, Any]]:
    async with app.router.lifespan_context(app):
        context = app.state.context
        now = datetime.now(UTC)
        terminal, secret = context.tote.call(lambda d: create_terminal(d.store, "T1", now)).result(
            timeout=30
        )
        context.secrets[terminal] = secret
        plain = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=plain, base_url="http://t") as admin:
            admin.headers["Authorization"] = f"Bearer {ADMIN}"
            programme = demo_programme(now.date(), now + timedelta(minutes=30))
            (await admin.post("/v1/admin/programme", json=programme)).raise_for_status()
            race = f"{now.date()}/R1C1"
            (await admin.post(f"/v1/admin/races/{race}/open")).raise_for_status()

        async def declared(scope: Any, receive: Any, send: Any) -> None:
            await FastAPI.__call__(app, scope, receive, send)

        if hot:
            app.middleware_stack = refusing_stack  # type: ignore[assignment]
        transport = httpx.ASGITransport(app=app if hot else declared)
        signer = Signer(terminal, secret)
        answers = []
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for route, how, body in requests(race):
                content = body if isinstance(body, bytes) else json.dumps(body).encode()
                request = client.build_request("POST", route, content=content)
                if how != "unsigned":
                    headers = signer.headers("POST", route, content, datetime.now(UTC))
                    if how == "forged":
                        headers["x-guichet-signature"] = "0" * 64
                    request.headers.update(headers)
                answers.append(comparable(await client.send(request)))
                if how == "replayed":
                    answers.append(comparable(await client.send(request)))
        app.middleware_stack = None
        return answers


def test_the_hot_routes_answer_as_their_declarations_without_fastapi(tmp_path: Path) -> None:
    def run(name: str, hot: bool) -> list[tuple[int, str, Any]]:
        settings = ServerSettings(tmp_path / name, ADMIN, create=True, integrity_every=0)
        return run_apart(exchange(create_app(settings), tmp_path, hot))

    hot, declared = run("hot.db", True), run("declared.db", False)
    assert hot == declared
    statuses = [status for status, _, _ in hot]
    codes = [body.get("code") for _, _, body in hot]
    assert list(zip(statuses, codes, strict=True)) == [
        (200, None),
        (200, None),
        (409, "idempotency_conflict"),
        (422, "unknown_runner"),
        (422, "invalid_request"),
        (422, "invalid_request"),
        (401, "unsigned"),
        (401, "bad_signature"),
        (200, None),
        (401, "replayed_nonce"),
        (413, "too_large"),
        (200, None),
        (422, "invalid_request"),
        (422, "forged_ticket"),
        (200, None),
        (422, "forged_voucher"),
    ]
    assert hot[0] == hot[1]  # the retry: the same receipt
    assert [r["accepted"] for r in hot[11][2]["results"]] == [True, False]
