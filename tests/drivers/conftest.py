"""Devices against their emulators, over real pseudo-terminals and sockets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TypeVar

import pytest

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.card_reader.driver import CardReader
from drivers.device import Device
from drivers.printer.driver import TicketPrinter
from drivers.printer.layout import TicketPrint
from drivers.scanner.driver import BarcodeScanner
from firmware_sim.rig import Rig, RigOptions
from tests.devices import Events

D = TypeVar("D", bound=Device)


@pytest.fixture
def sim_rig() -> Iterator[Rig]:
    """Every emulated device, unpaced, the printer also on an ephemeral TCP port."""
    with Rig(RigOptions(printer_tcp_port=0)) as rig:
        yield rig


@pytest.fixture
def events() -> Events:
    return Events()


def _started(device: D, events: Events) -> Iterator[D]:
    device.subscribe(events)
    device.start()
    device.check_health()  # returns once the device's on_connected step is done
    yield device
    device.close()


@pytest.fixture
def sim_printer(sim_rig: Rig, events: Events) -> Iterator[TicketPrinter]:
    url = sim_rig.urls()["printer"]
    yield from _started(TicketPrinter("printer", url, reconnect_interval=0.1), events)


@pytest.fixture
def sim_card_reader(sim_rig: Rig, events: Events) -> Iterator[CardReader]:
    url = sim_rig.urls()["card_reader"]
    yield from _started(CardReader("card_reader", url, reconnect_interval=0.1), events)


@pytest.fixture
def sim_scanner(sim_rig: Rig, events: Events) -> Iterator[BarcodeScanner]:
    url = sim_rig.urls()["scanner"]
    yield from _started(BarcodeScanner("scanner", url, reconnect_interval=0.1), events)


@pytest.fixture
def sim_bill_acceptor(sim_rig: Rig, events: Events) -> Iterator[BillAcceptor]:
    url = sim_rig.urls()["bill_acceptor"]
    yield from _started(BillAcceptor("bill_acceptor", url, reconnect_interval=0.1), events)


def a_ticket(**changes: object) -> TicketPrint:
    fields: dict[str, object] = {
        "ticket_number": "26112100000421",
        "barcode": "91" + "26112100000421" + "01234567890123456789",
        "terminal": "T0001",
        "operator": "Marie",
        "meeting": "R1 VINCENNES",
        "race": "C4 Prix d'Amérique",
        "post_time": "15:15",
        "bet_type": "QUINTE+",
        "selection": "4 7 12 1 9",
        "formula": "unitaire",
        "combinations": 1,
        "unit_stake": 200,
        "cost": 200,
        "sold_at": datetime(2026, 11, 21, 14, 58, 3),
    }
    fields.update(changes)
    return TicketPrint(**fields)  # type: ignore[arg-type]
