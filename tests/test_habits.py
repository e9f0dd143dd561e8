"""The checks a developer runs before each commit (``.pre-commit-config.yaml``) are the
project's own: valid, run from ``.venv``, and they refuse what CI would refuse."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"


def tracked(pattern: str) -> list[str]:
    """The files git tracks that match ``pattern``, relative to the checkout."""
    return subprocess.run(
        ["git", "ls-files", pattern],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.split()


def pre_commit(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [str(PRE_COMMIT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_configuration_is_valid(tmp_path: Path) -> None:
    done = pre_commit(tmp_path, "validate-config", ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_clean_file_passes_and_a_badly_written_one_is_refused(tmp_path: Path) -> None:
    clean = pre_commit(tmp_path, "run", "ruff", "--files", "pari/money.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = tmp_path / "bad_style.py"
    bad.write_text("import os\nx=1\n", encoding="utf-8")
    for hook in ("ruff", "ruff-format"):
        refused = pre_commit(tmp_path, "run", hook, "--files", str(bad))
        assert refused.returncode == 1, hook + refused.stdout + refused.stderr
        assert "Failed" in refused.stdout, refused.stdout


def test_the_formatter_wins_everywhere() -> None:
    """A skip marker for the formatter keeps a hand layout the formatter would undo; the project had
    938 of them, each a line nobody could reformat. None may come back."""
    listed = tracked("*.py")
    markers = ("# fmt: " + "skip", "# fmt: " + "off")
    skipped = [
        f"{name}:{number}"
        for name in listed
        for number, line in enumerate(
            (ROOT / name).read_text(encoding="utf-8").splitlines(), start=1
        )
        if any(marker in line for marker in markers)
    ]
    assert skipped == []


def test_mypy_checks_every_package_tests_included() -> None:
    """``make typecheck`` and the pre-commit hook run mypy on pyproject's packages: a package left
    out of that list (the tests were, with 61 errors) is never type-checked."""
    listed = tracked("*/__init__.py")
    packages = {name.split("/")[0] for name in listed}
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "tests" in packages
    assert set(config["tool"]["mypy"]["packages"]) == packages
