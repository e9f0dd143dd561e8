"""``make screenshots`` as CI runs it: every screen of both modes, in both languages, every
theme and every supported size, with nothing cut and nothing shown that the screen's catalogue
did not produce (the script measures and traces each text, and fails on any problem); and the
tickets printed meanwhile read as French (or English), in the locale's formats."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDENTIFIER = re.compile(r"\b[A-Z]+_[A-Z_]+\b|\d{4}-\d\d-\d\d|\bEUR\b")


def test_make_screenshots_shows_every_screen_whole_and_in_words(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    run = subprocess.run(
        ["make", "--no-print-directory", "screenshots", f"SHOTS={shots}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    names = {path.name for path in shots.glob("*.png")}
    for lang in ("fr", "en"):
        for theme in ("standard", "contrast"):
            for size in ("1024x768", "1280x1024", "1920x1080", "1080x1920"):
                for screen in (
                    "1-attract",
                    "2-age",
                    "5-runners",
                    "7-summary",
                    "10-no-paper",
                    "11-still-there",
                    "12-voucher",
                    "14-champ",
                    "15-stake-presets",
                    "16-voucher-waiting",
                    "17-races-page-2",
                    "18-summary-scratched",
                    "19-champ-step-1",
                ):
                    assert f"kiosk-{screen}-{lang}-{theme}-{size}.png" in names
            assert f"kiosk-13-pin-{lang}-{theme}-480x640.png" in names
        for size in ("1024x768", "1280x1024", "1920x1080", "1080x1920"):  # a stalled server
            for screen in ("21-paid-waiting", "22-server-slow", "23-late-ticket"):
                assert f"kiosk-{screen}-{lang}-standard-{size}.png" in names
        for size in ("1280x800", "1920x1080"):
            for screen in ("11-recorded", "12-waiting", "13-printed-late"):
                assert f"counter-{screen}-{lang}-standard-{size}.png" in names
            assert f"kiosk-20-pin-wrong-{lang}-{theme}-480x640.png" in names
        for theme in ("standard", "contrast", "large"):
            for size in ("1280x800", "1920x1080"):
                for screen in (
                    "0-till-closed",
                    "1-entry",
                    "2-sold",
                    "3-error",
                    "4-ticket",
                    "6-not-printed",
                    "9-results",
                    "10-voucher",
                ):
                    assert f"counter-{screen}-{lang}-{theme}-{size}.png" in names
            assert f"counter-5-help-{lang}-{theme}-1100x800.png" in names
            assert f"counter-7-confirm-cancel-{lang}-{theme}-640x200.png" in names
            assert f"counter-8-z-count-{lang}-{theme}-700x200.png" in names

    french = "\n".join(
        p.read_text(encoding="utf-8") for p in (shots / "printed" / "fr-standard").glob("*.txt")
    )
    english = "\n".join(
        p.read_text(encoding="utf-8") for p in (shots / "printed" / "en-standard").glob("*.txt")
    )
    for text, words in (
        (
            french,
            (
                "MONTANT",
                "Sélection :",
                "Guichetier : Marie",
                "Borne : Démo kiosk",
                "BON DE CRÉDIT",
                "Multiplicateur",
            ),
        ),
        (
            english,
            (
                "TOTAL",
                "Selection:",
                "Clerk: Marie",
                "Kiosk: Démo kiosk",
                "CREDIT VOUCHER",
                "Multiplier",
            ),
        ),
    ):
        for word in words:
            assert word in text, f"{word!r} not printed in\n{text}"
        assert not IDENTIFIER.search(text.replace("CODE128", "")), IDENTIFIER.search(text)
    console = {re.sub(r"^console-\d+-", "", p.name) for p in (shots / "console").glob("*.png")}
    for lang in ("fr", "en"):
        for page in (
            "login",
            "login-refused",
            "programme",
            "race-open-pools-odds",
            "race-scratch-confirm",
            "race-result-refused",
            "race-official-waiting",
            "race-official-to-confirm",
            "race-official-dividends",
            "terminals",
            "terminals-attention",
            "terminal-disable-confirm",
            "terminal-registered-secret",
            "reports-charts",
            "journal-verified",
            "race-read-only-supervisor",
            "problem-no-such-race",
            "operators",
            "programme-pmu-feed",
            "race-pmu-pools",
            "race-pmu-nothing-on-sale",
        ):
            assert f"{page}-{lang}.png" in console
    assert re.search(r"MONTANT +\d+,\d\d €", french)
    assert not re.search(r"\d\.\d\d", french)  # 1,50 € in French, never 1.50
    assert re.search(r"TOTAL +€\d+\.\d\d", english)
