"""``guichet-sim`` as installed: start, print URLs, take commands, render tickets, stop."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.card_reader.driver import CardReader
from drivers.card_reader.iso7811 import PlayerCard
from drivers.printer.driver import TicketPrinter
from firmware_sim.cli import geometry, main
from tests.devices import Events
from tests.drivers.conftest import a_ticket

COMMAND = shutil.which("guichet-sim", path=str(Path(sys.executable).parent))


@pytest.fixture
def running_sim(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str], Path]]:
    assert COMMAND, "guichet-sim is not installed beside this Python"
    out = tmp_path / "tickets"
    process = subprocess.Popen(
        [
            COMMAND,
            "--json",
            "--dir",
            str(tmp_path / "devices"),
            "--out",
            str(out),
            "--tcp-port",
            "0",
            "--printer-baud",
            "0",
            "--serial-baud",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    urls = json.loads(process.stdout.readline())
    yield process, urls, tmp_path
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)  # and closes the pipes


def send(tmp_path: Path, request: dict[str, object]) -> tuple[int, dict[str, object]]:
    assert COMMAND
    done = subprocess.run(
        [COMMAND, "send", json.dumps(request), "--dir", str(tmp_path / "devices")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


def test_urls_commands_tickets_and_a_clean_stop(
    running_sim: tuple[subprocess.Popen[str], dict[str, str], Path],
) -> None:
    process, urls, tmp_path = running_sim
    assert set(urls) == {
        "printer",
        "card_reader",
        "scanner",
        "bill_acceptor",
        "printer_tcp",
        "control",
    }
    assert urls["printer_tcp"].startswith("socket://127.0.0.1:")

    printer = TicketPrinter("printer", urls["printer"])
    reader = CardReader("card_reader", urls["card_reader"])
    events = Events()
    reader.subscribe(events)
    printer.start()
    reader.start()
    try:
        printer.print_slip(a_ticket())
        code, reply = send(tmp_path, {"cmd": "swipe", "number": "4970101234567893", "holder": "A"})
        assert code == 0
        assert reply["ok"] is True
        assert events.wait_for_data(PlayerCard).number == "4970101234567893"
    finally:
        printer.close()
        reader.close()
    text = (tmp_path / "tickets" / "ticket-0001.txt").read_text(encoding="utf-8")
    assert "Ticket 26112100000421" in text
    assert (tmp_path / "tickets" / "ticket-0001.png").stat().st_size > 0

    code, reply = send(tmp_path, {"cmd": "fault", "device": "printer", "knob": "paper", "value": 1})
    assert code == 1
    assert "knob: printer has" in str(reply["error"])

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert not (tmp_path / "devices" / "printer").exists()


def test_send_without_a_running_simulator_says_so(tmp_path: Path) -> None:
    assert COMMAND
    done = subprocess.run(
        [COMMAND, "send", '{"cmd": "devices"}', "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "no simulator running" in done.stderr


def test_a_panel_geometry_is_taken_as_x11_writes_it_or_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert geometry("880x352+1040+720") == (1040, 720, 880, 352)
    for wrong in ("880x352", "1040,720,880,352", "50x50+0+0"):
        with pytest.raises(SystemExit):
            main(["run", "--panel", "--geometry", wrong])
        assert "expected WIDTHxHEIGHT+LEFT+TOP" in capsys.readouterr().err
