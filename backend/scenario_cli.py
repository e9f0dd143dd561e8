"""``guichet-scenario FILE...``: run scenario files and print one line per expected figure.

Exit status: 0 when every figure matches, 1 when any does not, 2 when a file cannot be read or
does not follow the format (the message says which file and what is wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pari.errors import ScenarioError
from pari.scenario import Check, describe_combination, run_scenario

EXIT_OK, EXIT_MISMATCH, EXIT_MALFORMED = 0, 1, 2


def format_check(check: Check) -> str:
    status = "PASS" if check.passed else "FAIL"
    got = check.got if check.got is not None else "none"
    line = (
        f"{status}  {check.kind:<8}  {check.bet_type:<15}  {check.rank or '-':<8}  "
        f"{describe_combination(check.combination):<12}  expected {check.expected:<8}  got {got}"
    )
    return f"{line}  ({check.note})" if check.note else line


def run_files(paths: Sequence[Path], out: list[str], err: list[str]) -> int:
    status = EXIT_OK
    passed = failed = 0
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            run = run_scenario(data)
        except OSError as exc:
            err.append(f"{path}: cannot read: {exc.strerror or exc}")
            status = EXIT_MALFORMED
            continue
        except json.JSONDecodeError as exc:
            err.append(f"{path}: not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
            status = EXIT_MALFORMED
            continue
        except ScenarioError as exc:
            err.append(f"{path}: malformed scenario: {exc}")
            status = EXIT_MALFORMED
            continue
        out.append(f"# {run.name} ({path})")
        err.extend(f"{path}: warning: {warning}" for warning in run.warnings)
        for check in run.checks:
            out.append(format_check(check))
            passed += check.passed
            failed += not check.passed
        if not run.passed and status == EXIT_OK:
            status = EXIT_MISMATCH
    out.append(f"scenarios: {passed} passed, {failed} failed")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="guichet-scenario",
        description="Run race scenario files (DOMAIN.md format 1) and compare every figure.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    out: list[str] = []
    err: list[str] = []
    status = run_files(args.files, out, err)
    for line in err:
        print(line, file=sys.stderr)
    for line in out:
        print(line)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
