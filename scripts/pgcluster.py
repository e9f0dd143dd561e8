"""A throwaway PostgreSQL cluster for the tests and benchmarks, never a service assumed to be
running; and its streaming standby, for the failover test.

It is made with the server's own binaries (``initdb``, ``pg_ctl``: Debian's ``postgresql``
package, which ``make test`` installs where it is missing) in a fresh folder, listens on
loopback on a free port and on a private socket, and is gone when the test session ends.

A durable cluster (the default) keeps ``fsync`` on: the tests that kill one prove durability
on it. The tests' shared cluster is not durable (``fsync``, ``full_page_writes`` and
``synchronous_commit`` off): no test kills it, what it holds dies with the session, and
flushing every commit and every database's files to a disk shared with other jobs was most
of its cost; what a client sees (locks, isolation, visibility) is the same.

PostgreSQL refuses to run as root. As root (CI, containers) the cluster belongs to the
unprivileged ``nobody`` and every server command runs under that user's id; the folder is made
under ``/tmp``, which that user can reach (pytest's own temporary folders are private to root).

Where the binaries are missing the tests that need them are skipped, saying how to get them,
except under CI (``GUICHET_REQUIRE_POSTGRES=1``, set by ``.ci/run``): there they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REQUIRED = os.environ.get("GUICHET_REQUIRE_POSTGRES") == "1" or bool(os.environ.get("CI"))
HOW = (
    "PostgreSQL's server binaries are missing: `make test` installs them as root (apt-get "
    "install postgresql)"
)


class Unavailable(Exception):
    """No cluster can be made here (binaries missing, or it would not start): why, in a line."""


def bindir() -> Path:
    """The newest installed PostgreSQL's binaries (Debian keeps them off the PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise Unavailable(HOW)
    return Path(initdb).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int = field(default_factory=free_port)
    bin: Path = field(default_factory=bindir)
    user: str | None = None  # the owner, when we are root
    durable: bool = True  # fsync on: what it acknowledged survives a SIGKILL of the machine

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://guichet@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            args,
            user=self.user,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.folder,
        )
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise Unavailable(f"{Path(args[0]).name} failed: {said[-1] if said else done}")
        return done

    def create(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "guichet",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        flush = (
            "-c fsync=on -c synchronous_commit=on"
            if self.durable
            else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            f"{flush} -c max_connections=200"
        )
        log = str(self.folder / "server.log")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            log,
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast``: a clean shutdown (a checkpoint); ``immediate``: none, for a cluster whose
        folder goes next (its checkpoint would flush gigabytes about to be deleted)."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        """Its postmaster is alive (not merely named by a pid file a killed server left, whose
        number another process may have since)."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            return False
        return str(self.data).encode() in command

    def kill(self) -> None:
        """SIGKILL the postmaster, as a machine that dies: no checkpoint, no goodbye."""
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False, timeout=10
        ).stdout.split()
        for each in [pid, *map(int, children)]:  # the children too: none outlives the machine
            with contextlib.suppress(ProcessLookupError):
                os.kill(each, signal.SIGKILL)
        for each in [pid, *map(int, children)]:
            for _ in range(500):
                try:
                    os.kill(each, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.01)

    def promote(self) -> None:
        """A standby becomes the primary (what Patroni or an operator does)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", "promote")

    def sql(self, query: str, database: str = "postgres") -> list[tuple[object, ...]]:
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=10) as conn:
            cursor = conn.execute(query.encode())
            return cursor.fetchall() if cursor.description else []

    def new_database(self) -> str:
        """A fresh, empty database in the cluster: one a test."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def make_cluster(durable: bool = True) -> Cluster:
    """A running cluster in a fresh folder under /tmp; ``Unavailable`` if it cannot be (and
    then no folder is left behind)."""
    folder = Path(tempfile.mkdtemp(prefix="guichet-pg-", dir="/tmp"))
    user = None
    if os.geteuid() == 0:
        user = "nobody"
        owner = pwd.getpwnam(user)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(folder, user=user, durable=durable)
    try:
        cluster.create()
        cluster.start()
    except BaseException:
        remove(cluster)
        raise
    return cluster


def remove(cluster: Cluster) -> None:
    """The cluster stopped and its folder gone. It is stopped without a checkpoint (its data
    is deleted next); a server that will not stop is killed, so none outlives its folder."""
    try:
        cluster.stop("immediate")
    except (Unavailable, subprocess.TimeoutExpired):
        if cluster.running():
            cluster.kill()
        raise
    finally:
        shutil.rmtree(cluster.folder, ignore_errors=True)


def make_standby(primary: Cluster, synchronous: bool = True) -> Cluster:
    """A streaming standby of ``primary`` (``pg_basebackup -R``) on a port of its own, running;
    with ``synchronous`` the primary then waits for it at every commit (``ANY 1 (*)``), so
    what the primary acknowledged survives the primary."""
    folder = Path(tempfile.mkdtemp(prefix="guichet-pg-standby-", dir="/tmp"))
    if primary.user is not None:
        owner = pwd.getpwnam(primary.user)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    standby = Cluster(folder, bin=primary.bin, user=primary.user)
    standby._run(
        str(primary.bin / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        "guichet",
        "-D",
        str(standby.data),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        "--no-sync",
    )
    standby.start()
    if synchronous:
        primary.sql("ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (*)'")
        primary.sql("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 30
        while (
            primary.sql("SELECT 1 FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')")
            == []
        ):
            if time.monotonic() > deadline:
                raise Unavailable("the standby did not become synchronous within 30 s")
            time.sleep(0.1)
    return standby
