"""CPU time read from ``/proc`` (Linux), of a whole process tree, and the interval clock the
server benchmark reads around each measured step.

A ceiling moves with whatever else the machine runs; the CPU the server spends per bet
moves much less, so each step gives both (issue 28). The server's figure is the user +
system time of its process and every descendant (several workers are children of the
first), never the load generator's, which is given apart, nor the database cluster's
(PostgreSQL's processes are not the server's children), which is given apart too. A child
that ends within the interval is still counted: its parent's ``cutime``/``cstime`` take it
when it is reaped. Nanoseconds, as integers: ``/proc`` counts clock ticks (10 ms), and the
figures printed are whole microseconds.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICK_NS = 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command's name, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def tree_ns(root: int) -> int:
    """The CPU time of ``root`` and all its descendants so far, reaped children included."""
    parents: dict[int, int] = {}
    spent: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is not None:  # field 1 is the parent; 11-14 utime, stime, cutime, cstime
            parents[int(entry.name)] = int(fields[1])
            spent[int(entry.name)] = sum(int(f) for f in fields[11:15])
    total = 0
    for pid, ticks in spent.items():
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += ticks
    return total * TICK_NS


@dataclass(frozen=True)
class Clock:
    """Wall time and CPU nanoseconds: the server's processes, this load generator, and the
    database cluster's where it has one; ``since`` turns two readings into an interval."""

    wall_ns: int
    server_ns: int
    generator_ns: int
    database_ns: int | None

    @classmethod
    def read(cls, server: int, database: int | None = None) -> Clock:
        return cls(
            time.perf_counter_ns(),
            tree_ns(server),
            time.process_time_ns(),
            None if database is None else tree_ns(database),
        )

    def since(self, start: Clock) -> Clock:
        return Clock(
            self.wall_ns - start.wall_ns,
            self.server_ns - start.server_ns,
            self.generator_ns - start.generator_ns,
            None
            if self.database_ns is None or start.database_ns is None
            else self.database_ns - start.database_ns,
        )


def per(spent_ns: int, count: int) -> int | None:
    """Whole microseconds each of ``count`` things took, None when there was none."""
    return spent_ns // (count * 1000) if count > 0 else None


def cores(spent_ns: int, wall_ns: int) -> str:
    """CPU time over an interval as the cores it kept busy: ``1.45 cores``."""
    hundredths = spent_ns * 100 // max(1, wall_ns)
    return f"{hundredths // 100}.{hundredths % 100:02d} cores"
