"""The backend's layers, read from the source with ``ast``: api/console → use cases → store.

``backend/store`` is the bottom: it knows databases and nothing of what is sold. The use
cases (``backend/*.py``) sell, pay and report through it, and know nothing of HTTP. The API
for terminals and the console for people sit on top; the composition root (``backend/app.py``)
wires them, and only the command-line entry points start it. Relative imports are resolved,
and ``from backend import journal`` counts as an import of ``backend.journal``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_architecture import ROOT, sources

# the command-line programs: they parse arguments, start the server, print; nothing imports them
ENTRY_POINTS = {
    "backend.cli",
    "backend.cli_store",
    "backend.serve_cli",
    "backend.replay_cli",
    "backend.scenario_cli",
}
# what each layer may import of backend (its own layer included)
MAY_IMPORT = {
    "store": {"store"},
    "use case": {"use case", "store"},
    "api": {"api", "use case", "store"},
    # the console shares the API's HTTP helpers (backend.api.common: answers, the tote's call)
    "console": {"console", "api", "use case", "store"},
    "root": {"root", "console", "api", "use case", "store"},
    "entry": {"entry", "root", "console", "api", "use case", "store"},
}
# imports against the layers, each with its reason; a new one needs a line here
EXCEPTIONS = {
    # the backend has one exception tree: a store's errors are ServerErrors, so that every
    # route answers a database out of reach or damaged as it answers any error (a problem
    # body); backend.errors imports nothing of backend (test below), so no arrow goes up
    ("backend.store.base", "backend.errors"),
}


def module_of(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str, root: Path) -> bool:
    place = root.joinpath(*name.split("."))
    return place.with_suffix(".py").is_file() or (place / "__init__.py").is_file()


def imports_of(path: Path, root: Path = ROOT) -> Iterator[tuple[str, int]]:
    """The modules a file imports, with their line: a relative import resolved against the
    file's package; a name taken from a package, the submodule when it is one."""
    me = module_of(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                inner = f"{module}.{alias.name}"
                yield (inner if is_module(inner, root) else module), node.lineno


def layer(module: str) -> str:
    if module in ENTRY_POINTS:
        return "entry"
    if module == "backend.app":
        return "root"
    for below in ("store", "api", "console"):
        if module == f"backend.{below}" or module.startswith(f"backend.{below}."):
            return below
    return "use case"


def wrong_imports(root: Path = ROOT) -> list[str]:
    wrong = []
    for path in sorted((root / "backend").rglob("*.py")):
        me = module_of(path, root)
        for name, line in imports_of(path, root):
            if name != "backend" and not name.startswith("backend."):
                continue
            if layer(name) not in MAY_IMPORT[layer(me)] and (me, name) not in EXCEPTIONS:
                wrong.append(f"{path.relative_to(root)}:{line} ({layer(me)}) imports {name}")
    return wrong


def test_the_backend_layers_point_down() -> None:
    wrong = wrong_imports()
    assert not wrong, "\n".join(wrong)


def test_every_exception_is_still_needed() -> None:
    """An exception that the code no longer needs goes from the list (it would let one in)."""
    found = {(module_of(path), name) for path in sources("backend") for name, _ in imports_of(path)}
    assert found >= EXCEPTIONS


def test_the_store_s_one_way_up_leads_nowhere_further() -> None:
    errors = ROOT / "backend" / "errors.py"
    assert [name for name, _ in imports_of(errors) if name.startswith("backend")] == []


def test_every_entry_point_is_there() -> None:
    assert all(is_module(name, ROOT) for name in ENTRY_POINTS)


@pytest.mark.parametrize(
    ("where", "source", "found"),
    [
        ("backend/store/fake.py", "from ..api import bet_routes\n", "backend.api.bet_routes"),
        ("backend/store/fake.py", "from .. import journal\n", "backend.journal"),
        ("backend/store/fake.py", "from . import sqlite\n", "backend.store.sqlite"),
        ("backend/fake.py", "from .console.pages import STATIC\n", "backend.console.pages"),
        ("backend/api/__init__.py", "from .common import x\n", "backend.api.common"),
        ("backend/fake.py", "from backend import app\n", "backend.app"),
        ("backend/fake.py", "import backend.console.guard\n", "backend.console.guard"),
    ],
)
def test_relative_imports_and_packages_resolve(
    tmp_path: Path, where: str, source: str, found: str
) -> None:
    for package in ("backend", "backend/store", "backend/api", "backend/console"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    for module in ("journal", "app", "store/sqlite", "api/bet_routes", "api/common"):
        (tmp_path / "backend" / f"{module}.py").touch()
    (tmp_path / "backend" / "console" / "pages.py").touch()
    (tmp_path / "backend" / "console" / "guard.py").touch()
    path = tmp_path / where
    path.write_text(source, encoding="utf-8")
    assert [name for name, _ in imports_of(path, tmp_path)] == [found]


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("backend/store/fake.py", "from ..betting import BetDesk\n"),
        ("backend/store/fake.py", "from backend.api import common\n"),
        ("backend/fake.py", "from .api.common import json_answer\n"),
        ("backend/fake.py", "from backend.console import pages\n"),
        ("backend/fake.py", "from backend.app import create_app\n"),
        ("backend/api/fake.py", "from ..console import pages\n"),
        ("backend/console/fake.py", "from backend import serve_cli\n"),
    ],
)
def test_the_rule_catches_an_arrow_up(tmp_path: Path, where: str, source: str) -> None:
    for package in ("backend", "backend/store", "backend/api", "backend/console"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    for module in ("betting", "app", "serve_cli", "api/common", "console/pages"):
        (tmp_path / "backend" / f"{module}.py").touch()
    (tmp_path / where).write_text(source, encoding="utf-8")
    assert [line.split(":")[0] for line in wrong_imports(tmp_path)] == [where]
