"""sd_notify over a real Unix datagram socket, as systemd listens for it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from wire.systemd import notify, watchdog_period


def test_notify_sends_one_datagram_to_the_named_socket(tmp_path: Path) -> None:
    address = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as manager:
        manager.bind(address)
        manager.settimeout(5)
        assert notify("READY=1\nSTATUS=Guichet", {"NOTIFY_SOCKET": address})
        assert manager.recv(4096) == b"READY=1\nSTATUS=Guichet"


def test_an_abstract_socket_is_named_with_an_at_sign() -> None:
    name = f"guichet-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as manager:
        manager.bind("\0" + name)
        manager.settimeout(5)
        assert notify("WATCHDOG=1", {"NOTIFY_SOCKET": "@" + name})
        assert manager.recv(4096) == b"WATCHDOG=1"


def test_without_a_service_manager_nothing_is_sent_and_nothing_fails(tmp_path: Path) -> None:
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": "relative/path"})
    assert not notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "nobody-listens")})


def test_the_watchdog_is_fed_twice_per_timeout_by_its_process_or_cages_child() -> None:
    assert watchdog_period({"WATCHDOG_USEC": "30000000"}) == 15.0
    mine = {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getpid())}
    assert watchdog_period(mine) == 5.0
    under_cage = {"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": str(os.getppid())}
    assert watchdog_period(under_cage) == 5.0
    assert watchdog_period({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog_period({}) is None
    assert watchdog_period({"WATCHDOG_USEC": "0"}) is None
    assert watchdog_period({"WATCHDOG_USEC": "soon"}) is None
