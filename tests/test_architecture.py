"""The import rules of DEVELOPERS.md, read from the source with ``ast``.

Dependencies point inward (terminal/ui → terminal services → store, sync, drivers → pari);
``pari`` imports nothing of ours and nothing that does I/O; only ``terminal/ui`` and the
simulator's panel import Qt.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"pari", "wire", "catalogue", "backend", "terminal", "drivers", "firmware_sim"}
QT = {"PySide6", "shiboken6", "pytestqt"}
IO_MODULES = {
    "os",
    "io",
    "sys",
    "socket",
    "pathlib",
    "shutil",
    "subprocess",
    "sqlite3",
    "threading",
    "asyncio",
    "logging",
    "tempfile",
    "urllib",
    "http",
    "select",
    "signal",
    "time",
    "random",
}
# What each package may import of ours (besides itself).
ALLOWED = {
    "pari": set(),
    "drivers": {"pari"},
    "firmware_sim": {"drivers", "pari"},
    "wire": set(),  # the terminal–server protocol: both sides import it, it imports neither
    # the words people read, for the terminal's screens and tickets and the console's pages
    "catalogue": {"pari"},
    "backend": {"pari", "wire", "catalogue"},
    "terminal": {"pari", "drivers", "wire", "catalogue"},
}


def sources(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def imported(path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependencies_point_inward(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources(package)
        for name, line in imported(path)
        if (top := name.split(".")[0]) in OURS and top != package and top not in ALLOWED[package]
    ]
    assert not wrong, "\n".join(wrong)


def test_pari_imports_only_the_standard_library_and_does_no_io() -> None:
    stdlib = set(sys.stdlib_module_names)
    wrong = []
    for path in sources("pari"):
        for name, line in imported(path):
            top = name.split(".")[0]
            if top in {"pari", "__future__"}:
                continue
            if top not in stdlib or top in IO_MODULES:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"open", "print", "input"}
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {node.func.id}()")
    assert not wrong, "\n".join(wrong)


def test_only_the_ui_and_the_simulator_panel_import_qt() -> None:
    wrong = []
    for package in sorted(OURS):
        for path in sources(package):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(("terminal/ui/", "firmware_sim/panel")):
                continue
            wrong += [
                f"{rel}:{line} imports {name}"
                for name, line in imported(path)
                if name.split(".")[0] in QT
            ]
    assert not wrong, "\n".join(wrong)


def test_terminal_services_do_not_import_the_ui() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sources("terminal")
        if not path.relative_to(ROOT).as_posix().startswith("terminal/ui/")
        for name, line in imported(path)
        if name.startswith("terminal.ui")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_rules_catch_a_violation(tmp_path: Path) -> None:
    """The checker itself: a file importing Qt and the backend is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtCore import QObject\nimport backend.app\n")
    names = {name for name, _ in imported(bad)}
    assert names == {"os", "PySide6.QtCore", "backend.app"}


# Packages already free of import circles, kept so (issue 27); TYPE_CHECKING imports count.
NO_CIRCLES = ("terminal/counter", "terminal/ui/counter", "terminal/journey", "terminal/ui/kiosk")


def module_edges(path: Path, root: Path = ROOT) -> Iterator[str]:
    """The modules ``path`` may import: ``from a.b import c`` may import ``a.b`` or ``a.b.c``."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the file's package, up level - 1
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def circles(folders: tuple[str, ...], root: Path = ROOT) -> list[list[str]]:
    """Each import circle among the modules under ``folders``, as the modules it passes."""
    modules = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {
        name: sorted({n for n in module_edges(path, root) if n in modules and n != name})
        for name, path in modules.items()
    }
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            found.append([*trail[trail.index(name) :], name])
            return
        if name in done:
            return
        for imported_name in graph[name]:
            visit(imported_name, [*trail, name])
        done.add(name)

    for name in graph:
        visit(name, [])
    return found


def test_no_import_circle() -> None:
    assert circles(NO_CIRCLES) == []


def test_a_circle_through_type_checking_is_caught(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "window.py").write_text("from pkg import helper\n")
    (tmp_path / "pkg" / "helper.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .window import Window\n"
    )
    assert circles(("pkg",), tmp_path) == [["pkg.helper", "pkg.window", "pkg.helper"]]


# SQL lives in terminal/store (issue 27): above it, code calls the store's named functions.
NO_SQL = (
    "terminal/operations",
    "terminal/link",
    "terminal/ui",
    "terminal/counter",
    "terminal/journey",
)
SQL_EXCEPTIONS: set[str] = set()  # none left: a file needing one says why here
SQL_START = re.compile(
    r"\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|PRAGMA|BEGIN|COMMIT|WITH)\s"
)


def sql_in(path: Path) -> Iterator[tuple[int, str]]:
    """Each SQL statement written in ``path`` (an f-string's text parts are constants too),
    and each ``.execute``-like call."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_START.match(node.value):
                yield node.lineno, node.value.split()[0]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"execute", "executemany", "executescript"}
        ):
            yield node.lineno, f".{node.func.attr}()"


def test_sql_only_in_the_terminals_store() -> None:
    wrong = [
        f"{rel}:{line} {what}"
        for folder in NO_SQL
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (rel := path.relative_to(ROOT).as_posix()) not in SQL_EXCEPTIONS
        for line, what in sql_in(path)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_sql_rule_catches_a_statement(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'store.one("SELECT 1")\nconn.execute(query)\nf"UPDATE {table} SET x = 1"\n'
        'words.gettext("Select a race")\n'
    )
    assert sorted(sql_in(bad)) == [(1, "SELECT"), (2, ".execute()"), (3, "UPDATE")]


# Whether the store has one writer or many is the store's to say (``Store.writers``) and the
# composition root's to act on, once: nowhere else asks which database it is (issue 27).
STORE_KIND = re.compile(r"\bdialect\b|\bDialect\b|\bis_url\b|[\"'](sqlite|postgres(ql)?)[\"']")
KIND_ALLOWED = ("backend/store/", "backend/app.py")


def store_kind_in(path: Path) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if found := STORE_KIND.search(text):
            yield number, found.group()


def test_only_the_store_and_the_composition_root_know_the_stores_kind() -> None:
    wrong = [
        f"{rel}:{line} {what}"
        for path in sources("backend")
        if not (rel := path.relative_to(ROOT).as_posix()).startswith(KIND_ALLOWED)
        for line, what in store_kind_in(path)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_store_kind_rule_catches_a_branch(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('if conn.dialect == "sqlite":\n    pass\nshared = is_url(locator)\nok = 1\n')
    assert list(store_kind_in(bad)) == [(1, "dialect"), (3, "is_url")]
