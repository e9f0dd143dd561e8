"""In Chromium (issue 26, item 8): no page of the server can be framed by another site — the
console's 404 and the API docs included — and the API docs still work under their policy.

The docs load Swagger UI from its CDN, which this machine cannot reach: the browser is given
the same files (the ``swagger-ui-bundle-v2`` package's copy of Swagger UI 5, what the CDN's
``swagger-ui-dist@5`` serves) at the CDN's address, so that the page runs as it does for an
operator, under the policy the server sends."""

from __future__ import annotations

import importlib.resources
import importlib.util
import mimetypes
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect

from tests.servers import LiveServer

CDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def refusals(page: Page) -> list[str]:
    """What the browser's console says it refused by a content policy, as it says it."""
    said: list[str] = []

    def heard(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            said.append(message.text)

    page.on("console", heard)
    return said


@pytest.mark.parametrize("path", ["/console/nope", "/docs", "/console/login", "/v1/health"])
def test_another_site_cannot_frame_it(live_server: LiveServer, page: Page, path: str) -> None:
    said = refusals(page)
    page.set_content(f'<iframe src="{live_server.url}{path}" width="600" height="400"></iframe>')
    page.wait_for_load_state("load")  # the frame's too
    assert page.frames[-1].url == "chrome-error://chromewebdata/"  # Chromium's refused frame
    assert [s for s in said if "frame-ancestors 'none'" in s], said


def swagger_ui() -> Path | None:
    """Swagger UI 5's files, as the ``swagger-ui-bundle-v2`` package (a dev dependency) has
    them; None without it."""
    if importlib.util.find_spec("swagger_ui_bundle") is None:
        return None
    package = Path(str(importlib.resources.files("swagger_ui_bundle")))
    found = sorted(package.glob("vendor/swagger-ui-5.*"))
    return found[-1] if found else None


def test_the_api_docs_work_under_their_policy(live_server: LiveServer, page: Page) -> None:
    files = swagger_ui()
    if files is None:
        pytest.skip("no copy of Swagger UI 5: `pip install -e '.[dev]'` brings one")

    def from_the_copy(route: Route) -> None:
        """The CDN's files, from the copy; anything else there: 404."""
        name = route.request.url.removeprefix(CDN).split("?")[0]
        found = files / name
        if "/" in name or not found.is_file():
            route.fulfill(status=404)
            return
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=found.read_bytes(), content_type=kind)

    said = refusals(page)
    page.route(f"{CDN}**", from_the_copy)
    page.route("https://fastapi.tiangolo.com/**", lambda route: route.fulfill(status=404))
    page.goto(f"{live_server.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Guichet central server")
    expect(page.locator(".opblock-summary-path", has_text="/v1/bets/batch")).to_have_count(1)
    page.locator(".opblock-summary-path", has_text="/v1/health").click()  # it opens
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()  # the page asks the server itself
    expect(page.locator(".live-responses-table td.response-col_status").last).to_have_text("200")
    assert said == []
