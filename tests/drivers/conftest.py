"""Devices against their emulators, over real pseudo-terminals and sockets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest

from drivers.bill_acceptor.driver import BillAcceptor
from drivers.card_reader.driver import CardReader
from drivers.device import Device
from drivers.printer import layout
from drivers.printer.driver import TicketPrinter
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


def a_ticket(*, duplicate: bool = False, columns: int = layout.COLUMNS) -> layout.Slip:
    """A ticket's rows as the terminal writes them (the driver lays out any words)."""
    rows = [layout.heading("GUICHET"), layout.centre("Pari mutuel hippique")]
    if duplicate:
        rows.append(layout.banner("DUPLICATA"))
    rows += [
        layout.pair("R1C4 — Vincennes", "15:15", bold=True),
        layout.text("Prix d'Amérique"),
        layout.total("Quinté+", ""),
        layout.text("Sélection : 4 - 7 - 12 - 1 - 9"),
        layout.pair("Mise de base", "2,00\N{NO-BREAK SPACE}€"),
        layout.total("MONTANT", "2,00\N{NARROW NO-BREAK SPACE}€"),
        layout.pair("21/11/2026 14:58", "Terminal T0001"),
        layout.text("Guichetier : Marie"),
        layout.centre("Ticket 26112100000421", bold=True),
        layout.codes("91" + "26112100000421" + "01234567890123456789"),
    ]
    return layout.Slip(tuple(rows), columns)
