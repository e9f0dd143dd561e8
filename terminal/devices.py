"""The devices a terminal has, by kind: one table, one place that opens, starts and closes
them, one status report that loops over them.

``KINDS`` is the table: a kind's name (the ``[devices]`` key of the configuration that gives
its URL, the name its events carry, its name in the catalogue: ``catalogue.names.DEVICES``),
its driver (a :class:`drivers.device.Device` opened by name and URL, with its own I/O
thread), the modes that use it, and its state in words (``DEVICE_STATES``) for the heartbeat
and the status line. The application talks to a kind through its driver's methods (the
printer's ``print_slip``, the bill acceptor's ``stack``), or, for the readers, through the
data events it sends (a ``Scan``, a ``PlayerCard``) that the UI's bridge turns into signals.

Adding a kind of device is its driver and one line in ``KINDS``: the configuration then takes
its URL under the kind's name (``terminal.config`` builds ``[devices]`` from this table),
``Devices`` opens, starts and closes it with the others, and the heartbeat and the status line
report it. Its name and state words must be in the catalogue (a test checks every kind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.card_reader.driver import CardReader
from drivers.device import Device, PortOpener
from drivers.events import DeviceState, Listener
from drivers.port import open_port
from drivers.printer.driver import TicketPrinter
from drivers.printer.status import PrinterStatus
from drivers.scanner.driver import BarcodeScanner

D = TypeVar("D", bound=Device)
BOTH = frozenset({"counter", "kiosk"})  # the modes (``terminal.operations.desk``)
LIFECYCLE_STATES = frozenset({"ok", "offline", "none"})
PRINTER_STATES = frozenset(status.value for status in PrinterStatus)


def lifecycle_state(device: Device) -> str:
    """A device as supervision reads it: ready, not responding (unplugged), or not open."""
    state = device.state
    if state in (DeviceState.IDLE, DeviceState.BUSY):
        return "ok"
    return "offline" if state is DeviceState.ERROR else "none"


def printer_state(device: Device) -> str:
    """From memory: the printer's driver watches the paper between jobs."""
    return device.last_status.value if isinstance(device, TicketPrinter) else "unknown"


@dataclass(frozen=True)
class Kind:
    name: str
    driver: Callable[..., Device]  # (name, url, opener=, reconnect_interval=) -> the device
    modes: frozenset[str] = BOTH  # the modes that open it (a URL given for another is unused)
    needed: bool = False  # the configuration must give its URL
    state: Callable[[Device], str] = lifecycle_state  # its state in words, from memory
    states: frozenset[str] = LIFECYCLE_STATES  # every word ``state`` may give


# one line a kind: its name, its driver, and where it differs from a reader's defaults
KINDS: tuple[Kind, ...] = (
    Kind("printer", TicketPrinter, needed=True, state=printer_state, states=PRINTER_STATES),
    Kind("scanner", BarcodeScanner),
    Kind("bill_acceptor", BillAcceptor, modes=frozenset({"kiosk"})),
    Kind("card_reader", CardReader, modes=frozenset({"counter"})),  # a clerk's card
)


@dataclass(frozen=True)
class Fitted:
    kind: Kind
    device: Device
    owned: bool  # opened here (started and closed here), or handed in by the caller


class Devices:
    """The devices fitted to one terminal, each on its own I/O thread once started."""

    def __init__(self, fitted: list[Fitted], kinds: tuple[Kind, ...] = KINDS) -> None:
        self.kinds = kinds
        self.fitted = {item.kind.name: item for item in fitted}

    @classmethod
    def open(
        cls,
        urls: Mapping[str, str],
        mode: str,
        *,
        handed: Mapping[str, Device] | None = None,
        kinds: tuple[Kind, ...] = KINDS,
        opener: PortOpener = open_port,
        reconnect_interval: float = 0.5,
    ) -> Devices:
        """Every kind this mode uses with a URL (or a device ``handed`` in, which the caller
        started and will close). Touches no hardware: ``start`` does."""
        handed = handed or {}
        fitted = []
        for kind in kinds:
            if mode not in kind.modes:
                continue
            if kind.name in handed:
                fitted.append(Fitted(kind, handed[kind.name], owned=False))
            elif url := urls.get(kind.name, ""):
                device = kind.driver(
                    kind.name, url, opener=opener, reconnect_interval=reconnect_interval
                )
                fitted.append(Fitted(kind, device, owned=True))
        return cls(fitted, kinds)

    def __iter__(self) -> Iterator[Device]:
        return (item.device for item in self.fitted.values())

    def get(self, name: str, driver: type[D]) -> D | None:
        """The device of this kind, if fitted (``driver``: what the caller uses it as)."""
        if name not in {kind.name for kind in self.kinds}:
            raise KeyError(f"no kind of device is named {name!r}")
        item = self.fitted.get(name)
        return item.device if item is not None and isinstance(item.device, driver) else None

    def subscribe(self, listener: Listener) -> None:
        for device in self:
            device.subscribe(listener)

    def start(self) -> None:
        """Each device opened here, on its own I/O thread; one unplugged at boot is reported
        offline and picked up when it appears, as after an unplug."""
        for item in self.fitted.values():
            if item.owned:
                item.device.start(absent_ok=True)

    def close(self) -> None:
        for item in self.fitted.values():
            if item.owned:
                item.device.close()

    def states(self) -> dict[str, str]:
        """Every kind's state in words, from memory: "none" for a kind not fitted."""
        return {
            kind.name: kind.state(item.device) if (item := self.fitted.get(kind.name)) else "none"
            for kind in self.kinds
        }
