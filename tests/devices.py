"""Helpers for tests of devices: collect the events a device emits and wait for them.

Waiting is on a condition variable fed by the device's own I/O thread, with a deadline, so a
test waits exactly as long as the device takes and fails with what it did receive.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeGuard, TypeVar, overload

from drivers.events import DataEvent, DeviceEvent, ErrorEvent, StatusEvent

E = TypeVar("E", DataEvent, ErrorEvent, StatusEvent)
D = TypeVar("D")


class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    @overload
    def wait_for(self, match: Callable[[DeviceEvent], TypeGuard[E]], timeout: float = 5.0) -> E: ...
    @overload
    def wait_for(
        self, match: Callable[[DeviceEvent], bool], timeout: float = 5.0
    ) -> DeviceEvent: ...
    def wait_for(self, match: Callable[[DeviceEvent], bool], timeout: float = 5.0) -> DeviceEvent:
        """The first event ``match`` accepts; typed as the event it checks for (``is_data``,
        ``is_error``, ``is_status``), so that a test reads its fields without a cast."""
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((e for e in self.items if match(e)), None), timeout
            )
        assert found is not None, f"no matching event within {timeout} s; got {self.items}"
        return found

    def wait_for_data(
        self, kind: type[D], where: Callable[[D], bool] = lambda _: True, timeout: float = 5.0
    ) -> D:
        """The data of the first event of that kind ``where`` accepts, typed as its kind."""
        data = self.wait_for(is_data(kind, where), timeout).data
        assert isinstance(data, kind)
        return data

    def data(self) -> list[object]:
        return [e.data for e in self.items if isinstance(e, DataEvent)]

    def errors(self) -> list[ErrorEvent]:
        return [e for e in self.items if isinstance(e, ErrorEvent)]

    def statuses(self) -> list[str]:
        return [e.status for e in self.items if isinstance(e, StatusEvent)]


def is_data(
    kind: type[D], where: Callable[[D], bool] = lambda _: True
) -> Callable[[DeviceEvent], TypeGuard[DataEvent]]:
    def match(e: DeviceEvent) -> TypeGuard[DataEvent]:
        return isinstance(e, DataEvent) and isinstance(e.data, kind) and where(e.data)

    return match


def is_error(code: str) -> Callable[[DeviceEvent], TypeGuard[ErrorEvent]]:
    def match(e: DeviceEvent) -> TypeGuard[ErrorEvent]:
        return isinstance(e, ErrorEvent) and e.error.code == code

    return match


def is_status(status: str) -> Callable[[DeviceEvent], TypeGuard[StatusEvent]]:
    def match(e: DeviceEvent) -> TypeGuard[StatusEvent]:
        return isinstance(e, StatusEvent) and e.status == status

    return match
