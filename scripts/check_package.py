"""``make package-check``: the package installed for real, upgraded, and an upgrade that
fails, in a Debian 12 root filesystem (``scripts.debian_root``); lintian on the package.

1. lintian finds no error and no warning (every override is justified in its file);
2. ``apt-get install ./guichet_A.deb`` into a fresh root: the program in its release folder,
   ``/usr/bin`` commands answering, the configuration's permissions fit for each role, the
   server's database made, every unit passing ``systemd-analyze verify``; the server runs
   there as its user and answers (its console too), and a counter terminal configured from the
   package's ``counter.toml`` says READY=1;
3. an operator's day: the server enabled, ``server.env`` edited; then the same tree under a
   later version, with the operator's repository and its key, installed over it: the edit
   kept, the unit still enabled, the upgrade timer enabled, the new release in place and the
   previous one kept, the server answering again;
4. the fleet's upgrade (``guichet-upgrade``) from a signed ``file://`` repository made by
   ``scripts.repo``: nothing outside the upgrade hours, the new version inside them; then an
   unsigned repository, which apt refuses;
5. a later version whose program cannot be installed (a broken wheel): apt fails, and the
   previous version is still in place and runs.

The later versions are this package repacked with another version (and, for 4, a wheel
truncated), so that no second build of every wheel is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scripts.debian_root import Root, Unavailable, debian_root
from scripts.package import COMMANDS, QT_LIBRARIES, add_repository
from scripts.repo import KEYRING, build, gpg, make_key
from scripts.stage import free_port

BASE = (
    "python3",
    "python3-venv",
    "adduser",
    "init-system-helpers",
    "systemd",
    "cage",
    *QT_LIBRARIES,
)
UNITS = (
    "guichet-server.service",
    "guichet-server-postgres.service",
    "guichet-kiosk.service",
    "guichet-upgrade.service",
    "guichet-upgrade.timer",
)


def step(what: str) -> None:
    print(f"  - {what}", flush=True)


def lintian(deb: Path) -> None:
    found = subprocess.run(
        ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", str(deb)],
        capture_output=True,
        text=True,
        check=False,
    )
    said = [line for line in found.stdout.splitlines() if line[:2] in {"E:", "W:"}]
    assert (found.returncode, said) == (0, []), "lintian:\n" + "\n".join(said or [found.stderr])
    step("lintian: no error, no warning")


def repack(
    deb: Path,
    version: str,
    folder: Path,
    *,
    broken: bool = False,
    repository: tuple[str, Path] | None = None,
) -> Path:
    """This package as version ``version`` (its program unchanged, or its wheel ``broken``),
    carrying the operator's ``repository`` (its URL and key) as ``make package`` adds it."""
    tree = folder / version
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    old = next(
        line.split(": ", 1)[1]
        for line in (tree / "DEBIAN/control").read_text(encoding="utf-8").splitlines()
        if line.startswith("Version: ")
    )
    for name in ("control", "postinst"):
        path = tree / "DEBIAN" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(f"Version: {old}", f"Version: {version}").replace(
                f'VERSION="{old}"', f'VERSION="{version}"'
            ),
            encoding="utf-8",
        )
    if repository is not None:
        add_repository(tree, *repository)
    if broken:
        (wheel,) = (tree / "usr/share/guichet/wheels").glob("guichet-*.whl")
        wheel.write_bytes(wheel.read_bytes()[:1000])  # a download cut short
    made = folder / f"guichet_{version}_{deb.stem.rsplit('_', 1)[1]}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", str(tree), str(made)],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(tree)
    return made


def install(root: Root, deb: Path) -> subprocess.CompletedProcess[str]:
    inside = root.put(deb, f"/tmp/{deb.name}")
    return root.run(
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "-o",
        "Dpkg::Options::=--force-confold",
        inside,
        check=False,
    )


def release(root: Root) -> str:
    return os.readlink(root.path / "opt/guichet/bin")


