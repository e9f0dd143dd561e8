from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest

from backend import journal
from backend.errors import InvalidRequest
from backend.programme import demo_programme, load_programme, parse_programme
from backend.store import Store

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo() -> dict[str, Any]:
    return demo_programme(date(2026, 11, 21), NOW)


def test_the_demo_day_loads(fresh_db: Store, demo: dict[str, Any]) -> None:
    assert load_programme(fresh_db, parse_programme(demo), NOW) == 24
    sizes = [row[0] for row in fresh_db.execute("SELECT COUNT(*) FROM runner GROUP BY race_id")]
    assert min(sizes) >= 8
    assert max(sizes) <= 16
    quinte = fresh_db.execute("SELECT id FROM race WHERE bet_types LIKE '%QUINTE_PLUS%'")
    assert [row[0] for row in quinte] == ["2026-11-21/R1C4"]
    assert journal.verify(fresh_db).records == 3


def _broken(demo: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(demo)
    target: Any = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    last = keys[-1]
    target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("day", "tomorrow", 'day: a date such as "2026-11-21"'),
        # issue 16: too large for the database's integers (an OverflowError, a 500)
        ("meetings.0.number", 2**63, r"meetings\[1\].number: input should be less than"),
        ("meetings.0.races.0.runners.0.number", 10**25, r"runners\[1\].number: input should be"),
        ("meetings.0.races.0.runners.0.name", "x" * 81, "at most 80 characters"),
        ("meetings.0.racecourse", 7, r"meetings\[1\].racecourse: input should be a valid string"),
        ("meetings.0.races.0.surprise", 1, r"races\[1\].surprise: extra inputs are not permitted"),
        ("meetings.0.races.2.post_time", "2026-11-21T15:00:00", "UTC offset"),
        ("meetings.0.races.2.runners.1.number", 1, "two runners have the same number"),
        ("meetings.1.races.0.bet_types", ["SIMPLE_WIN"], r"meetings\[2\].races\[1\].bet_types"),
        ("meetings.0.races.0.rules", {"TRIO": {"takeout": "2"}}, "takeout"),
        ("meetings.0.races.0.rules", {"QUINTE_PLUS": {}}, "not offered"),
    ],
)
def test_a_malformed_programme_is_refused_naming_the_place(
    demo: dict[str, Any], path: str, value: Any, message: str
) -> None:
    with pytest.raises(InvalidRequest, match=message):
        parse_programme(_broken(demo, path, value))


def test_a_programme_nested_100000_deep_is_refused_not_a_crash() -> None:
    """Python's json recursed until RecursionError: a 500 and a 125-line log (issue 16)."""
    with pytest.raises(InvalidRequest, match="not JSON"):
        parse_programme(b"[" * 100_000)
    with pytest.raises(InvalidRequest, match="not JSON"):
        parse_programme(b'{"format": 1, "day": "2026-11-21", "meetings": ' + b"[" * 100_000)


def test_loading_is_all_or_nothing(fresh_db: Store, demo: dict[str, Any]) -> None:
    load_programme(fresh_db, parse_programme(demo), NOW)
    again = copy.deepcopy(demo)
    again["meetings"][0]["number"] = 9  # new, but meeting 2 is already there
    with pytest.raises(InvalidRequest, match="already in the programme"):
        load_programme(fresh_db, parse_programme(again), NOW)
    assert fresh_db.execute("SELECT COUNT(*) FROM meeting").fetchone()[0] == 3
