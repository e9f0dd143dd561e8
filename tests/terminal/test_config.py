"""The terminal's configuration file: read as written, refused with the reason when wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest

from catalogue import LANGUAGES
from drivers.printer.layout import COLUMNS, WIDE_COLUMNS
from terminal.config import ConfigFile, ConfigProblem, DevicesTable, Geometry, load_config
from terminal.ui.cli import main

GOOD = """
mode = "counter"
name = "Bar du Cheval Blanc"
store = "t.db"
[server]
url = "http://127.0.0.1:8640"
terminal_id = "T-1"
secret_file = "secret"
[devices]
printer = "socket://127.0.0.1:9100"
scanner = "/dev/serial/by-id/usb-scanner"
[kiosk]
admin_pin = "2468"
"""


def write(folder: Path, text: str) -> Path:
    (folder / "secret").write_text("00ff" * 8, encoding="ascii")
    path = folder / "terminal.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_configuration_is_read_relative_to_its_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.settings.store == tmp_path / "t.db"
    assert config.settings.secret == bytes.fromhex("00ff" * 8)
    assert config.settings.devices["printer"] == "socket://127.0.0.1:9100"
    assert config.settings.devices["scanner"].endswith("usb-scanner")
    assert load_config(write(tmp_path, GOOD), "kiosk").settings.mode == "kiosk"


def setting(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new)


def adding(line: str, table: str = "[kiosk]") -> Callable[[str], str]:
    return lambda text: text.replace(table, f"{table}\n{line}")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (setting("[server]", "[serveur]"), "unknown setting serveur: did you mean 'server'?"),
        (setting('mode = "counter"', 'mode = "bar"'), 'mode = "bar": expected input should be'),
        (
            lambda t: t.replace('admin_pin = "2468"', "").replace('"counter"', '"kiosk"'),
            "a kiosk needs [kiosk] admin_pin",
        ),
        (
            setting('terminal_id = "T-1"', "terminal_id = 1"),
            "[server] terminal_id = 1: expected text",
        ),
        (lambda t: t + "[[", "not valid TOML"),
        (setting('"socket://127.0.0.1:9100"', '""'), '[devices] printer = "": expected'),
        # the 20 of issue 16: 7 tracebacks and 13 accepted silently
        (adding('idle_seconds = "abc"'), '[kiosk] idle_seconds = "abc": expected a whole number'),
        (
            adding("idle_seconds = -5"),
            "[kiosk] idle_seconds = -5: expected input should be greater",
        ),
        (
            lambda t: t + '[display]\nfullscreen = "false"\n',
            '[display] fullscreen = "false": expected true or false, without quotes',
        ),
        (
            lambda t: t + '[display]\nlarge_text = "no"\n',
            '[display] large_text = "no": expected true or false',
        ),
        (adding("admin_ping = 1"), "unknown setting [kiosk] admin_ping: did you mean 'admin_pin'?"),
        (
            lambda t: t + "[dispaly]\nfullscreen = false\n",
            "unknown setting dispaly: did you mean 'display'?",
        ),
        (
            setting("[devices]", '[devices]\nprinterr = "x"'),
            "unknown setting [devices] printerr: did you mean 'printer'?",
        ),
        (
            setting("[devices]", '[devices]\ncard_readr = "x"'),
            "unknown setting [devices] card_readr: did you mean 'card_reader'?",
        ),
        (
            setting("[devices]", '[devices]\ncard_reader = "usb://reader"'),
            '[devices] card_reader = "usb://reader": expected a serial device path',
        ),
        (
            setting("[devices]", "[devices]\ncard_reader = 3"),
            "[devices] card_reader = 3: expected text, in quotes",
        ),
        (
            setting('url = "http://127.0.0.1:8640"', 'url = "not a url"'),
            '[server] url = "not a url": expected the server\'s address',
        ),
        (setting('terminal_id = "T-1"', 'terminal_id = ""'), '[server] terminal_id = "": expected'),
        (
            setting('mode = "counter"', 'mode = "counter"\nlanguage = "xx"'),
            "language = \"xx\": expected input should be 'fr' or 'en'",
        ),
        (
            setting('"socket://127.0.0.1:9100"', '"bogus://x"'),
            '[devices] printer = "bogus://x": expected a serial device path',
        ),
        (setting('store = "t.db"', 'store = "missing/t.db"'), "its folder"),
        (setting('store = "t.db"', 'store = "."'), "a folder; expected a file"),
        (setting('secret_file = "secret"', 'secret = ""'), "needs [server] secret_file"),
        (setting('secret_file = "secret"', 'secret = "zz"'), "expected hexadecimal digits only"),
        (
            lambda t: t + '[display]\nwindow = "1024,768,0,0"\n',
            '[display] window = "1024,768,0,0": expected WIDTHxHEIGHT+LEFT+TOP, e.g. "1024x768',
        ),
        (lambda t: t + '[display]\nwindow = "1024x768-10+0"\n', "expected WIDTHxHEIGHT+LEFT+TOP"),
        (lambda t: t + '[display]\nwindow = "90x768+0+0"\n', "200 to 16384 pixels wide and high"),
        (lambda t: t + '[display]\nwindow = "800x600+0+99999"\n', "within 16384 pixels of the"),
        (lambda t: t + "[display]\nwindow = [0, 0, 800, 600]\n", "[display] window = [0, 0, 800"),
        (
            lambda t: t.replace('"counter"', '"kiosk"') + '[display]\nwindow = "1024x768+0+0"\n',
            "a kiosk with fullscreen = true fills its screen; set fullscreen = false",
        ),
    ],
)
def test_a_wrong_configuration_says_what_is_wrong_in_one_line(
    tmp_path: Path, change: Callable[[str], str], says: str
) -> None:
    with pytest.raises(ConfigProblem) as refused:
        load_config(write(tmp_path, change(GOOD)))
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


def test_every_kind_of_device_is_configured_by_its_name(tmp_path: Path) -> None:
    """``[devices]`` follows ``terminal.devices.KINDS``: the card reader is one more URL."""
    text = GOOD.replace("[devices]", '[devices]\ncard_reader = "/dev/guichet/card-reader"')
    devices = load_config(write(tmp_path, text)).settings.devices
    assert devices == {
        "printer": "socket://127.0.0.1:9100",
        "scanner": "/dev/serial/by-id/usb-scanner",
        "bill_acceptor": "",
        "card_reader": "/dev/guichet/card-reader",
    }


def test_a_window_is_placed_as_x11_writes_it_or_where_the_desktop_puts_it(
    tmp_path: Path,
) -> None:
    assert load_config(write(tmp_path, GOOD)).window is None
    placed = load_config(write(tmp_path, GOOD + '[display]\nwindow = "880x640+1040+40"\n'))
    assert placed.window == Geometry(x=1040, y=40, width=880, height=640)
    kiosk = GOOD.replace('"counter"', '"kiosk"')
    windowed = load_config(
        write(tmp_path, kiosk + '[display]\nfullscreen = false\nwindow = "1024x768+0+40"\n')
    )
    assert windowed.window == Geometry(0, 40, 1024, 768)


def test_a_file_or_secret_that_is_not_text_is_refused_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("Bar du Cheval Blanc", "Café"))
    path.write_bytes(path.read_bytes().replace("Café".encode(), "Café".encode("latin-1")))
    with pytest.raises(ConfigProblem, match=r"is not UTF-8 text \(byte 0xe9 at offset \d+\)"):
        load_config(path)
    path = write(tmp_path, GOOD)
    (tmp_path / "secret").write_bytes(b"00ff" * 8 + b"\xe9")
    with pytest.raises(ConfigProblem, match=r"secret file .*: expected hexadecimal digits only"):
        load_config(path)


def test_the_choices_follow_the_layout_and_the_catalogue() -> None:
    assert get_args(DevicesTable.model_fields["printer_columns"].annotation) == (
        COLUMNS,
        WIDE_COLUMNS,
    )
    assert set(get_args(ConfigFile.model_fields["language"].annotation)) == set(LANGUAGES)


def test_the_command_refuses_a_bad_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read the configuration" in capsys.readouterr().err


@pytest.mark.parametrize("example", ["kiosk.toml", "counter.toml"])
def test_the_packaged_example_configurations_load(tmp_path: Path, example: str) -> None:
    """What the Debian package installs in /usr/share/doc/guichet/examples is valid as shipped
    (once its secret file exists: the installer writes it)."""
    mode = Path(example).stem
    text = (Path(__file__).parents[2] / "packaging/config" / example).read_text(encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("00ff" * 8, encoding="ascii")
    text = text.replace(f'"/etc/guichet/{mode}.secret"', f'"{secret}"')
    text = text.replace(f'"/var/lib/guichet-{mode}/terminal.db"', f'"{tmp_path / "t.db"}"')
    config = load_config(write(tmp_path, text))
    assert config.settings.mode == mode
    assert config.settings.devices["printer"] == "/dev/guichet/printer"  # the udev rules' name
