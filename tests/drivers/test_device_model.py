"""The UnifiedPOS lifecycle, on pyserial's loop:// port (the unit-test transport)."""

from __future__ import annotations

import pytest

from drivers.device import Device
from drivers.errors import DeviceNotFound, DeviceStateError
from drivers.events import DeviceState
from drivers.port import Port


class Echo(Device):
    def probe(self, port: Port) -> str:
        port.write(b"ping")
        return port.read(4, timeout=1.0).decode()


def state_of(device: Device) -> DeviceState:
    """The device's state read afresh: mypy would keep ``device.state`` narrowed to the value an
    earlier assert saw, across the calls that change it."""
    return device.state


def test_open_claim_enable_disable_release_close() -> None:
    device = Echo("echo", "loop://")
    assert state_of(device) is DeviceState.CLOSED
    with pytest.raises(DeviceStateError, match="claim before open"):
        device.claim()
    device.open()
    assert state_of(device) is DeviceState.IDLE
    with pytest.raises(DeviceStateError, match="enable before claim"):
        device.enable()
    device.claim()
    with pytest.raises(DeviceStateError, match="not enabled"):
        device.call(lambda port: None, 1.0)
    device.enable()
    health = device.check_health()
    assert health.ok
    assert health.detail == "ping"
    device.disable()
    assert not device.check_health().ok
    device.release()
    device.close()
    assert state_of(device) is DeviceState.CLOSED


def test_a_missing_device_is_not_found() -> None:
    device = Echo("nothing", "/dev/serial/by-id/usb-no-such-printer")
    device.open()
    with pytest.raises(DeviceNotFound, match="no device"):
        device.claim()


def test_an_error_in_a_command_reaches_the_caller_and_the_device_goes_on() -> None:
    device = Echo("echo", "loop://")
    device.start()
    try:
        with pytest.raises(ZeroDivisionError):
            device.call(lambda port: 1 // 0, 1.0)
        assert device.check_health().ok
    finally:
        device.close()
