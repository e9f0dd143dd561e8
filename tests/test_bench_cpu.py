"""``bench/cpu.py`` counts the CPU of a process's whole tree: a server with several workers
spends most of its CPU in its children, and ``cpu/bet`` must count them (issue 28). Real
processes; what is compared is CPU spent, never how long anything took."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from bench.cpu import tree_ns

BURN = 0.3  # CPU seconds the grandchild spends
# A parent that starts a child burning BURN s of CPU, says so once it has, then reaps it when
# told to, says so, and waits to be told to end: the shape of uvicorn's workers.
PARENT = f"""
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", '''
import sys, time
while time.process_time() < {BURN}:
    pass
print("burnt", flush=True)
sys.stdin.readline()
'''], stdin=subprocess.PIPE)
sys.stdin.readline()
child.stdin.close()
child.wait()
print("reaped", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def parent() -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen(
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as process:
        yield process
        process.kill()  # its child, blocked on a pipe of the parent's, ends with it


def test_a_live_childs_cpu_counts_and_so_does_a_reaped_ones(
    parent: subprocess.Popen[str],
) -> None:
    assert parent.stdin is not None
    assert parent.stdout is not None
    assert parent.stdout.readline() == "burnt\n"
    live = tree_ns(parent.pid)
    assert live >= BURN * 0.5 * 1e9, live  # a clock tick is 10 ms: the child's CPU, roughly
    parent.stdin.write("\n")
    parent.stdin.flush()
    assert parent.stdout.readline() == "reaped\n"
    assert tree_ns(parent.pid) >= live  # now in its parent's cutime, not lost


def test_a_process_that_is_gone_spent_nothing() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert tree_ns(gone.pid) == 0
