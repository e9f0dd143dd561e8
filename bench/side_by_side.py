"""``make bench`` (HTTP servers): uvicorn and granian side by side, to choose the server by
measurement (issue 28, item 1).

The same three applications under each server, one process each, driven by the same load
generator (``bench/load.py``) as fast as answered, one request or bet per terminal at a time:
the bare FastAPI endpoint (``bench/bare_app.py``), the same answer from a plain ASGI callable
with no framework (``bench/plain_asgi.py``), and the real server on SQLite. uvicorn runs as
``guichet-server serve`` runs it (httptools, uvloop); granian with ``--interface asgi``, one
worker and its fastest loop options (``GRANIAN_OPTIONS``, ``BENCH_GRANIAN`` to try others).
The real server twice: as ``guichet-server serve`` itself, uvicorn only (its connection guards,
timing and counts in ``GuardedProtocol``), and under each server as the application alone:
``backend.app:app_from_environment`` given its settings in the environment as ``serve`` gives
them to its workers, inside the security headers (``bench/granian_app.py``), the same work
under both. Each row gives the ceiling and ``cpu/bet`` (or ``cpu/request``): the server's
processes' user + system CPU over the row divided by the bets or requests answered
(``bench/cpu.py``), the figure that holds on a noisy machine.

The verdict follows from the application alone's ``cpu/bet`` under each server: granian is
chosen only if it saves more than the runs' noise; what it would take to keep the service's
guards under it is printed below (``bench/granian_guards.py``). Without granian installed its
rows say so.

``python -m bench.side_by_side`` runs this part alone (``bench/sizes.py``'s variables).
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend.store import open_store
from bench import sizes
from bench.cpu import Clock, cores, per
from bench.day import bare_day, open_day
from bench.granian_guards import GUARDS
from bench.servers import ADMIN, free_port, start_server, stop
from bench.steps import measured, shown

UVICORN_OPTIONS = ["--loop", "uvloop", "--http", "httptools"]  # what serve's "auto" picks here
GRANIAN_OPTIONS = os.environ.get(
    "BENCH_GRANIAN", "--loop uvloop --task-impl rust --runtime-mode st --http 1 --no-ws"
).split()
NOISE = 0.15  # runs of make bench vary ±15 % (issue 28): a smaller gain chooses nothing


@dataclass(frozen=True)
class Application:
    name: str
    target: str  # module:attribute, as both servers name it; the real server's is a factory
    real: bool = False
    servers: tuple[str, ...] = ("uvicorn", "granian")

    @property
    def unit(self) -> str:
        return "bet" if self.real else "request"


SERVED = "bench.servers:start_server"  # not imported by a server: guichet-server serve itself
APPLICATIONS = (
    Application("bare FastAPI endpoint", "bench.bare_app:app"),
    Application("plain ASGI callable", "bench.plain_asgi:app"),
    # as an operator runs it: uvicorn with GuardedProtocol's timers, counts and headers
    Application("real server, serve", SERVED, real=True, servers=("uvicorn",)),
    # the same application and security headers under each server, no connection guards
    Application("real server, factory", "bench.granian_app:guarded", real=True),
)


@dataclass(frozen=True)
class Row:
    application: Application
    server: str
    rate: float  # requests or bets answered a second
    cpu: int | None  # microseconds of the server's processes' CPU a request or bet
    spent: Clock
    refused: list[str]


def granian() -> tuple[Path | None, str]:
    """granian's command and its version; None and why when it cannot run."""
    try:
        version = importlib.metadata.version("granian")
    except importlib.metadata.PackageNotFoundError:
        return None, "granian is not installed (pip install -e '.[bench]', or '.[dev]')"
    command = Path(sys.executable).parent / "granian"
    if not command.exists():
        return None, f"granian {version} is installed but {command} is missing"
    return command, version


def real_environment(db: Path) -> dict[str, str]:
    """What ``guichet-server serve`` puts in its workers' environment (its defaults: 50 €
    before odds show, 8,000 connections), on a database made as ``--create`` makes it."""
    open_store(db, create=True, check=True).close()
    return {
        "GUICHET_DB": str(db),
        "GUICHET_ADMIN_TOKEN": ADMIN,
        "GUICHET_ODDS_MIN_POOL_CENTS": "5000",
        "GUICHET_MAX_CONNECTIONS": "8000",
        "GUICHET_MAX_CONNECTIONS_PER_ADDRESS": "0",
    }


def start(
    application: Application, server: str, port: int, folder: Path, command: Path | None
) -> subprocess.Popen[bytes]:
    """One application under one server, in a process of its own, its output in ``folder``."""
    if application.target == SERVED:
        return start_server(folder / f"served-{port}.db", port)  # the command an operator runs
    env = dict(os.environ)
    if application.real:
        env.update(real_environment(folder / f"{server}-{port}.db"))
    if server == "uvicorn":
        argv = [sys.executable, "-m", "uvicorn", *UVICORN_OPTIONS, "--port", str(port)]
        argv += ["--log-level", "warning", "--no-access-log"]
    else:
        assert command is not None
        argv = [str(command), "--interface", "asgi", "--workers", "1", *GRANIAN_OPTIONS]
        argv += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    if application.real:
        argv.append("--factory")
    argv.append(application.target)
    with (folder / f"{server}-{port}.log").open("wb") as log:
        return subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)


