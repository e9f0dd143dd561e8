"""``make package``: Guichet's wheel, and a Debian package that installs it without a network.

``dist/guichet-<version>-py3-none-any.whl``
    The application, for ``pip install 'guichet[terminal]'`` (the server needs no extra).
``dist/guichet_<version>_<arch>.deb``
    Everything a server or a terminal needs, for ``apt install ./guichet_...deb``: the wheel
    and every wheel it depends on (so a kiosk in a bar installs with no Internet access), the
    systemd units, the udev rules, example configuration. Its postinst creates the users and
    builds ``/opt/guichet`` from the wheels. The compiled wheels (Qt, uvloop, pydantic-core)
    are this machine's, so the package is for this architecture and Python minor version.

``python -m scripts.check_package`` then installs what the package carries and starts its
commands.
"""

from __future__ import annotations

import email.utils
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ARCH = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def version() -> str:
    """The package's version: the project's, or ``$GUICHET_DEB_VERSION`` (the install check
    builds later versions of the same tree, to upgrade to them)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return os.environ.get("GUICHET_DEB_VERSION") or str(data["project"]["version"])


def run(*command: str) -> None:
    print("  $ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def build_wheel(dist: Path) -> Path:
    for old in dist.glob("guichet-*.whl"):
        old.unlink()
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--wheel-dir",
        str(dist),
        str(ROOT),
    )
    (wheel,) = dist.glob("guichet-*.whl")
    return wheel


def control(size_kib: int) -> str:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    following = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
    return (
        f"Package: guichet\nVersion: {version()}\nArchitecture: {ARCH}\n"
        "Maintainer: Guichet developers <guichet@example.org>\n"
        f"Installed-Size: {size_kib}\nSection: misc\nPriority: optional\n"
        f"Depends: python3 (>= {python}), python3 (<< {following}), python3-venv, adduser, "
        f"init-system-helpers (>= 1.54), {', '.join(QT_LIBRARIES)}\n"
        "Recommends: cage\n"
        "Homepage: https://github.com/guichet/guichet\n"
        "Description: pari-mutuel betting point of sale: server, kiosk and counter\n"
        " The central odds and bet server (guichet-server), the kiosk and counter\n"
        " terminal app (guichet-terminal), the hardware simulator (guichet-sim) and\n"
        " the scenario checker (guichet-scenario) and the replay of a race against the\n"
        " PMU's published dividends (guichet-replay), with systemd units for a server\n"
        " and for a kiosk session under cage, and udev rules for the devices.\n"
    )


# The commands /usr/bin gives (links to the release's own, /opt/guichet/bin): every console
# script of pyproject.toml's [project.scripts]
COMMANDS = (
    "guichet-server",
    "guichet-terminal",
    "guichet-sim",
    "guichet-scenario",
    "guichet-replay",
)

# What Qt's wheel (PySide6-Essentials) loads from the system, for the offscreen, Wayland (a
# kiosk under cage) and X11 (a counter's desktop) platforms: found with ldd on its libraries
# and plugins in a Debian 12 root filesystem (scripts/check_install.py runs the terminal
# there, so a missing one fails the check)
QT_LIBRARIES = (
    "libegl1",
    "libgl1",
    "libopengl0",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxkbcommon0",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
)
CONFIGURATION = ("server.env", "server-postgres.env", "kiosk.toml", "counter.toml", "upgrade.conf")
SOURCE = "/etc/apt/sources.list.d/guichet.sources"
KEYRING = "/usr/share/keyrings/guichet-archive-keyring.gpg"


def add_repository(tree: Path, url: str, keyring: Path, suite: str = "stable") -> None:
    """The operator's repository and its key, for the fleet's upgrades (guichet-upgrade):
    ``GUICHET_REPO_URL`` and ``GUICHET_REPO_KEYRING`` at ``make package``."""
    (tree / SOURCE.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    (tree / SOURCE.lstrip("/")).write_text(
        "# The operator's repository of Guichet (made by `make repo`), for guichet-upgrade.\n"
        f"Types: deb\nURIs: {url}\nSuites: {suite}\nComponents: main\nSigned-By: {KEYRING}\n",
        encoding="utf-8",
    )
    (tree / SOURCE.lstrip("/")).chmod(0o644)
    (tree / KEYRING.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(keyring, tree / KEYRING.lstrip("/"))
    (tree / KEYRING.lstrip("/")).chmod(0o644)
    with (tree / "DEBIAN/conffiles").open("a", encoding="utf-8") as conffiles:
        conffiles.write(SOURCE + "\n")


def changelog() -> bytes:
    """The Debian changelog, one entry for this build (the project's history is git's)."""
    when = email.utils.format_datetime(datetime.now(UTC).replace(microsecond=0))
    text = (
        f"guichet ({version()}) stable; urgency=medium\n\n"
        "  * Release of Guichet: see /usr/share/doc/guichet/README.md.gz.\n\n"
        f" -- Guichet developers <guichet@example.org>  {when}\n"
    )
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def lay_out(tree: Path, wheel: Path) -> None:
    wheels = tree / "usr/share/guichet/wheels"
    wheels.mkdir(parents=True)
    shutil.copy2(wheel, wheels)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--wheel-dir",
        str(wheels),
        f"{wheel}[terminal,postgres]",
    )
    files = {
        "systemd/guichet-server.service": "lib/systemd/system/",
        "systemd/guichet-server-postgres.service": "lib/systemd/system/",
        "systemd/guichet-kiosk.service": "lib/systemd/system/",
        "systemd/guichet-upgrade.service": "lib/systemd/system/",
        "systemd/guichet-upgrade.timer": "lib/systemd/system/",
        "upgrade/guichet-upgrade": "usr/lib/guichet/",
        "systemd/guichet-counter.desktop": "usr/share/applications/",
        "udev/60-guichet.rules": "lib/udev/rules.d/",
        "config/Caddyfile": "usr/share/doc/guichet/examples/",
        "grafana/guichet.json": "usr/share/doc/guichet/examples/",  # README "Metrics"
        **{f"config/{name}": "etc/guichet/" for name in CONFIGURATION},
    }
    for source, folder in files.items():
        (tree / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(PACKAGING / source, tree / folder)
        (tree / folder / Path(source).name).chmod(0o644)
    docs = tree / "usr/share/doc/guichet"
    (docs / "README.md.gz").write_bytes(
        gzip.compress((ROOT / "README.md").read_bytes(), compresslevel=9, mtime=0)
    )
    shutil.copy2(PACKAGING / "debian" / "copyright", docs / "copyright")
    (docs / "changelog.gz").write_bytes(changelog())  # a native package's: no Debian revision
    overrides = tree / "usr/share/lintian/overrides"
    overrides.mkdir(parents=True)
    shutil.copy2(PACKAGING / "debian" / "lintian-overrides", overrides / "guichet")
    bin_ = tree / "usr/bin"
    bin_.mkdir(parents=True)
    for command in COMMANDS:
        (bin_ / command).symlink_to(f"/opt/guichet/bin/{command}")
    debian = tree / "DEBIAN"
    debian.mkdir()
    for script in ("postinst", "prerm", "postrm"):
        text = (PACKAGING / "debian" / script).read_text(encoding="utf-8")
        (debian / script).write_text(text.replace("@VERSION@", version()), encoding="utf-8")
        (debian / script).chmod(0o755)
    (debian / "conffiles").write_text(
        "".join(f"/etc/guichet/{name}\n" for name in CONFIGURATION), encoding="utf-8"
    )
    (tree / "usr/lib/guichet/guichet-upgrade").chmod(0o755)
    if os.environ.get("GUICHET_REPO_URL"):
        add_repository(
            tree,
            os.environ["GUICHET_REPO_URL"],
            Path(os.environ["GUICHET_REPO_KEYRING"]),
            os.environ.get("GUICHET_REPO_SUITE", "stable"),
        )
    size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file() and not p.is_symlink())
    (debian / "control").write_text(control(size // 1024 + 1), encoding="utf-8")


def main() -> int:
    if shutil.which("dpkg-deb") is None:
        print("make package: dpkg-deb is needed (apt install dpkg-dev)", file=sys.stderr)
        return 2
    dist = ROOT / "dist"
    dist.mkdir(exist_ok=True)
    tree = ROOT / "build" / "deb"
    shutil.rmtree(tree, ignore_errors=True)
    print("== the wheel", flush=True)
    wheel = build_wheel(dist)
    print("== the Debian package (with every wheel it needs)", flush=True)
    lay_out(tree, wheel)
    deb = dist / f"guichet_{version()}_{ARCH}.deb"
    # the wheels are compressed already: a light gzip is as small as xz here, and much faster
    run("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build", str(tree), str(deb))
    print(f"{wheel.relative_to(ROOT)}  {wheel.stat().st_size / 1e6:.1f} MB")
    print(f"{deb.relative_to(ROOT)}  {deb.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
