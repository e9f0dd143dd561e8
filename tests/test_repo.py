"""``make repo`` as the README gives it: a signed apt repository of what dist/ holds. Its
signature is checked here with gpgv against the key it exports, as apt does; apt itself
installing from such a repository, and refusing an unsigned one, is checked by ``make
package-check`` in a Debian root filesystem."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def a_package(dist: Path, version: str) -> Path:
    """A minimal package named guichet (make package's takes minutes; this one, none)."""
    tree = dist / f"tree-{version}"
    (tree / "DEBIAN").mkdir(parents=True)
    (tree / "DEBIAN/control").write_text(
        f"Package: guichet\nVersion: {version}\nArchitecture: amd64\n"
        "Maintainer: Guichet developers <guichet@example.org>\nDescription: test\n test\n",
        encoding="utf-8",
    )
    deb = dist / f"guichet_{version}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-b", str(tree), str(deb)],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(tree)
    return deb


@pytest.mark.skipif(
    shutil.which("apt-ftparchive") is None or shutil.which("dpkg-deb") is None,
    reason="apt-utils and dpkg-dev: `make test` installs them as root",
)
def test_make_repo_signs_what_dist_holds(tmp_path: Path) -> None:
    a_package(tmp_path, "0.1.0")
    a_package(tmp_path, "0.1.1")
    made = subprocess.run(
        ["make", "--no-print-directory", "-o", "package", "repo", f"DIST={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "made a demonstration key" in made.stdout
    repo = tmp_path / "repo"
    listing = (repo / "dists/stable/main/binary-amd64/Packages").read_text(encoding="utf-8")
    assert listing.count("Package: guichet") == 2
    assert "Filename: pool/main/guichet_0.1.1_amd64.deb" in listing
    keyring = repo / "guichet-archive-keyring.gpg"
    for signed in (["InRelease"], ["Release.gpg", "Release"]):
        checked = subprocess.run(
            ["gpgv", "--keyring", str(keyring), *(str(repo / "dists/stable" / f) for f in signed)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stderr
    release = repo / "dists/stable/Release"
    release.write_text(release.read_text(encoding="utf-8") + "Extra: forged\n", encoding="utf-8")
    signature = repo / "dists/stable/Release.gpg"
    forged = subprocess.run(
        ["gpgv", "--keyring", str(keyring), str(signature), str(release)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert forged.returncode != 0
