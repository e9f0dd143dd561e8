"""The control interface refuses bad commands with a reason and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from firmware_sim.control import ControlServer, answer, send
from firmware_sim.rig import Rig, RigOptions


@pytest.fixture
def rig() -> Iterator[Rig]:
    with Rig(RigOptions(printer_tcp_port=None)) as started:
        yield started


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"cmd": "fly"}', "unknown command"),
        (b'{"cmd": "insert", "amount": "10"}', "amount: a positive whole number"),
        (b'{"cmd": "insert", "amount": true}', "amount: a positive whole number"),
        (b'{"cmd": "scan", "code": ""}', "code: a non-empty string"),
        (b'{"cmd": "swipe", "number": "12AB"}', "cannot be written on a stripe"),
        (b'{"cmd": "fault", "device": "toaster", "knob": "x"}', "device: one of"),
        (
            b'{"cmd": "fault", "device": "printer", "knob": "paper_out", "value": 1}',
            "true or false",
        ),
        (b'{"cmd": "fault", "device": "scanner", "knob": "garble_rate", "value": 2}', "0 to 1"),
    ],
)
def test_bad_commands_say_what_was_wrong(rig: Rig, raw: bytes, error: str) -> None:
    before = (rig.printer.knobs, rig.bill_acceptor.counter)
    reply = answer(rig, raw)
    assert reply["ok"] is False
    assert re.search(error, reply["error"]), reply["error"]
    assert (rig.printer.knobs, rig.bill_acceptor.counter) == before


def test_commands_over_the_socket(rig: Rig) -> None:
    server = ControlServer(rig).start()
    try:
        assert send(server.url, {"cmd": "devices"})["devices"]["printer"] == rig.urls()["printer"]
        assert send(
            server.url, {"cmd": "fault", "device": "printer", "knob": "paper_out", "value": True}
        )["ok"]
        assert rig.printer.knobs.paper_out
    finally:
        server.stop()
