"""The terminal's layers, read from the source (issue 27, item 5).

From the top: the screens (``terminal/ui``); the composition root that wires a terminal
(``terminal.app``, ``terminal.config``); the use cases (``terminal/operations``, the kiosk's
journey, the counter's state and typed entry); what they stand on — the store, the link to the
server and the devices (``terminal/store``, ``terminal/link``, ``terminal.devices``,
``drivers``); and at the bottom what every layer may use (errors, test steps, the release).
A module imports only its own layer or those below it: the store, link and drivers never
import a use case or a screen, a use case never imports a screen. Relative imports count as
what they resolve to, and so do imports under ``TYPE_CHECKING`` and inside functions.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_architecture import ROOT, module_edges

# From the top down; a module belongs to the layer one of whose prefixes it starts with.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ui", ("terminal.ui",)),
    ("composition root", ("terminal.app", "terminal.config")),
    (
        "operations",
        ("terminal.operations", "terminal.journey", "terminal.counter", "terminal.entry"),
    ),
    ("store, link and drivers", ("terminal.store", "terminal.link", "terminal.devices", "drivers")),
    ("foundation", ("terminal.errors", "terminal.steps", "terminal.release")),
)
PACKAGES = ("terminal", "drivers")
# (importing module, imported module) → why it may point up; none today.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def layer_of(module: str) -> int | None:
    """The layer's depth (0 at the top), or None for a module in none (``terminal`` itself)."""
    for depth, (_, prefixes) in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return depth
    return None


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def upward(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Each import of a module from a layer above the importer's."""
    wrong = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            name = module_name(path, root)
            own = layer_of(name)
            if own is None:
                continue
            for imported in sorted(set(module_edges(path, root))):
                theirs = layer_of(imported)
                if theirs is not None and theirs < own and (name, imported) not in EXCEPTIONS:
                    wrong.append(
                        f"{path.relative_to(root)} ({LAYERS[own][0]}) imports {imported} "
                        f"({LAYERS[theirs][0]})"
                    )
    return wrong


def test_no_layer_imports_one_above_it() -> None:
    assert upward() == []


def test_every_terminal_module_has_a_layer() -> None:
    """A new module is placed in a layer, or the rule would not see it."""
    unplaced = [
        name
        for path in sorted((ROOT / "terminal").rglob("*.py"))
        if (name := module_name(path, ROOT)) != "terminal" and layer_of(name) is None
    ]
    assert unplaced == []


def test_the_exceptions_are_still_needed() -> None:
    """An exception whose import went away goes too."""
    edges = {
        (module_name(path, ROOT), imported)
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for imported in module_edges(path, ROOT)
    }
    assert [pair for pair in EXCEPTIONS if pair not in edges] == []


def test_the_rule_catches_an_upward_import_relative_or_not(tmp_path: Path) -> None:
    for folder in ("terminal/store", "terminal/operations", "terminal/ui/counter"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "terminal" / "__init__.py").write_text("")
    (tmp_path / "terminal/store/bets.py").write_text("from ..operations import desk\n")
    (tmp_path / "terminal/operations/desk.py").write_text(
        "from typing import TYPE_CHECKING\nfrom terminal.store import bets\n"
        "if TYPE_CHECKING:\n    from terminal.ui.counter.window import CounterWindow\n"
    )
    (tmp_path / "terminal/ui/counter/window.py").write_text(
        "from . import keys\nfrom ...operations.desk import Desk\n"
    )
    (tmp_path / "terminal/ui/counter/keys.py").write_text("")
    assert upward(tmp_path, ("terminal",)) == [
        "terminal/operations/desk.py (operations) imports terminal.ui.counter.window (ui)",
        "terminal/operations/desk.py (operations) imports "
        "terminal.ui.counter.window.CounterWindow (ui)",
        "terminal/store/bets.py (store, link and drivers) imports terminal.operations (operations)",
        "terminal/store/bets.py (store, link and drivers) imports "
        "terminal.operations.desk (operations)",
    ]
