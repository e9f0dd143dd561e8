"""The demo's running parts: each started as its own process group with its log, watched
for one that stops on its own, and stopped in reverse order (terminals first, server last).

Kept apart from what the demo starts (``scripts.demo``) so that a test can run a cast of
any commands and see how the demo treats a part that dies or never becomes ready.
"""

from __future__ import annotations

import json
import select
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from scripts.stage import until_ready


@dataclass
class Part:
    name: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Cast:
    """The running parts, in start order; stopped in reverse."""

    folder: Path
    env: dict[str, str]
    parts: list[Part] = field(default_factory=list)

    def start(
        self,
        name: str,
        command: list[str],
        *,
        stdout: int | IO[bytes] | None = None,
        env: dict[str, str] | None = None,
    ) -> Part:
        log = self.folder / f"{name.replace(' ', '-')}.log"
        with log.open("ab") as out:
            process = subprocess.Popen(
                command,
                env={**self.env, **(env or {})},
                stdin=subprocess.DEVNULL,
                stdout=stdout if stdout is not None else out,
                stderr=out,
                start_new_session=True,  # Ctrl-C reaches the demo only: it stops the parts in order
            )
        part = Part(name, process, log)
        self.parts.append(part)
        return part

    def first_exited(self, seen: set[str]) -> Part | None:
        return next(
            (p for p in self.parts if p.name not in seen and p.process.poll() is not None), None
        )

    def stop(self) -> list[str]:
        ended = []
        for part in reversed(self.parts):
            if part.process.poll() is None:
                part.process.send_signal(signal.SIGTERM)
                try:
                    part.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    part.process.kill()
                    part.process.wait(timeout=5)
            code = part.process.returncode
            ended.append(f"{part.name} {'stopped' if code in (0, -signal.SIGTERM) else code}")
        return ended


def tail(log: Path, lines: int = 8) -> str:
    try:
        said = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(f"    {line}" for line in said[-lines:])


def read_json_line(part: Part, timeout: float = 30) -> dict[str, str]:
    """The first line a ``guichet-sim --json`` prints: its devices' URLs."""
    stream = part.process.stdout
    assert stream is not None
    ready, _, _ = select.select([stream], [], [], timeout)
    line = stream.readline() if ready else b""
    if not line:
        raise SystemExit(f"demo: {part.name} did not start; see {part.log}")
    urls: dict[str, str] = json.loads(line)
    return urls


def ready_in(part: Part, listener: socket.socket, timeout: float = 60) -> float:
    """Seconds until ``READY=1``; a part that dies meanwhile is reported at once, with the
    end of its log, not after the whole timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            until_ready(listener, 0.5)
        except TimeoutError:
            if part.process.poll() is not None:
                raise SystemExit(
                    f"demo: {part.name} stopped at once "
                    f"({part.process.returncode}); the end of {part.log}:\n"
                    f"{tail(part.log)}"
                ) from None
            continue
        return time.monotonic() - started
    raise SystemExit(
        f"demo: {part.name} did not become ready in {timeout:.0f} s; the end of "
        f"{part.log}:\n{tail(part.log)}"
    )
