"""Every page of the operator's console, in French and English, as Chromium shows it to each
role on a staged race day (``scripts.console_stage``) — and a check of what a person would
meet: a text the catalogue did not hold, a page wider than the screen, a field without a
label. Any problem is listed and the command fails.

    python -m scripts.console_screenshots [OUT]     (default: screenshots/console/)

Files: ``console-<n>-<page>-<lang>.png``, full pages at 1366 px wide.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Page

from catalogue import LANGUAGES, words_for
from scripts.browser import chromium
from scripts.console_stage import DAY, PASSWORD, PMU_DAY, StagedDay, console_day

WIDTH, HEIGHT = 1366, 900
NARROW = 1024  # a race office's older screen: nothing may need a sideways scroll there

# a form field nobody can name: no <label for>, no aria-label (hidden fields excepted)
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && !e.labels.length && !e.getAttribute('aria-label'))
  .map(e => e.name || e.id)"""


class Shots:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0
        self.problems: list[str] = []

    def take(self, page: Page, name: str, lang: str) -> None:
        self.count += 1
        page.set_viewport_size({"width": NARROW, "height": HEIGHT})
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            self.problems.append(f"{name} ({lang}): wider than a {NARROW} px screen")
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        for field in page.evaluate(UNLABELLED):
            self.problems.append(f"{name} ({lang}): the field {field!r} has no label")
        if page.locator("html").get_attribute("lang") != lang:
            self.problems.append(f"{name} ({lang}): the page does not say its language")
        page.screenshot(
            path=self.out / f"console-{self.count:02d}-{name}-{lang}.png", full_page=True
        )


def log_in(browser: Browser, day: StagedDay, name: str, lang: str) -> Page:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
    )
    page = context.new_page()
    page.goto(f"{day.url}/console/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/console/races")
    return page


def race(day: StagedDay, code: str, on: date = DAY) -> str:
    return f"{day.url}/console/races/{on.isoformat()}/{code}"


def race_office(browser: Browser, day: StagedDay, shots: Shots, lang: str) -> None:
    page = log_in(browser, day, "Claire Martin", lang)
    shots.take(page, "programme", lang)
    page.goto(race(day, "R1C2"))
    shots.take(page, "race-open-pools-odds", lang)
    page.select_option("#runner", "5")
    page.click("form[action$='/scratch'] button")
    page.wait_for_url("**/scratch")
    shots.take(page, "race-scratch-confirm", lang)
    page.goto(race(day, "R3C1"))
    page.fill("#provisional-place1", "3")
    page.fill("#provisional-place2", "3")
    page.click("form[action$='/provisional'] button")
    shots.take(page, "race-result-refused", lang)
    page.goto(race(day, "R2C1"))
    shots.take(page, "race-official-waiting", lang)
    page.context.close()
    page = log_in(browser, day, "Hugo Bernard", lang)
    page.goto(race(day, "R2C1"))
    shots.take(page, "race-official-to-confirm", lang)
    page.goto(race(day, "R1C1"))
    shots.take(page, "race-official-dividends", lang)
    page.goto(f"{day.url}/console/races?day={PMU_DAY.isoformat()}")
    shots.take(page, "programme-pmu-feed", lang)
    page.goto(race(day, "R1C1", PMU_DAY))
    shots.take(page, "race-pmu-pools", lang)
    page.goto(race(day, "R7C1", PMU_DAY))
    shots.take(page, "race-pmu-nothing-on-sale", lang)
    page.context.close()


def supervision(browser: Browser, day: StagedDay, shots: Shots, lang: str) -> None:
    page = log_in(browser, day, "Nadia Roux", lang)
    page.goto(f"{day.url}/console/terminals")
    shots.take(page, "terminals", lang)
    page.check("#attention")
    page.click("form[role=search] button")
    shots.take(page, "terminals-attention", lang)
    page.goto(f"{day.url}/console/terminals")
    page.locator("tr[data-terminal] form button").first.click()
    shots.take(page, "terminal-disable-confirm", lang)
    page.goto(f"{day.url}/console/terminals")
    page.fill("#terminal-name", "Café des Sports, borne" if lang == "fr" else "Sports Café, kiosk")
    page.click("form[action='/console/terminals'] button.primary")
    shots.take(page, "terminal-registered-secret", lang)
    page.goto(f"{day.url}/console/reports?day={DAY.isoformat()}")
    shots.take(page, "reports-charts", lang)
    page.goto(f"{day.url}/console/journal")
    page.click("form[action$='/verify'] button")
    shots.take(page, "journal-verified", lang)
    page.goto(race(day, "R1C3"))
    shots.take(page, "race-read-only-supervisor", lang)
    page.goto(race(day, "R9C9"))
    shots.take(page, "problem-no-such-race", lang)
    page.context.close()


def login_pages(browser: Browser, day: StagedDay, shots: Shots, lang: str) -> None:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, extra_http_headers={"Accept-Language": lang}
    )
    page = context.new_page()
    page.goto(f"{day.url}/console/login")
    shots.take(page, "login", lang)
    page.fill("#name", "Claire Martin")
    page.fill("#password", "not the password")
    page.click("button[type=submit].primary")
    shots.take(page, "login-refused", lang)
    context.close()


def administration(browser: Browser, day: StagedDay, shots: Shots, lang: str) -> None:
    page = log_in(browser, day, "Admin", lang)
    page.goto(f"{day.url}/console/operators")
    shots.take(page, "operators", lang)
    page.locator("form[action$='/disable'] button").first.click()
    shots.take(page, "operator-disable-confirm", lang)
    page.goto(f"{day.url}/console/password")
    shots.take(page, "password", lang)
    page.goto(f"{day.url}/console/operators")
    page.locator("form[action$='/reset'] button").first.click()  # Claire Martin's
    shots.take(page, "operator-reset-confirm", lang)
    page.click("form[action$='/reset'] button.danger")
    shots.take(page, "operator-reset-one-time-password", lang)
    once = page.locator("code.secret").inner_text()
    page.context.close()
    must_change(browser, day, shots, lang, once)


def must_change(browser: Browser, day: StagedDay, shots: Shots, lang: str, once: str) -> None:
    """Claire Martin logs in with the one-time password: sent to choose her own (and given
    back the staged one, for the sections that follow)."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
    )
    page = context.new_page()
    page.goto(f"{day.url}/console/login")
    page.fill("#name", "Claire Martin")
    page.fill("#password", once)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/console/password?next=**")
    shots.take(page, "password-to-choose", lang)
    page.fill("#current", once)
    page.fill("#new-password", PASSWORD)
    page.fill("#new-again", PASSWORD)
    page.click("form[action='/console/password'] button.primary")
    page.wait_for_url("**/console/races?done=password_changed")
    context.close()


SECTIONS: tuple[Callable[[Browser, StagedDay, Shots, str], None], ...] = (
    login_pages,
    race_office,
    supervision,
    administration,
)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots/console")
    out.mkdir(parents=True, exist_ok=True)
    shots = Shots(out)
    with (
        tempfile.TemporaryDirectory() as folder,
        console_day(Path(folder)) as day,
        chromium() as browser,
    ):
        for lang in LANGUAGES:
            for section in SECTIONS:
                section(browser, day, shots, lang)
    for lang in LANGUAGES:  # the server rendered in this process: its misses are ours
        shots.problems += [f"{lang}: not in the catalogue: {m!r}" for m in words_for(lang).misses]
    print(f"{shots.count} console pages in {out}/")
    if shots.problems:
        print("\n".join(shots.problems))
        raise SystemExit(f"{len(shots.problems)} problems on the console's pages")


if __name__ == "__main__":
    main()
