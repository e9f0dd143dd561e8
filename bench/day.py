"""The day the server benchmark sells on: today's demo programme loaded into a server under
test, every race open, ``TERMINALS`` terminals registered (``bench/server_bench.py``, and the
real server's rows of ``bench/side_by_side.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from backend.app import utc_now
from backend.programme import demo_programme
from bench import sizes
from bench.load import races_of
from bench.servers import ADMIN
from wire.signing import Signer, TerminalAuth


async def open_day(url: str) -> tuple[list[Signer], list[dict[str, Any]]]:
    """Today's demo programme loaded and every race open; ``TERMINALS`` terminals registered.
    Their signers, and the races as a terminal reads them."""
    now = datetime.now(UTC)
    programme = demo_programme(now.date(), now + timedelta(minutes=5))
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}, timeout=60
    ) as admin:
        (await admin.post("/v1/admin/programme", json=programme)).raise_for_status()
        for meeting in programme["meetings"]:
            for race in meeting["races"]:
                code = f"R{meeting['number']}C{race['number']}"
                (await admin.post(f"/v1/admin/races/{now.date()}/{code}/open")).raise_for_status()
        signers = []
        for i in range(sizes.TERMINALS):
            body = (await admin.post("/v1/admin/terminals", json={"name": f"T{i}"})).json()
            signers.append(Signer(body["terminal_id"], bytes.fromhex(body["secret"])))
    async with httpx.AsyncClient(base_url=url, auth=TerminalAuth(signers[0], utc_now)) as first:
        day = (await first.get("/v1/programme", params={"day": str(now.date())})).json()
    return signers, [r for m in day["meetings"] for r in m["races"]]


def bare_day() -> tuple[list[Signer], list[dict[str, Any]]]:
    """The same terminals and races for an application with no programme to ask (the bare
    endpoints): signers whose signatures nobody checks, the races as ``open_day`` reads them."""
    now = datetime.now(UTC)
    races = races_of(demo_programme(now.date(), now + timedelta(minutes=5)))
    return [Signer(f"bare-{i}", bytes(32)) for i in range(sizes.TERMINALS)], races
