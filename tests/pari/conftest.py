from __future__ import annotations

from collections.abc import Callable

import pytest

from pari import BetType, Field, PoolRules


@pytest.fixture
def sixteen_runners() -> Field:
    return Field.of(range(1, 17))


@pytest.fixture
def pmu_rules() -> Callable[[BetType], PoolRules]:
    return PoolRules.pmu
