"""The terminal's configuration file: which server, which credentials, which devices.

TOML, one file a terminal, written by the operator's installer (paths relative to the file)::

    mode = "counter"                # or "kiosk"
    name = "Bar du Cheval Blanc"
    operator = "Marie"
    store = "terminal.db"
    language = "fr"                 # "fr" or "en": screens and tickets (a kiosk's bettor may
                                    # switch; the next one starts in this language again)

    [server]
    url = "https://guichet.example.org"
    terminal_id = "T-41bf3252651d"
    secret_file = "secret"          # the hex secret, readable by the terminal's user only

    [devices]                       # pyserial URLs: /dev/serial/by-id/..., socket://host:9100
    printer = "/dev/serial/by-id/usb-EPSON_TM-T88VI-if00"
    printer_columns = 42            # characters to a line: 42 (80 mm, 512 dots) or 48 (576)
    scanner = ""                    # empty: not fitted
    bill_acceptor = ""

    [kiosk]
    admin_pin = "…"
    idle_seconds = 90

    [display]
    fullscreen = true
    large_text = false
    high_contrast = false

A missing or malformed setting is named in the error; nothing starts half-configured.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drivers.printer.layout import COLUMNS, WIDE_COLUMNS
from terminal.app import TerminalSettings
from terminal.catalogue import LANGUAGES
from terminal.errors import TerminalError
from terminal.operations.desk import COUNTER, KIOSK


class ConfigProblem(TerminalError):
    pass


@dataclass(frozen=True)
class TerminalConfig:
    settings: TerminalSettings
    scanner_url: str = ""
    bill_acceptor_url: str = ""
    language: str = "fr"
    admin_pin: str = ""
    idle_seconds: int = 90
    fullscreen: bool = True
    large_text: bool = False
    high_contrast: bool = False


def load_config(path: Path, mode: str | None = None) -> TerminalConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigProblem(f"cannot read the configuration {path}: {err.strerror}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigProblem(f"{path} is not valid TOML: {err}") from None
    here = path.parent
    server = _table(data, "server")
    devices = _table(data, "devices", required=False)
    kiosk = _table(data, "kiosk", required=False)
    display = _table(data, "display", required=False)
    mode = mode or _text(data, "mode", COUNTER)
    if mode not in {COUNTER, KIOSK}:
        raise ConfigProblem(f"mode must be {COUNTER!r} or {KIOSK!r}, not {mode!r}")
    secret_hex = _text(server, "secret", "")
    if not secret_hex:
        secret_path = here / _text(server, "secret_file")
        try:
            secret_hex = secret_path.read_text(encoding="ascii").strip()
        except OSError as err:
            raise ConfigProblem(f"cannot read the secret {secret_path}: {err.strerror}") from None
    try:
        secret = bytes.fromhex(secret_hex)
    except ValueError:
        raise ConfigProblem("the terminal's secret is not hexadecimal") from None
    settings = TerminalSettings(
        store=here / _text(data, "store", "terminal.db"),
        server_url=_text(server, "url"),
        terminal_id=_text(server, "terminal_id"),
        secret=secret,
        printer_url=_text(devices, "printer"),
        mode=mode,
        name=_text(data, "name", ""),
        operator=_text(data, "operator", ""),
        language=_choice(data, "language", LANGUAGES, "fr"),
        printer_columns=_choice(devices, "printer_columns", (COLUMNS, WIDE_COLUMNS), COLUMNS),
    )
    if not settings.printer_url.strip():
        raise ConfigProblem("[devices] printer is needed: a bet is valid only once its ticket "
                            "is printed")  # fmt: skip
    if mode == KIOSK and not _text(kiosk, "admin_pin", ""):
        raise ConfigProblem("a kiosk needs [kiosk] admin_pin: without it nobody can leave it")
    return TerminalConfig(
        settings=settings,
        scanner_url=_text(devices, "scanner", ""),
        bill_acceptor_url=_text(devices, "bill_acceptor", ""),
        language=settings.language,
        admin_pin=_text(kiosk, "admin_pin", ""),
        idle_seconds=int(kiosk.get("idle_seconds", 90)),
        fullscreen=bool(display.get("fullscreen", True)),
        large_text=bool(display.get("large_text", False)),
        high_contrast=bool(display.get("high_contrast", False)),
    )


def _table(data: dict[str, Any], name: str, *, required: bool = True) -> dict[str, Any]:
    table = data.get(name)
    if table is None and not required:
        return {}
    if not isinstance(table, dict):
        raise ConfigProblem(f"the configuration needs a [{name}] table")
    return table


_MISSING = object()


def _choice(table: dict[str, Any], key: str, allowed: tuple[Any, ...], default: Any) -> Any:
    value = table.get(key, default)
    if value not in allowed or isinstance(value, bool):
        shown = " or ".join(repr(a) for a in allowed)
        raise ConfigProblem(f"{key!r} must be {shown}, not {value!r}")
    return value


def _text(table: dict[str, Any], key: str, default: object = _MISSING) -> str:
    value = table.get(key, default)
    if value is _MISSING:
        raise ConfigProblem(f"the configuration needs {key!r}")
    if not isinstance(value, str):
        raise ConfigProblem(f"{key!r} must be text, not {type(value).__name__}")
    return value
