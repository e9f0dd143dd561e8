"""What devices tell the application, delivered to listeners on the device's own I/O thread.

The terminal's Qt bridge re-emits them as signals; nothing here knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from drivers.errors import DeviceError


class DeviceState(Enum):
    """UnifiedPOS states: CLOSED until opened; IDLE ready; BUSY doing I/O; ERROR link lost."""

    CLOSED = "closed"
    IDLE = "idle"
    BUSY = "busy"
    ERROR = "error"


@dataclass(frozen=True)
class DataEvent:
    """Input from the device: a card, a scan, a bill."""

    device: str
    data: object


@dataclass(frozen=True)
class StatusEvent:
    """A change the operator should see: paper near end, reconnected, cover open..."""

    device: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class ErrorEvent:
    """Something failed without anyone having asked: a garbled frame, an unplugged cable."""

    device: str
    error: DeviceError


DeviceEvent = DataEvent | StatusEvent | ErrorEvent
Listener = Callable[[DeviceEvent], None]


@dataclass(frozen=True)
class Health:
    """The answer to a health check: the state, and what was found, in words."""

    device: str
    state: DeviceState
    ok: bool
    detail: str
