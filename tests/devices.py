"""Helpers for tests of devices: collect the events a device emits and wait for them.

Waiting is on a condition variable fed by the device's own I/O thread, with a deadline, so a
test waits exactly as long as the device takes and fails with what it did receive.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from drivers.events import DataEvent, DeviceEvent, ErrorEvent, StatusEvent


class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait_for(self, match: Callable[[DeviceEvent], bool], timeout: float = 5.0) -> DeviceEvent:
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((e for e in self.items if match(e)), None), timeout
            )
        assert found is not None, f"no matching event within {timeout} s; got {self.items}"
        return found

    def data(self) -> list[object]:
        return [e.data for e in self.items if isinstance(e, DataEvent)]

    def errors(self) -> list[ErrorEvent]:
        return [e for e in self.items if isinstance(e, ErrorEvent)]

    def statuses(self) -> list[str]:
        return [e.status for e in self.items if isinstance(e, StatusEvent)]


def is_data(kind: type) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, DataEvent) and isinstance(e.data, kind)


def is_error(code: str) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, ErrorEvent) and e.error.code == code


def is_status(status: str) -> Callable[[DeviceEvent], bool]:
    return lambda e: isinstance(e, StatusEvent) and e.status == status
