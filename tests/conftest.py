"""Shared fixtures and Hypothesis profiles.

CI runs the ``ci`` profile (more examples, no deadline: the machine has two cores and other
jobs); developers get a quicker default.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from scripts.pgcluster import Cluster, remove
from tests.pg import OWN_SERVER, cluster_or_skip
from tests.shared import shared_scenario_folder

# Qt runs offscreen here (no screen), whether pytest is started by make or by hand
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# the central server on loopback (live_server, open_race, clock), shared by every package
pytest_plugins = ["tests.servers"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def shared_scenarios() -> Path:
    """The shared scenario folder (``shared_scenario_folder``); never skipped."""
    return shared_scenario_folder()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway PostgreSQL cluster (``scripts/pgcluster.py``), shared by every
    test (each makes its own database: ``new_database``), not durable (no test kills it: those
    that do have their own, ``tests/pg.py``); stopped and removed when the session ends,
    failed or not. Under pytest-xdist each worker has one. Skipped where its binaries are
    missing, saying how to get them; under CI it fails instead."""
    cluster = cluster_or_skip(durable=False)
    try:
        yield cluster
    finally:
        remove(cluster)


@pytest.fixture
def fresh_pg(pg_cluster: Cluster) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return pg_cluster.new_database()


# What makes a test slow: a server, a PostgreSQL, a browser, a Qt window, simulated devices or
# a whole system started for it. `make quick` runs the rest (`-m "not slow"`), in under a
# minute; `make test` runs everything.
SLOW_FIXTURES = frozenset(
    {
        "live_server",
        "pg_cluster",
        "fresh_pg",
        "fresh_store",
        "workers",
        "two_workers",
        "primary_and_standby",
        "proxy",
        "server_db",
        "browser",
        "browsers",
        "pages",
        "console",
        "login",
        "qtbot",
        "qapp",
        "window",
        "kiosk",
        "kiosk_terminal",
        "counter",
        "other_counter",
        "terminal",
        "terminals",
        "demo",
        "demo_day",
        "staged",
        "running_sim",
        "sim_rig",
        "sim_printer",
        "sim_scanner",
        "sim_bill_acceptor",
        "sim_card_reader",
        "panel",
        "rig",
        "harness",
        "open_race",
        "live_feed",
    }
)
SLOW_MODULES = frozenset(
    {
        "test_demo",
        "test_bench",
        "test_screenshots",
        "test_repo",
        "test_racecourse",
        "test_pgcluster",
        "test_crash",
        "test_schemathesis",
        "test_failover",
        "test_workers",
        "test_late_answers",
    }
)
SLOW_TESTS = frozenset(
    {  # each starts the server's command more than once
        "test_no_command_makes_a_database_where_one_is_missing",
        "test_an_unusable_database_is_refused_before_listening",
    }
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: starts a server, database, browser or window")
    config.addinivalue_line(
        "markers",
        f"{OWN_SERVER}(why): starts PostgreSQL servers of its own (tests/pg.py: own_cluster) "
        "instead of a database on the session's shared one",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        slow = item.path.stem in SLOW_MODULES or item.name.split("[")[0] in SLOW_TESTS
        if slow or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
