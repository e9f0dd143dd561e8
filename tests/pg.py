"""Throwaway PostgreSQL clusters for the tests, or the reason there is none.

One cluster serves the whole session (``pg_cluster`` in ``tests/conftest.py``), each test in a
database of its own: a database isolates a test's data, and costs a fraction of a cluster
(``initdb``, start, stop: about two seconds here). A test that needs a server of its own —
one it kills, a primary and its standby, a server-level setting — says so with the
``own_pg_server`` mark (and why) and gets a durable cluster from ``own_cluster``, which
refuses unmarked tests so the shared server stays the rule.
"""

from __future__ import annotations

import pytest

from scripts.pgcluster import REQUIRED, Cluster, Unavailable, make_cluster

OWN_SERVER = "own_pg_server"


def cluster_or_skip(durable: bool = True) -> Cluster:
    """A new running cluster. Where one cannot be made the test is skipped, saying how to
    enable it; under CI (``GUICHET_REQUIRE_POSTGRES=1``) it fails instead."""
    try:
        return make_cluster(durable=durable)
    except Unavailable as why:
        if REQUIRED:
            pytest.fail(f"PostgreSQL is required here (GUICHET_REQUIRE_POSTGRES=1): {why}")
        pytest.skip(f"{why} (under CI this fails)")


def own_cluster(request: pytest.FixtureRequest) -> Cluster:
    """A durable cluster for this test alone; the test must carry ``own_pg_server``."""
    if request.node.get_closest_marker(OWN_SERVER) is None:
        pytest.fail(
            f"{request.node.nodeid} starts a PostgreSQL server of its own: mark it "
            f'@pytest.mark.{OWN_SERVER}("why"), or use pg_cluster\'s shared server'
        )
    return cluster_or_skip(durable=True)
