"""``make repo``: a signed apt repository of the package, for an operator to serve to its fleet.

    dist/repo/
      pool/main/guichet_VERSION_ARCH.deb        every package in dist/ (and earlier ones kept)
      dists/stable/main/binary-ARCH/Packages(.gz)
      dists/stable/Release, InRelease, Release.gpg    signed
      guichet-archive-keyring.gpg               the public key, for the terminals' Signed-By

Served as static files (any web server, or ``file://`` on a mounted medium). apt on each
terminal checks the signature against the key the package installs
(``/usr/share/keyrings/guichet-archive-keyring.gpg``) and refuses a repository that is unsigned
or signed by another key.

The key is the operator's: ``$GUICHET_REPO_KEY`` (a key id or fingerprint) in the keyring of
``$GNUPGHOME``. Without it, a key is made for this build tree in ``dist/repo-key/`` and the
command says so: fine for a demonstration, not for a fleet (keep a fleet's key offline).
Made with apt-ftparchive (Debian's apt-utils) and gpg.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a canary group of terminals follows another suite: GUICHET_REPO_SUITE=canary make repo
SUITE = os.environ.get("GUICHET_REPO_SUITE", "stable")
KEYRING = "guichet-archive-keyring.gpg"


def gpg(home: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["gpg", "--batch", "--yes", "--homedir", str(home), *arguments],
        check=True,
        capture_output=True,
    )


def make_key(home: Path, name: str = "Guichet demonstration repository") -> str:
    """A signing key (ed25519, no passphrase) in ``home``; its fingerprint."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    gpg(
        home,
        "--passphrase",
        "",
        "--quick-generate-key",
        f"{name} <repo@guichet.invalid>",
        "ed25519",
        "sign",
        "never",
    )
    listed = gpg(home, "--with-colons", "--list-secret-keys").stdout.decode()
    return next(line.split(":")[9] for line in listed.splitlines() if line.startswith("fpr"))


def build(debs: list[Path], out: Path, home: Path | None, key: str | None) -> Path:
    """The repository in ``out``, signed with ``key`` (unsigned when ``key`` is None: the
    install check shows apt refusing such a one)."""
    pool = out / "pool/main"
    pool.mkdir(parents=True, exist_ok=True)
    for deb in debs:
        shutil.copy2(deb, pool / deb.name)
    arches = sorted({deb.stem.rsplit("_", 1)[1] for deb in pool.glob("*.deb")})
    suite = out / "dists" / SUITE
    for arch in arches:
        folder = suite / "main" / f"binary-{arch}"
        folder.mkdir(parents=True, exist_ok=True)
        listing = subprocess.run(
            ["apt-ftparchive", "--arch", arch, "packages", "pool"],
            cwd=out,
            check=True,
            capture_output=True,
        ).stdout
        (folder / "Packages").write_bytes(listing)
        (folder / "Packages.gz").write_bytes(gzip.compress(listing, mtime=0))
    fields = {
        "Origin": "Guichet",
        "Label": "Guichet",
        "Suite": SUITE,
        "Codename": SUITE,
        "Architectures": " ".join(arches),
        "Components": "main",
    }
    options = [f"-oAPT::FTPArchive::Release::{k}={v}" for k, v in fields.items()]
    release = subprocess.run(
        ["apt-ftparchive", *options, "release", str(suite)], check=True, capture_output=True
    ).stdout
    for stale in ("Release", "InRelease", "Release.gpg"):
        (suite / stale).unlink(missing_ok=True)
    (suite / "Release").write_bytes(release)
    if home is not None and key is not None:
        gpg(
            home,
            "--local-user",
            key,
            "--clearsign",
            "-o",
            str(suite / "InRelease"),
            str(suite / "Release"),
        )
        gpg(
            home,
            "--local-user",
            key,
            "--detach-sign",
            "-o",
            str(suite / "Release.gpg"),
            str(suite / "Release"),
        )
        (out / KEYRING).write_bytes(gpg(home, "--export", key).stdout)
    return out


def main() -> int:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    debs = sorted(dist.glob("guichet_*.deb"))
    if not debs:
        print("make repo: no dist/guichet_*.deb: run make package first", file=sys.stderr)
        return 2
    for tool in ("apt-ftparchive", "gpg"):
        if shutil.which(tool) is None:
            print(f"make repo: {tool} is needed (apt install apt-utils gnupg)", file=sys.stderr)
            return 2
    key = os.environ.get("GUICHET_REPO_KEY")
    home = Path(os.environ.get("GNUPGHOME") or Path.home() / ".gnupg")
    if not key:
        home = dist / "repo-key"
        if not home.exists():
            key = make_key(home)
            print(
                f"make repo: no GUICHET_REPO_KEY: made a demonstration key in {home} "
                "(a fleet's key is the operator's, kept offline)",
                flush=True,
            )
        else:
            listed = gpg(home, "--with-colons", "--list-secret-keys").stdout.decode()
            key = next(ln.split(":")[9] for ln in listed.splitlines() if ln.startswith("fpr"))
    out = build(debs, dist / "repo", home, key)
    print(f"{out}: {', '.join(d.name for d in debs)}, signed by {key}")
    print(
        f"its key, for the terminals' Signed-By (GUICHET_REPO_KEYRING at make package): "
        f"{out / KEYRING}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
