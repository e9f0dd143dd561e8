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
    bill_acceptor = ""              # a kiosk's
    card_reader = ""                # a counter's: a clerk's card opens their shift

    [kiosk]
    admin_pin = "…"
    idle_seconds = 90

    [display]
    fullscreen = true
    large_text = false
    high_contrast = false
    window = ""                     # where the window opens and how big, as X11 writes it:
                                    # "1024x768+0+40" (width x height + left + top); empty:
                                    # where the desktop puts it. Not with a full-screen kiosk

Read strictly (a pydantic model of the file): a missing setting, a value of the wrong kind
(``fullscreen = "false"`` is text, not false), a value out of range, an unknown key or table
(a typo, with the nearest known key suggested), a device URL no driver opens, a store where
no file can be: each is refused in one line naming the key, the value and what is expected;
nothing starts half-configured.

``[devices]`` takes one URL for each kind of device in ``terminal.devices.KINDS`` (its keys
are the kinds' names: a new kind needs no change here), and ``printer_columns``. A kind the
mode does not use is not opened (a bill acceptor at a counter, a card reader at a kiosk).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from terminal.app import TerminalSettings
from terminal.devices import KINDS, Kind
from terminal.errors import TerminalError
from terminal.operations.desk import COUNTER, KIOSK


class ConfigProblem(TerminalError):
    pass


@dataclass(frozen=True)
class TerminalConfig:
    settings: TerminalSettings  # with the devices' URLs, by kind
    language: str = "fr"
    admin_pin: str = ""
    idle_seconds: int = 90
    fullscreen: bool = True
    large_text: bool = False
    high_contrast: bool = False
    window: Geometry | None = None  # where the window opens; None: where the desktop puts it


@dataclass(frozen=True)
class Geometry:
    """A window's place on the desktop, in pixels: its inside (without the window manager's
    frame) at ``x``, ``y`` from the top left, ``width`` by ``height``. Qt makes a window no
    smaller than its content needs (the counter's is about 830×630), whatever is asked."""

    x: int
    y: int
    width: int
    height: int


Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
Needed = Annotated[
    str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$")
]


class _Table(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ServerTable(_Table):
    url: Needed
    terminal_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
    secret: Text = ""  # the hex secret itself (tests, demos); else secret_file
    secret_file: Text = ""


class _DevicesBase(_Table):
    printer_columns: Literal[42, 48] = 42


def devices_table(kinds: tuple[Kind, ...]) -> type[_DevicesBase]:
    """``[devices]``: a URL for each kind ("" when not fitted; required for a needed one),
    read as strictly as the rest of the file (an unknown key gets the nearest kind)."""
    urls: dict[str, Any] = {
        kind.name: (Needed, ...) if kind.needed else (Text, "") for kind in kinds
    }
    return create_model("DevicesTable", __base__=_DevicesBase, **urls)


if TYPE_CHECKING:
    DevicesTable = _DevicesBase
else:
    DevicesTable = devices_table(KINDS)


class KioskTable(_Table):
    admin_pin: Text = ""
    idle_seconds: Annotated[int, Field(ge=15, le=3600)] = 90


class DisplayTable(_Table):
    fullscreen: bool = True
    large_text: bool = False
    high_contrast: bool = False
    window: Text = ""


class ConfigFile(_Table):
    mode: Literal["counter", "kiosk"] = "counter"
    name: Text = ""
    operator: Text = ""
    store: Needed = "terminal.db"
    language: Literal["fr", "en"] = "fr"
    server: ServerTable
    devices: DevicesTable
    kiosk: KioskTable = KioskTable()
    display: DisplayTable = DisplayTable()


# pyserial opens these (serial.serial_for_url); anything else with "://" is a typo
DEVICE_SCHEMES = {"socket", "rfc2217", "loop", "spy", "hwgrep", "alt"}


def load_config(path: Path, mode: str | None = None) -> TerminalConfig:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigProblem(f"cannot read the configuration {path}: {err.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigProblem(
            f"{path} is not UTF-8 text (byte {raw[err.start]:#04x} at offset {err.start}): "
            "save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigProblem(f"{path} is not valid TOML: {err}") from None
    try:
        file = ConfigFile.model_validate(data)
    except ValidationError as err:
        raise ConfigProblem(explain(err, data)) from None
    return _config(file, path.parent, mode or file.mode)


def _config(file: ConfigFile, here: Path, mode: str) -> TerminalConfig:
    if mode not in {COUNTER, KIOSK}:
        raise ConfigProblem(f"mode must be {COUNTER!r} or {KIOSK!r}, not {mode!r}")
    _server_url(file.server.url)
    urls = {kind.name: str(getattr(file.devices, kind.name)) for kind in KINDS}
    for key, url in urls.items():
        _device_url(key, url)
    if mode == KIOSK and not file.kiosk.admin_pin.strip():
        raise ConfigProblem("a kiosk needs [kiosk] admin_pin: without it nobody can leave it")
    window = geometry(file.display.window)
    if window is not None and mode == KIOSK and file.display.fullscreen:
        raise ConfigProblem(
            f'[display] window = "{file.display.window}": a kiosk with fullscreen = true fills'
            " its screen; set fullscreen = false to place its window"
        )
    settings = TerminalSettings(
        store=_store(here / file.store),
        server_url=file.server.url,
        terminal_id=file.server.terminal_id,
        secret=_secret(file.server, here),
        devices=urls,
        mode=mode,
        name=file.name,
        operator=file.operator,
        language=file.language,
        printer_columns=file.devices.printer_columns,
    )
    return TerminalConfig(
        settings=settings,
        language=file.language,
        admin_pin=file.kiosk.admin_pin,
        idle_seconds=file.kiosk.idle_seconds,
        fullscreen=file.display.fullscreen,
        large_text=file.display.large_text,
        high_contrast=file.display.high_contrast,
        window=window,
    )


GEOMETRY = re.compile(r"(\d{1,5})x(\d{1,5})\+(\d{1,5})\+(\d{1,5})")
SIDE = (200, 16384)  # pixels: a window's width and height
PLACE = 16384  # pixels: how far from the desktop's top left corner it may open


def geometry(text: str) -> Geometry | None:
    """``"1024x768+0+40"`` (X11's way: width x height + left + top, as ``-geometry`` takes
    it), or None for ``""``. Strict: a typo would open the window where nobody looks."""
    if not text:
        return None
    found = GEOMETRY.fullmatch(text)
    problem = f'[display] window = "{text}": expected WIDTHxHEIGHT+LEFT+TOP, e.g. "1024x768+0+40"'
    if found is None:
        raise ConfigProblem(problem)
    width, height, x, y = (int(part) for part in found.groups())
    if not (SIDE[0] <= width <= SIDE[1] and SIDE[0] <= height <= SIDE[1]):
        raise ConfigProblem(f"{problem}, {SIDE[0]} to {SIDE[1]} pixels wide and high")
    if x > PLACE or y > PLACE:
        raise ConfigProblem(f"{problem}, within {PLACE} pixels of the top left corner")
    return Geometry(x, y, width, height)


def explain(err: ValidationError, data: dict[str, Any]) -> str:
    """The first problem, in one line: where (``[display] fullscreen``), what was found,
    what is expected; for an unknown key, the nearest known one."""
    problems = err.errors(include_url=False)
    # a misspelt key first: the "missing" one it leaves is its consequence
    problem = min(problems, key=lambda p: p["type"] != "extra_forbidden")
    *tables, key = [str(part) for part in problem["loc"]] or ["?"]
    where = f"[{'.'.join(tables)}] {key}" if tables else key
    if problem["type"] == "extra_forbidden":
        known = list(_model_at(tables).model_fields)
        near = difflib.get_close_matches(key, known, n=1)
        hint = f": did you mean {near[0]!r}?" if near else f" (known: {', '.join(known)})"
        return f"unknown setting {where}{hint}"
    if problem["type"] == "missing":
        return f"the configuration needs {where}"
    expected = {
        "bool_type": "true or false, without quotes",
        "int_type": "a whole number, without quotes",
        "string_type": "text, in quotes",
        "model_type": "a table",
    }.get(problem["type"], problem["msg"][0].lower() + problem["msg"][1:])
    return f"{where} = {_shown(problem.get('input'))}: expected {expected}"


def _model_at(tables: list[str]) -> type[BaseModel]:
    model: type[BaseModel] = ConfigFile
    for name in tables:
        annotation = model.model_fields[name].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return model


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _server_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigProblem(
            f'[server] url = "{url}": expected the server\'s address, https://host[:port]'
        )


def _device_url(key: str, url: str) -> None:
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme and scheme not in DEVICE_SCHEMES:
        raise ConfigProblem(
            f'[devices] {key} = "{url}": expected a serial device path (/dev/serial/by-id/…)'
            f" or one of {', '.join(sorted(s + '://' for s in DEVICE_SCHEMES))}"
        )


def _store(path: Path) -> Path:
    if path.is_dir():
        raise ConfigProblem(f'store = "{path}": a folder; expected a file (terminal.db) in it')
    if not path.parent.is_dir():
        raise ConfigProblem(f'store = "{path}": its folder {path.parent} does not exist')
    return path


def _secret(server: ServerTable, here: Path) -> bytes:
    secret_hex = server.secret
    where = "[server] secret"
    if not secret_hex:
        if not server.secret_file:
            raise ConfigProblem("the configuration needs [server] secret_file")
        secret_path = here / server.secret_file
        where = f"the secret file {secret_path}"
        try:
            secret_hex = secret_path.read_bytes().decode("ascii").strip()
        except OSError as err:
            raise ConfigProblem(f"cannot read the secret {secret_path}: {err.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigProblem(f"{where}: expected hexadecimal digits only") from None
    try:
        secret = bytes.fromhex(secret_hex)
    except ValueError:
        raise ConfigProblem(f"{where}: expected hexadecimal digits only") from None
    if len(secret) < 16:
        raise ConfigProblem(
            f"{where}: expected at least 32 hexadecimal digits (guichet-server create-terminal"
            f" prints 64), found {len(secret_hex)}"
        )
    return secret
