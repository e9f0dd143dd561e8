"""A throwaway PostgreSQL cluster for a test, or the reason there is none."""

from __future__ import annotations

import pytest

from scripts.pgcluster import REQUIRED, Cluster, Unavailable, make_cluster


def cluster_or_skip() -> Cluster:
    """A new running cluster. Where one cannot be made the test is skipped, saying how to
    enable it; under CI (``GUICHET_REQUIRE_POSTGRES=1``) it fails instead."""
    try:
        return make_cluster()
    except Unavailable as why:
        if REQUIRED:
            pytest.fail(f"PostgreSQL is required here (GUICHET_REQUIRE_POSTGRES=1): {why}")
        pytest.skip(f"{why} (under CI this fails)")
