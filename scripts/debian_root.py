"""A Debian 12 root filesystem to install the package into for real, with dpkg and apt, and
to run its commands from: ``make package-check`` (``scripts.check_package``).

Made once by debootstrap from Debian's package registry, with what the package depends on
and recommends already in it, and kept as a tarball in the user's cache
(``~/.cache/guichet``): a later run unpacks it in seconds. Each check gets its own copy, with
``/proc`` and ``/dev`` mounted and the host's DNS settings, and runs its commands with
``chroot``: no systemd runs inside, so the maintainer scripts take their "not booted with
systemd" paths, as in an image being built; what systemd would do with the units is checked
with ``systemctl`` offline and ``systemd-analyze verify``.

Needs root (chroot, mount) and debootstrap; ``make test`` installs it as root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "guichet"


class Unavailable(Exception):
    """No root filesystem can be made here (not root, no debootstrap, no mirror)."""


class Root:
    def __init__(self, path: Path) -> None:
        self.path = path

    def run(
        self,
        *command: str,
        user: str = "",
        env: dict[str, str] | None = None,
        check: bool = True,
        timeout: float = 600,
    ) -> subprocess.CompletedProcess[str]:
        """``command`` inside the root (as ``user``), with a plain environment."""
        plain = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG": "C.UTF-8",
            "DEBIAN_FRONTEND": "noninteractive",
            **(env or {}),
        }
        spec = ["--userspec", f"{user}:{user}"] if user else []
        return subprocess.run(
            ["chroot", *spec, str(self.path), *command],
            env=plain,
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )

    def popen(self, *command: str, user: str = "", env: dict[str, str]) -> subprocess.Popen[str]:
        plain = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", **env}
        spec = ["--userspec", f"{user}:{user}"] if user else []
        return subprocess.Popen(
            ["chroot", *spec, str(self.path), *command],
            env=plain,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def put(self, source: Path, inside: str) -> str:
        target = self.path / inside.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        return inside


def tarball(packages: Sequence[str]) -> Path:
    """The cached root filesystem with ``packages``, made with debootstrap if missing."""
    if os.geteuid() != 0:
        raise Unavailable("installing the package for real needs root (chroot, mount)")
    if shutil.which("debootstrap") is None:
        raise Unavailable("debootstrap is missing: `make test` installs it as root")
    key = hashlib.sha256(" ".join(sorted(packages)).encode()).hexdigest()[:12]
    cached = CACHE / f"debian-{SUITE}-{key}.tar"
    if cached.exists():
        return cached
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        made = Path(folder) / "root"
        done = subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                f"--include={','.join(packages)}",
                SUITE,
                str(made),
                MIRROR,
            ],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if done.returncode != 0:
            raise Unavailable(f"debootstrap failed: {done.stderr.strip()[-500:]}")
        partial = cached.with_suffix(".partial")
        subprocess.run(["tar", "-C", str(made), "-cf", str(partial), "."], check=True)
        partial.rename(cached)  # whole, or not there
    for old in CACHE.glob(f"debian-{SUITE}-*.tar"):
        if old != cached:
            old.unlink()
    return cached


@contextmanager
def debian_root(packages: Sequence[str]) -> Iterator[Root]:
    """A fresh copy of the cached root, mounted, until the block ends."""
    source = tarball(packages)
    with tempfile.TemporaryDirectory(prefix="guichet-root-") as folder:
        path = Path(folder)
        subprocess.run(["tar", "-C", str(path), "-xf", str(source)], check=True)
        shutil.copy2("/etc/resolv.conf", path / "etc/resolv.conf")
        mounted: list[Path] = []
        try:
            for kind, where in (("proc", "proc"), ("devpts", "dev/pts")):
                subprocess.run(["mount", "-t", kind, kind, str(path / where)], check=True)
                mounted.append(path / where)
            yield Root(path)
        finally:
            for point in reversed(mounted):
                subprocess.run(["umount", "-l", str(point)], check=False)
