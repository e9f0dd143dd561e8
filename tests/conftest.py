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
from tests.pg import cluster_or_skip
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
    """A throwaway PostgreSQL cluster for the session (``scripts/pgcluster.py``). Skipped where
    its binaries are missing, saying how to get them; under CI it fails instead."""
    cluster = cluster_or_skip()
    yield cluster
    remove(cluster)


@pytest.fixture
def fresh_pg(pg_cluster: Cluster) -> str:
    """The URL of a new, empty PostgreSQL database."""
    return pg_cluster.new_database()
