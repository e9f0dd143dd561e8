"""Where the shared scenarios are read from, for fixtures and for collection alike."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_SCENARIOS = PROJECT_ROOT / "tests" / "scenarios" / "shared"


def shared_scenario_folder() -> Path:
    """The shared scenarios: ``../shared/scenarios`` beside the project where it is (it may hold
    more than the copy), else the copy shipped in ``tests/scenarios/shared`` so that a clone
    alone tests too. Under CI (``GUICHET_REQUIRE_SHARED``) the folder beside must be there."""
    beside = PROJECT_ROOT.parent / "shared" / "scenarios"
    if beside.is_dir():
        return beside
    assert not os.environ.get("GUICHET_REQUIRE_SHARED"), (
        f"{beside} is missing: under CI the shared/ folder must sit beside the project"
    )
    return SHIPPED_SCENARIOS
