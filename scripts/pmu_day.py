"""A real PMU day, moved to today, for ``make demo PMU=FILE``.

The PMU's feed of a past day (``../shared/pmu/``) has every race run: imported as it is, nothing
could be sold. Moved, its first race starts ``first_post`` (10 minutes from now in the demo)
and every other keeps its distance from it, so the afternoon unfolds in the same order and at
the same pace; the meetings' day becomes that day in the feed's zone. A moved day is a day
not yet run: the arrivals, the feed's statuses and the incidents of the race itself
(disqualified, fell) go; the non-runners stay, declared before the race as they were. With
``keep_results``, the same move keeps the arrivals: the evening's feed of the moved day (the
tests settle bets with it).

The files are written beside the demo's other files and imported as an operator does:
``guichet-server import-pmu``.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from backend.pmu_programme import NON_RUNNER, instant

DAY_MS = 86_400_000


def moved(
    feed: dict[str, Any], first_post: datetime, *, keep_results: bool = False
) -> dict[str, Any]:
    """A programme feed (decoded JSON) moved so its first race starts at ``first_post``."""
    out = copy.deepcopy(feed)
    programme = out["programme"]
    courses = [c for r in programme["reunions"] for c in r["courses"]]
    first = min(c["heureDepart"] for c in courses)
    shift = round((first_post - instant(first, 0)).total_seconds() * 1000)
    offset = programme["timezoneOffset"]
    days = (
        first_post.astimezone(instant(0, offset).tzinfo).date()
        - instant(programme["date"], offset).date()
    ).days
    programme["date"] += days * DAY_MS
    for reunion in programme["reunions"]:
        reunion["dateReunion"] += days * DAY_MS
        for course in reunion["courses"]:
            course["heureDepart"] += shift
            if not keep_results:
                _not_run(course)
    return out


def _not_run(course: dict[str, Any]) -> None:
    course.update(
        statut="PROGRAMMEE", categorieStatut="A_PARTIR", arriveeDefinitive=False, ordreArrivee=[]
    )
    kept = [i for i in course.get("incidents") or [] if i.get("type") == NON_RUNNER]
    course["incidents"] = kept or None


def not_run_participants(feed: dict[str, Any]) -> dict[str, Any]:
    """A participants file as before its race: no arrival, no incident but non-runners."""
    out = copy.deepcopy(feed)
    for runner in out["participants"]:
        runner.pop("ordreArrivee", None)
        if runner.get("incident") != NON_RUNNER:
            runner.pop("incident", None)
    return out


def import_moved(files: list[Path], folder: Path, db: Path, first_post: datetime) -> str:
    """Write the feed files moved to ``first_post``'s day into ``folder`` (participants files
    keep their names, which say their race) and import them with ``guichet-server``; what it
    printed. A file that cannot be moved or imported stops the demo, saying why."""
    written = []
    for path in files:
        try:
            feed = json.loads(path.read_text(encoding="utf-8"))
            data = moved(feed, first_post) if "programme" in feed else not_run_participants(feed)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise SystemExit(f"demo: {path} is not a PMU feed file to move: {err!r}") from None
        target = folder / path.name
        target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        written.append(str(target))
    server = Path(sys.executable).parent / "guichet-server"
    done = subprocess.run(
        [str(server), "--db", str(db), "--create", "import-pmu", *written],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"demo: the PMU day was not imported: {done.stderr.strip()}")
    return done.stdout.strip()
