"""The terminal's configuration file: read as written, refused with the reason when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal.config import ConfigProblem, load_config
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
    assert config.settings.printer_url == "socket://127.0.0.1:9100"
    assert config.scanner_url.endswith("usb-scanner")
    assert load_config(write(tmp_path, GOOD), "kiosk").settings.mode == "kiosk"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace("[server]", "[serveur]"), r"needs a \[server\] table"),
        (lambda t: t.replace('mode = "counter"', 'mode = "bar"'), "mode must be"),
        (
            lambda t: t.replace('admin_pin = "2468"', "").replace('"counter"', '"kiosk"'),
            "admin_pin",
        ),
        (lambda t: t.replace('terminal_id = "T-1"', "terminal_id = 1"), "must be text"),
        (lambda t: t + "[[", "not valid TOML"),
        (lambda t: t.replace('"socket://127.0.0.1:9100"', '""'), r"\[devices\] printer is needed"),
    ],
)
def test_a_wrong_configuration_says_what_is_wrong(tmp_path: Path, change: object, says: str
                                                  ) -> None:  # fmt: skip
    assert callable(change)
    with pytest.raises(ConfigProblem, match=says):
        load_config(write(tmp_path, change(GOOD)))


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
    config = load_config(write(tmp_path, text))
    assert config.settings.mode == mode
    assert config.settings.printer_url == "/dev/guichet/printer"  # the udev rules' name
