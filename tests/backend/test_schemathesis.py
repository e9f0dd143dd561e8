"""A bounded Schemathesis run against the published OpenAPI spec: no input, valid or not,
makes the real server answer with a server error.

Every generated request is sent signed, as a terminal would (or with the admin token for
admin operations), so the generated bodies reach validation and the domain rather than
stopping at the signature check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.result import Err

from backend.app import ServerSettings, create_app

from .conftest import LiveServer

SPEC = create_app(ServerSettings(Path("unused.db"), "unused")).openapi()
SCHEMA = schemathesis.openapi.from_dict(SPEC)
STREAMING = {"GET /v1/odds-stream"}  # never ends by design; tested in test_odds.py


def operations() -> list[schemathesis.APIOperation[Any, Any, Any, Any]]:
    """The spec's operations; one schemathesis cannot read fails the collection with its reason."""
    found = []
    for result in SCHEMA.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        found.append(result.ok())
    return found


OPERATIONS = operations()
EXAMPLES = 25


def send(client: httpx.Client, admin: httpx.Client, case: Any) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=str(client.base_url).rstrip("/"))
    target = admin if case.operation.path.startswith("/v1/admin") else client
    body: dict[str, Any] = {}
    if "json" in kwargs:
        body["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        body["content"] = data if isinstance(data, bytes) else str(data).encode()
    content_type = {k.lower(): v for k, v in kwargs.get("headers", {}).items()}.get("content-type")
    headers = {"content-type": content_type} if content_type else {}
    return target.request(
        kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=headers, **body
    )


def test_the_spec_has_no_dangling_reference() -> None:
    text = json.dumps(SPEC)
    assert "#/$defs/" not in text
    for ref in re.findall(r'"\$ref": "#/([^"]+)"', text):
        node: Any = SPEC
        for part in ref.split("/"):
            node = node[part]  # a KeyError names the dangling reference


def test_the_spec_lists_every_operation() -> None:
    labels = {op.label for op in OPERATIONS}
    assert {"POST /v1/bets", "POST /v1/payouts", "POST /v1/admin/terminals"} <= labels
    assert len(labels) >= 18


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.label not in STREAMING], ids=lambda op: op.label
)
def test_no_generated_request_makes_a_server_error(
    live_server: LiveServer, open_race: str, operation: Any
) -> None:
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    with live_server.terminal() as client, live_server.admin() as admin:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def probe(case: Any) -> None:
            answer = send(client, admin, case)
            assert answer.status_code < 500, f"{case.as_curl_command()} -> {answer.text}"
            if answer.status_code >= 400:
                assert answer.headers["content-type"] == "application/problem+json", answer.text

        probe()
