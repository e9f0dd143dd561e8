"""The yardstick for ``bench/server_bench.py``: a bare FastAPI endpoint taking a bet's JSON
body and answering a small JSON, with no signature, validation, database or journal. Served by
uvicorn as ``guichet-server`` is, and driven by the same load generator, it shows how much of
the server's ceiling the HTTP stack itself takes (issue 15)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, Response

app = FastAPI()


@app.post("/v1/bets")
async def bet(request: Request) -> Response:
    body: Any = json.loads(await request.body())
    answer = {"transaction_id": body.get("transaction_id"), "status": "ACCEPTED"}
    return Response(json.dumps(answer), media_type="application/json")