def serving(root: Root) -> None:
    """The installed server, run as its user from the root, answers: the API and the console."""
    port = free_port()
    server = root.popen(
        "/usr/bin/guichet-server",
        "--db",
        "/var/lib/guichet/server.db",
        "serve",
        "--port",
        str(port),
        user="guichet",
        env={"GUICHET_ADMIN_TOKEN": "check-token"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"the server stopped: {server.communicate()[1][-2000:]}"
            assert time.monotonic() < deadline, "the installed server did not answer in 60 s"
            try:
                if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        login = httpx.get(f"{url}/console/login", headers={"Accept-Language": "fr"}, timeout=10)
        assert "Se connecter" in login.text, login.text[:500]
        assert httpx.get(f"{url}/console/static/console.css", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def terminal_ready(root: Root) -> None:
    """A counter configured from the package's counter.toml (server and credentials filled
    in, its printer not plugged in) says READY=1 in the root and stops on SIGTERM."""
    made = root.run(
        "/usr/bin/guichet-server", "--db", "/tmp/t.db", "--create", "create-terminal", "Check"
    ).stdout.split()
    (root.path / "tmp/counter.secret").write_text(made[3], encoding="ascii")
    example = (root.path / "etc/guichet/counter.toml").read_text(encoding="utf-8")
    settings = {
        "url": '"http://127.0.0.1:9"',
        "terminal_id": f'"{made[1]}"',
        "secret_file": '"/tmp/counter.secret"',
        "store": '"/tmp/counter.db"',
        "printer": '"/tmp/no-printer"',
        "scanner": '""',
    }
    lines = [
        f"{key} = {settings[key]}" if (key := line.split("=")[0].strip()) in settings else line
        for line in example.splitlines()
    ]
    (root.path / "tmp/counter.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(root.path / "tmp/notify"))
        listener.settimeout(90)
        app = root.popen(
            "/usr/bin/guichet-terminal",
            "--config",
            "/tmp/counter.toml",
            env={"NOTIFY_SOCKET": "/tmp/notify", "QT_QPA_PLATFORM": "offscreen", "HOME": "/tmp"},
        )
        try:
            while b"READY=1" not in listener.recv(4096):
                pass
        except TimeoutError:
            app.kill()
            raise AssertionError(f"no READY=1: {app.communicate()[1][-2000:]}") from None
        app.terminate()
        assert app.wait(timeout=30) == 0, app.communicate()[1][-2000:]
    step("guichet-terminal, configured from the package's counter.toml, said READY=1")


def first_install(root: Root, deb: Path, version: str) -> None:
    """The package as built, no repository in it: nothing enabled."""
    done = install(root, deb)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert release(root) == f"releases/{version}/bin", release(root)
    for command in COMMANDS:
        root.run(f"/usr/bin/{command}", "--help")
    step(f"apt installed {deb.name}: /opt/guichet/bin → {release(root)}; every command answers")
    for name, group in (("kiosk.toml", "guichet-kiosk"), ("counter.toml", "guichet-devices")):
        said = root.run("stat", "-c", "%U %G %a", f"/etc/guichet/{name}").stdout.split()
        assert said == ["root", group, "640"], f"/etc/guichet/{name}: {said}"
    assert root.run("stat", "-c", "%U", "/var/lib/guichet/server.db").stdout.strip() == "guichet"
    step("each configuration readable by its role only; the server's database made, its own")
    for unit in UNITS:  # a server and a kiosk are different machines: the operator chooses
        state = root.run("systemctl", "is-enabled", unit, check=False).stdout.strip()
        wanted = "static" if unit == "guichet-upgrade.service" else "disabled"  # its timer's
        assert state == wanted, f"{unit} is {state} at installation"
    verified = root.run(
        "systemd-analyze", "verify", *(f"/lib/systemd/system/{u}" for u in UNITS), check=False
    )
    assert (verified.returncode, verified.stderr.strip()) == (0, ""), verified.stderr
    step("systemd-analyze verify: every unit")
    serving(root)
    step("the installed server answers as its user (the API, the console)")
    terminal_ready(root)


def upgrade(root: Root, deb: Path, previous: str, version: str) -> None:
    root.run("systemctl", "enable", "guichet-server.service")
    env = root.path / "etc/guichet/server.env"
    env.write_text(env.read_text(encoding="utf-8") + "GUICHET_ODDS_MIN_POOL=20\n", encoding="utf-8")
    done = install(root, deb)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert release(root) == f"releases/{version}/bin", release(root)
    kept = sorted(p.name for p in (root.path / "opt/guichet/releases").iterdir())
    assert kept == sorted([previous, version]), kept
    assert "GUICHET_ODDS_MIN_POOL=20" in env.read_text(encoding="utf-8")
    for unit in ("guichet-server.service", "guichet-upgrade.timer"):  # kept, and new
        enabled = root.run("systemctl", "is-enabled", unit, check=False)
        assert enabled.stdout.strip() == "enabled", f"{unit}: {enabled.stdout}{enabled.stderr}"
    serving(root)
    step(
        f"upgraded to {version}: configuration kept, unit still enabled, the upgrade timer "
        f"enabled (a repository came with it), {previous} kept beside the new release, the "
        "server answers"
    )


REPOSITORY = "/srv/guichet-repo"


def fleet_upgrade(root: Root, deb: Path, folder: Path, key: tuple[Path, str]) -> str:
    """guichet-upgrade from the operator's signed repository: nothing outside its hours, the
    new version inside them; then a repository that is not signed: refused, nothing changed."""
    assert root.run("systemctl", "is-enabled", "guichet-upgrade.timer").stdout.strip() == "enabled"
    version = deb.name.split("_")[1]
    served = root.path / REPOSITORY.lstrip("/")
    build([deb], served, *key)
    before = installed(root)
    outside = root.run("/usr/lib/guichet/guichet-upgrade", env={"GUICHET_UPGRADE_NOW": "14:30"})
    assert "outside the upgrade window" in outside.stdout
    assert installed(root) == before
    inside = root.run(
        "/usr/lib/guichet/guichet-upgrade", env={"GUICHET_UPGRADE_NOW": "03:10"}, check=False
    )
    said = inside.stdout[-3000:] + inside.stderr[-3000:]
    assert inside.returncode == 0, said
    assert (installed(root), release(root)) == (version, f"releases/{version}/bin"), said
    step(f"guichet-upgrade: nothing at 14:30; at 03:10 {version} from the signed repository")
    shutil.rmtree(served)
    build([repack(deb, f"{version}+unsigned", folder)], served, None, None)
    refused = root.run(
        "/usr/lib/guichet/guichet-upgrade", env={"GUICHET_UPGRADE_NOW": "03:20"}, check=False
    )
    said = refused.stdout + refused.stderr
    unsigned = re.search(r"is (not|no longer) signed", said) is not None
    assert (refused.returncode != 0, unsigned) == (True, True), said[-3000:]
    assert (installed(root), release(root)) == (version, f"releases/{version}/bin")
    step("an unsigned repository is refused by apt: nothing installed from it")
    return version


def installed(root: Root) -> str:
    return root.run("dpkg-query", "-W", "-f", "${Version}", "guichet").stdout


def failed_upgrade(root: Root, deb: Path, working: str) -> None:
    done = install(root, deb)
    assert done.returncode != 0, "a package whose program cannot be installed was accepted"
    assert release(root) == f"releases/{working}/bin", release(root)
    assert not any("broken" in p.name for p in (root.path / "opt/guichet/releases").iterdir())
    root.run("/usr/bin/guichet-server", "--help")
    serving(root)
    step(f"a broken upgrade failed, and {working} is still in place and answers")


def check(deb: Path) -> None:
    started = time.monotonic()
    lintian(deb)
    version = deb.name.split("_")[1]
    with tempfile.TemporaryDirectory() as folder, debian_root(BASE) as root:
        step(f"a Debian 12 root filesystem ready in {time.monotonic() - started:.0f} s")
        home = Path(folder) / "gnupg"
        key = make_key(home)
        (Path(folder) / KEYRING).write_bytes(gpg(home, "--export", key).stdout)
        fleet = ("file://" + REPOSITORY, Path(folder) / KEYRING)
        later = repack(deb, f"{version}+check1", Path(folder), repository=fleet)
        served = repack(deb, f"{version}+check2", Path(folder), repository=fleet)
        broken = repack(deb, f"{version}+check3broken", Path(folder), broken=True, repository=fleet)
        first_install(root, deb, version)
        upgrade(root, later, version, f"{version}+check1")
        working = fleet_upgrade(root, served, Path(folder), (home, key))
        failed_upgrade(root, broken, working)
    print(f"package-check took {time.monotonic() - started:.0f} s", flush=True)


def main() -> int:
    debs = sorted(Path("dist").glob("guichet_*.deb"))
    if not debs:
        print("check_package: no dist/guichet_*.deb: run make package first", file=sys.stderr)
        return 2
    print(f"== checking {debs[-1]}", flush=True)
    try:
        check(debs[-1])
    except Unavailable as why:
        print(f"check_package: {why}", file=sys.stderr)
        return 2
    print("package OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
