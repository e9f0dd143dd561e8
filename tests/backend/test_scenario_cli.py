"""``guichet-scenario`` through its installed command: every shared scenario, bad files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.shared import shared_scenario_folder

# The console script installed beside the interpreter running the tests (make test installs it).
COMMAND = shutil.which("guichet-scenario", path=str(Path(sys.executable).parent))


def run(*paths: Path) -> subprocess.CompletedProcess[str]:
    assert COMMAND is not None, "guichet-scenario is not installed (make test installs it)"
    return subprocess.run(
        [COMMAND, *map(str, paths)], capture_output=True, text=True, timeout=60, check=False
    )


def expected_figures(path: Path) -> int:
    data = json.loads(path.read_text())
    return len(data.get("expected_odds", {})) + len(data["expected_dividends"])


def test_every_shared_scenario_passes(shared_scenarios: Path) -> None:
    files = sorted(shared_scenarios.glob("*.json"))
    assert files, f"no scenario in {shared_scenarios}"
    done = run(*files)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(lines) == sum(expected_figures(f) for f in files)
    assert all(line.startswith("PASS") for line in lines)


@pytest.mark.parametrize("name", sorted(p.name for p in shared_scenario_folder().glob("*.json")))
def test_each_shared_scenario_on_its_own(name: str, shared_scenarios: Path) -> None:
    done = run(shared_scenarios / name)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("# ")


OURS = Path(__file__).resolve().parents[1] / "scenarios"  # the pmu rules' own scenarios


def test_our_pmu_scenarios_pass() -> None:
    """The PMU's rules (a pool's ``"rules": "pmu"``): the Multi's en N dividends of Nantes R1C1
    on 5 November 2025, every Multi refunded below eight starters, and the Simple and Couplé
    chapters' cases worked by hand from the règlement."""
    files = sorted(OURS.glob("*.json"))
    assert len(files) >= 2
    done = run(*files)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(lines) == sum(expected_figures(f) for f in files)
    assert any(
        line.startswith("PASS  dividend  MULTI            EN_7      3-7-9-13      expected 13.20")
        for line in lines
    )
    assert all(line.startswith("PASS") for line in lines)


def test_a_pool_names_its_rules_set(tmp_path: Path) -> None:
    """The simple rules (DOMAIN.md's) settle the seven-starter Multi the PMU refunds; a rules
    set Guichet does not know is refused, naming the ones it does."""
    data = json.loads((OURS / "pmu-multi-fewer-than-eight-starters.json").read_text())
    data["rules"]["MULTI"]["rules"] = "simple"
    done = run(write(tmp_path, data))
    assert done.returncode == 1
    assert [line.split()[0] for line in done.stdout.splitlines()[1:3]] == ["FAIL", "FAIL"]
    assert "paid at rank EN_4" in done.stdout
    data["rules"]["MULTI"]["rules"] = "tote"
    done = run(write(tmp_path, data))
    assert done.returncode == 2
    assert "MULTI rules 'tote' is not one of simple, pmu" in done.stderr


def _scenario(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": 1,
        "name": "tiny",
        "source": "test",
        "runners": [1, 2, 3, 4],
        "scratched": [],
        "rules": {"SIMPLE_GAGNANT": {"takeout": "0", "rounding_step": "0.01"}},
        "bets": [
            {"bet_type": "SIMPLE_GAGNANT", "selection": [1], "stake": "10"},
            {"bet_type": "SIMPLE_GAGNANT", "selection": [2], "stake": "30"},
        ],
        "result": [[1], [2], [3]],
        "expected_dividends": [
            {"bet_type": "SIMPLE_GAGNANT", "rank": None, "combination": [1], "dividend": "4.00"}
        ],
    }
    base.update(changes)
    return base


def write(tmp_path: Path, data: Any, name: str = "s.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_wrong_expected_figure_prints_fail_and_exits_1(tmp_path: Path) -> None:
    wrong = _scenario(
        expected_dividends=[
            {"bet_type": "SIMPLE_GAGNANT", "rank": None, "combination": [1], "dividend": "3.99"},
            {"bet_type": "SIMPLE_GAGNANT", "rank": None, "combination": [2], "dividend": "1.33"},
        ]
    )
    done = run(write(tmp_path, wrong))
    assert done.returncode == 1
    fail, missing = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert "expected 3.99" in fail
    assert "got 4.00" in fail
    assert "got none" in missing
    assert "not a paying combination" in missing


def test_a_scratched_runner_is_listed_as_refund(tmp_path: Path) -> None:
    data = _scenario(
        scratched=[4],
        bets=[
            {"bet_type": "SIMPLE_GAGNANT", "selection": [1], "stake": "10"},
            {"bet_type": "SIMPLE_GAGNANT", "selection": [4], "stake": "30"},
        ],
        expected_dividends=[
            {
                "bet_type": "SIMPLE_GAGNANT",
                "rank": "REFUND",
                "combination": [4],
                "dividend": "1.00",
            },
            # 30 on runner 4 leaves the pool; 10 on 10 is 1.00, topped up to the PMU's 1.10
            {"bet_type": "SIMPLE_GAGNANT", "rank": None, "combination": [1], "dividend": "1.10"},
        ],
    )
    done = run(write(tmp_path, data))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not JSON"),
        ({"format": 2}, "format must be 1"),
        (_scenario(runners="1-4"), "runners must be a list"),
        (_scenario(rules={"SIMPLE_WIN": {}}), "bet type 'SIMPLE_WIN'"),
        (_scenario(rules={"SIMPLE_GAGNANT": {"takeout": "lots"}}), "not a decimal"),
        (
            _scenario(bets=[{"bet_type": "SIMPLE_GAGNANT", "selection": [9], "stake": "1"}]),
            r"bets\[1\]: runner 9 is not in this race",
        ),
        (
            _scenario(bets=[{"bet_type": "SIMPLE_GAGNANT", "selection": [1], "stake": 10}]),
            "stake must be a decimal string",
        ),
        (
            _scenario(bets=[{"bet_type": "SIMPLE_GAGNANT", "selection": [1], "stake": "0.001"}]),
            "fraction of a cent",
        ),
        (_scenario(result=[[1], [1]]), "placed twice"),
    ],
)
def test_a_malformed_file_exits_2_and_says_what_is_wrong(
    tmp_path: Path, data: Any, message: str
) -> None:
    done = run(write(tmp_path, data))
    assert done.returncode == 2
    assert "s.json: " in done.stderr
    assert re.search(message, done.stderr), done.stderr


def test_a_missing_file_is_reported_and_the_others_still_run(
    tmp_path: Path, shared_scenarios: Path
) -> None:
    done = run(tmp_path / "absent.json", next(shared_scenarios.glob("*.json")))
    assert done.returncode == 2
    assert "absent.json: cannot read" in done.stderr
    assert "PASS" in done.stdout
