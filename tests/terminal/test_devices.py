"""The devices by kind (``terminal.devices``), on pyserial's loop:// port: the table opens the
kinds a mode uses, each on its own I/O thread, closes them all, and reports every kind's
state; a kind added to the table is configured, opened and reported with no other change."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from catalogue.names import DEVICE_STATES, DEVICES
from drivers.card_reader.driver import CardReader
from drivers.card_reader.iso7811 import PlayerCard, player_card_frame
from drivers.device import Device
from drivers.errors import FrameError
from drivers.events import DeviceState
from drivers.printer.driver import TicketPrinter
from drivers.reader import FrameReader
from terminal.app import TerminalSettings, open_terminal
from terminal.config import devices_table
from terminal.devices import KINDS, Devices, Kind
from tests.devices import Events, is_data

LOOPS = {kind.name: "loop://" for kind in KINDS}
CARD = PlayerCard("4970101234567893", "DUPONT/JEAN", "3012")


def io_threads() -> set[str]:
    return {thread.name for thread in threading.enumerate() if thread.name.startswith("device-")}


def test_a_counter_opens_the_kinds_it_uses_each_on_its_own_thread_and_closes_them() -> None:
    devices = Devices.open(LOOPS, "counter")
    assert set(devices.fitted) == {"printer", "scanner", "card_reader"}  # no bill acceptor
    assert devices.get("bill_acceptor", Device) is None
    assert isinstance(devices.get("card_reader", CardReader), CardReader)
    assert devices.get("card_reader", TicketPrinter) is None  # not what the caller wants
    with pytest.raises(KeyError, match="no kind of device is named 'card_readr'"):
        devices.get("card_readr", Device)
    before = io_threads()
    devices.start()
    try:
        assert io_threads() - before == {"device-printer", "device-scanner", "device-card_reader"}
        states = devices.states()
        assert list(states) == [kind.name for kind in KINDS]  # every kind, in the table's order
        assert (states["scanner"], states["card_reader"], states["bill_acceptor"]) == (
            "ok",
            "ok",
            "none",
        )
    finally:
        devices.close()
    assert io_threads() == before
    assert all(device.state is DeviceState.CLOSED for device in devices)


def test_a_kiosk_opens_its_bill_acceptor_and_no_card_reader() -> None:
    devices = Devices.open(LOOPS, "kiosk")
    assert set(devices.fitted) == {"printer", "scanner", "bill_acceptor"}


def test_a_kind_without_a_url_is_not_fitted_and_a_handed_device_stays_the_callers() -> None:
    mine = CardReader("card_reader", "loop://")
    mine.start()
    try:
        devices = Devices.open(
            {"card_reader": "loop://", "scanner": ""}, "counter", handed={"card_reader": mine}
        )
        assert set(devices.fitted) == {"card_reader"}
        assert devices.get("card_reader", CardReader) is mine
        devices.close()
        assert mine.enabled  # the caller's, still running
    finally:
        mine.close()


def test_a_card_swiped_reaches_the_listeners_as_the_card() -> None:
    devices = Devices.open({"card_reader": "loop://"}, "counter")
    events = Events()
    devices.subscribe(events)
    devices.start()
    try:
        reader = devices.get("card_reader", CardReader)
        assert reader is not None
        reader.call(lambda port: port.write(player_card_frame(CARD)), 2.0)  # loop:// echoes it
        assert events.wait_for(is_data(PlayerCard)).data == CARD
    finally:
        devices.close()


def test_every_kind_is_named_and_its_states_worded_in_the_catalogue() -> None:
    for kind in KINDS:
        assert kind.name in DEVICES, f"catalogue.names.DEVICES has no {kind.name}"
        assert kind.states <= set(DEVICE_STATES), f"{kind.name}: {kind.states - set(DEVICE_STATES)}"
    assert set(devices_table(KINDS).model_fields) == {"printer_columns"} | {k.name for k in KINDS}


class CoinHopper(FrameReader):
    """A made-up kind: a driver like any other."""

    def parse(self, frame: bytes) -> str:
        if not frame.isdigit():
            raise FrameError("not a count of coins")
        return frame.decode()


def test_adding_a_kind_is_its_driver_and_one_line() -> None:
    kinds = (*KINDS, Kind("coin_hopper", CoinHopper))  # the one line
    table = devices_table(kinds).model_validate({"printer": "loop://", "coin_hopper": "loop://"})
    urls = {kind.name: str(getattr(table, kind.name)) for kind in kinds}
    devices = Devices.open(urls, "counter", kinds=kinds)
    devices.start()
    try:
        assert devices.states()["coin_hopper"] == "ok"
        assert "device-coin_hopper" in io_threads()
    finally:
        devices.close()


def test_the_terminal_opens_its_configured_devices_and_reports_every_kind(tmp_path: Path) -> None:
    """What the heartbeat sends and the status line shows: one entry a kind."""
    settings = TerminalSettings(
        tmp_path / "t.db",
        "http://127.0.0.1:9",
        "T-1",
        b"s" * 32,
        devices={"printer": "loop://", "card_reader": "loop://"},
    )
    terminal = open_terminal(settings)
    before = io_threads()
    terminal.devices.start()
    try:
        assert isinstance(terminal.printer, TicketPrinter)
        assert terminal.desk.printer is terminal.printer
        status = terminal.status()
        assert {kind.name for kind in KINDS} <= set(status)
        assert (status["card_reader"], status["scanner"]) == ("ok", "none")
        assert status["printer"] == terminal.printer_state()
    finally:
        terminal.close()
    assert io_threads() <= before