async def answering(port: int, process: subprocess.Popen[bytes], real: bool) -> None:
    """Until the application answers: the real server's health, a bare endpoint's bet."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"the server exited while starting ({process.returncode})")
            try:
                if real:
                    answer = await client.get("/v1/health")
                else:
                    answer = await client.post("/v1/bets", json={})
                if answer.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("the server did not answer in 30 s")


async def load(application: Application, port: int, pid: int) -> Row:
    """The application's day (a real one for the real server), then the measured load."""
    if application.real:
        signers, races = await open_day(f"http://127.0.0.1:{port}")
    else:
        signers, races = bare_day()
    driven, spent = await measured(port, signers, races, 1, None, pid)
    return Row(
        application,
        "",
        driven.accepted / (spent.wall_ns / 1e9),
        per(spent.server_ns, driven.accepted),
        spent,
        driven.refused,
    )


def measure(application: Application, server: str, folder: Path, command: Path | None) -> Row:
    port = free_port()
    process = start(application, server, port, folder, command)
    try:
        asyncio.run(answering(port, process, application.real))
        row = asyncio.run(load(application, port, process.pid))
    except RuntimeError as err:
        logs = sorted(folder.glob(f"*-{port}.log"))
        tail = logs[0].read_text(errors="replace")[-2000:] if logs else ""
        raise RuntimeError(f"{application.name} under {server}: {err}\n{tail}") from err
    finally:
        if process.poll() is None:
            stop(process)
    return Row(row.application, server, row.rate, row.cpu, row.spent, row.refused)


def printed(row: Row) -> None:
    unit = row.application.unit
    spent = row.spent
    print(
        f"  {row.application.name:<24}{row.server:<9}{row.rate:>9,.0f} {unit}s/s   "
        f"cpu/{unit} {shown(row.cpu)}   (server {cores(spent.server_ns, spent.wall_ns)}, "
        f"load generator {cores(spent.generator_ns, spent.wall_ns)})"
    )
    if row.refused:
        print(f"    {len(row.refused)} refused {sorted(set(row.refused))[:3]}")


def verdict(rows: list[Row]) -> list[str]:
    """granian against uvicorn for each application, what the guards cost under uvicorn, then
    the choice, made on the real server's cpu/bet, the same application under each (a ceiling
    moves with the machine's other work; CPU a bet much less)."""
    by = {(row.application.name, row.server): row for row in rows}
    lines = []
    for application in APPLICATIONS:
        under, over = by.get((application.name, "uvicorn")), by.get((application.name, "granian"))
        if under is None or over is None or not under.cpu or not over.cpu or not under.rate:
            continue
        unit = application.unit
        lines.append(
            f"  {application.name}: granian answers {over.rate / under.rate:.2f} × uvicorn's "
            f"{unit}s a second at {over.cpu / under.cpu:.2f} × its cpu/{unit}"
        )
    served, bare = (
        by.get(("real server, serve", "uvicorn")),
        by.get(("real server, factory", "uvicorn")),
    )
    if served and bare and served.cpu and bare.cpu:
        lines.append(
            "  the connection guards under uvicorn (GuardedProtocol's timers and counts, and "
            f"its timing of answers for the metrics): serve's cpu/bet is "
            f"{served.cpu / bare.cpu:.2f} × the factory's"
        )
    under, over = bare, by.get(("real server, factory", "granian"))
    if under is None or over is None or not under.cpu or not over.cpu:
        return [*lines, "  the figures choose nothing: granian was not measured; uvicorn stays"]
    times = over.cpu / under.cpu
    if times < 1 - NOISE:
        choice = (
            f"the figures choose granian: on the same application its cpu/bet is {times:.2f} × "
            f"uvicorn's, beyond the runs' ±{NOISE:.0%}; it may serve once the guards below are "
            "rebuilt"
        )
    else:
        choice = (
            f"the figures choose uvicorn: on the same application granian's cpu/bet is "
            f"{times:.2f} × uvicorn's, not below {1 - NOISE:.2f} × (the runs vary ±{NOISE:.0%}): "
            "not worth rebuilding the guards below"
        )
    return [*lines, "  " + choice]


def side_by_side() -> None:
    command, version = granian()
    about = f"granian {version}" if command else "granian"
    print(
        f"HTTP servers side by side: uvicorn {importlib.metadata.version('uvicorn')} (httptools, "
        f"uvloop) and {about} (--interface asgi, 1 worker, {' '.join(GRANIAN_OPTIONS)}); the "
        "real server on SQLite as guichet-server serve (uvicorn, its connection guards) and as "
        "the app factory in its security headers under each; "
        f"{sizes.TERMINALS} terminals, one request or bet each at a time, as fast as answered, "
        f"{sizes.SECONDS:.0f} s a row:"
    )
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for application in APPLICATIONS:
            for server in application.servers:
                if server == "granian" and command is None:
                    print(f"  {application.name:<24}{server:<9}not measured: {version}")
                    continue
                rows.append(measure(application, server, Path(folder), command))
                printed(rows[-1])
    for line in verdict(rows):
        print(line)
    print("  keeping the service's guards under granian (what it offers; what to rebuild):")
    for guard, offered, rebuilt in GUARDS:
        print(f"    {guard}: {offered}; {rebuilt}")


if __name__ == "__main__":
    side_by_side()
