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

import platform
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ARCH = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def run(*command: str) -> None:
    print("  $ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def build_wheel(dist: Path) -> Path:
    for old in dist.glob("guichet-*.whl"):
        old.unlink()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist),
        str(ROOT))  # fmt: skip
    (wheel,) = dist.glob("guichet-*.whl")
    return wheel


def control(size_kib: int) -> str:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    following = f"{sys.version_info.major}.{sys.version_info.minor + 1}"
    return (
        f"Package: guichet\nVersion: {version()}\nArchitecture: {ARCH}\n"
        "Maintainer: Guichet developers <guichet@example.org>\n"
        f"Installed-Size: {size_kib}\nSection: misc\nPriority: optional\n"
        f"Depends: python3 (>= {python}), python3 (<< {following}), python3-venv, adduser\n"
        "Recommends: cage\n"
        "Homepage: https://github.com/guichet/guichet\n"
        "Description: pari-mutuel betting point of sale: server, kiosk and counter\n"
        " The central odds and bet server (guichet-server), the kiosk and counter\n"
        " terminal app (guichet-terminal), the hardware simulator (guichet-sim) and\n"
        " the scenario checker (guichet-scenario), with systemd units for a server\n"
        " and for a kiosk session under cage, and udev rules for the devices.\n"
    )


def lay_out(tree: Path, wheel: Path) -> None:
    wheels = tree / "usr/share/guichet/wheels"
    wheels.mkdir(parents=True)
    shutil.copy2(wheel, wheels)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(wheels),
        f"{wheel}[terminal,postgres]")  # fmt: skip
    files = {
        "systemd/guichet-server.service": "lib/systemd/system/",
        "systemd/guichet-kiosk.service": "lib/systemd/system/",
        "systemd/guichet-counter.desktop": "usr/share/applications/",
        "udev/60-guichet.rules": "lib/udev/rules.d/",
        "config/server.env": "etc/guichet/",
        "config/kiosk.toml": "usr/share/doc/guichet/examples/",
        "config/counter.toml": "usr/share/doc/guichet/examples/",
    }
    for source, folder in files.items():
        (tree / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(PACKAGING / source, tree / folder)
    shutil.copy2(ROOT / "README.md", tree / "usr/share/doc/guichet/")
    bin_ = tree / "usr/bin"
    bin_.mkdir(parents=True)
    for command in ("guichet-server", "guichet-terminal", "guichet-sim", "guichet-scenario"):
        (bin_ / command).symlink_to(f"/opt/guichet/bin/{command}")
    debian = tree / "DEBIAN"
    debian.mkdir()
    for script in ("postinst", "prerm", "postrm"):
        shutil.copy2(PACKAGING / "debian" / script, debian)
        (debian / script).chmod(0o755)
    (debian / "conffiles").write_text("/etc/guichet/server.env\n", encoding="utf-8")
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
