"""The ticket printer driver against the emulated printer, over a real pty and TCP."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.errors import CoverOpen, DeviceNotFound, DeviceTimeout, PaperOut, PrinterOffline
from drivers.printer import layout
from drivers.printer.driver import TicketPrinter
from drivers.printer.status import PrinterStatus
from firmware_sim.printer.actions import TicketCut
from firmware_sim.printer.escpos import Interpreter
from firmware_sim.printer.render import to_text
from firmware_sim.rig import Rig
from tests.devices import Events, is_error, is_status
from tests.drivers.conftest import a_ticket


def test_a_ticket_is_printed_cut_and_confirmed(sim_rig: Rig, sim_printer: TicketPrinter) -> None:
    assert sim_printer.print_slip(a_ticket()) is PrinterStatus.OK
    [ticket] = sim_rig.printer.tickets
    text = to_text(ticket)
    for shown in (
        "R1C4 - Vincennes",
        "15:15",
        "Prix d'Amérique",
        "Quinté+",
        "Sélection : 4 - 7 - 12 - 1 - 9",
        "Mise de base",
        "2,00 €",
        "MONTANT",
        "21/11/2026 14:58",
        "Terminal T0001",
        "Guichetier : Marie",
        "Ticket 26112100000421",
        "CODE128 912611210000042101234567890123456789",
        "[QR 912611210000042101234567890123456789]",
    ):
        assert shown in text, f"{shown!r} missing from\n{text}"
    assert "DUPLICATA" not in text
    assert ticket.cut == "full"


def test_a_reprint_says_duplicata(sim_rig: Rig, sim_printer: TicketPrinter) -> None:
    sim_printer.print_slip(a_ticket(duplicate=True))
    assert "D U P L I C A T A" in to_text(sim_rig.printer.tickets[0])


@pytest.mark.parametrize("columns", [layout.COLUMNS, layout.WIDE_COLUMNS])
def test_long_words_wrap_within_the_roll(columns: int) -> None:
    runners = " - ".join(str(n) for n in range(1, 21))
    slip = layout.Slip(
        (
            layout.heading("BON DE CRÉDIT POUR UN TRÈS LONG TITRE"),
            layout.text(f"Sélection : {runners}"),
            layout.pair("Remboursements (refus, annulations de la journée)", "1\u202f234,50\xa0€"),
        ),
        columns,
    )
    [cut] = [a for a in Interpreter().feed(layout.slip(slip)) if isinstance(a, TicketCut)]
    lines = cut.ticket.text_lines()
    assert all(len(line) <= columns for line in lines), lines
    printed = " ".join(lines)
    assert "- 20" in printed or "-20" in printed.replace(" ", "")
    assert "1 234,50 €" in printed


def test_vouchers_reports_and_the_drawer(sim_rig: Rig, sim_printer: TicketPrinter) -> None:
    sim_printer.print_slip(layout.Slip((layout.heading("12,50 €"), layout.centre("Bon 123"))))
    sim_printer.print_slip(layout.Slip((layout.pair("Ventes", "1 234,50 €"),)))
    sim_printer.open_drawer()
    voucher, report = (to_text(t) for t in sim_rig.printer.tickets)
    assert "1 2 , 5 0   €" in voucher  # double width
    assert "Bon 123" in voucher
    assert "1 234,50 €" in report
    sim_printer.status()  # the drawer pulse is processed before the status answer
    assert sim_rig.printer.drawer_pulses == 1


@pytest.mark.parametrize(
    ("knob", "status", "error"),
    [
        ("paper_out", PrinterStatus.PAPER_OUT, PaperOut),
        ("cover_open", PrinterStatus.COVER_OPEN, CoverOpen),
        ("offline", PrinterStatus.OFFLINE, PrinterOffline),
    ],
)
def test_a_printer_that_cannot_print_is_sent_nothing(
    sim_rig: Rig, sim_printer: TicketPrinter, knob: str, status: PrinterStatus, error: type
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": knob, "value": True})
    assert sim_printer.status() is status
    with pytest.raises(error):
        sim_printer.print_slip(a_ticket())
    assert sim_rig.printer.tickets == []
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": knob, "value": False})
    assert sim_printer.print_slip(a_ticket()) is PrinterStatus.OK


def test_paper_near_end_still_prints_and_is_reported(
    sim_rig: Rig, sim_printer: TicketPrinter, events: Events
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_near_end", "value": True})
    assert sim_printer.print_slip(a_ticket()) is PrinterStatus.PAPER_NEAR_END
    events.wait_for(is_status("paper_near_end"))
    assert len(sim_rig.printer.tickets) == 1


def test_paper_running_out_mid_ticket_is_not_a_confirmed_ticket(
    sim_rig: Rig, sim_printer: TicketPrinter
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 8})
    with pytest.raises(PaperOut, match="incomplete"):
        sim_printer.print_slip(a_ticket())
    assert sim_rig.printer.tickets == []


def test_a_printer_that_does_not_answer_is_never_ok(
    sim_rig: Rig, sim_printer: TicketPrinter
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "mute", "value": True})
    assert sim_printer.status() is PrinterStatus.UNKNOWN
    with pytest.raises(DeviceTimeout, match="did not answer"):
        sim_printer.print_slip(a_ticket())


def test_an_unplugged_printer_comes_back_by_itself(
    sim_rig: Rig, sim_printer: TicketPrinter, events: Events
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "unplugged", "value": True})
    events.wait_for(is_error("device_offline"))
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "unplugged", "value": False})
    events.wait_for(is_status("reconnected"))
    assert sim_printer.print_slip(a_ticket()) is PrinterStatus.OK


def test_the_network_interface_prints_the_same(sim_rig: Rig, events: Events) -> None:
    printer = TicketPrinter("network printer", sim_rig.urls()["printer_tcp"])
    printer.subscribe(events)
    printer.start()
    try:
        assert printer.print_slip(a_ticket()) is PrinterStatus.OK
    finally:
        printer.close()
    assert "Ticket 26112100000421" in to_text(sim_rig.printer.tickets[0])


def test_a_printer_absent_at_start_is_waited_for_then_prints(
    sim_rig: Rig, events: Events, tmp_path: Path
) -> None:
    """A kiosk booting with its printer unplugged starts anyway, says so, and prints once the
    printer appears (here: its /dev/guichet/printer link is created by udev, later)."""
    link = tmp_path / "printer"
    printer = TicketPrinter("printer", str(link), reconnect_interval=0.1)
    printer.subscribe(events)
    with pytest.raises(DeviceNotFound):
        TicketPrinter("printer", str(link)).start()  # without absent_ok: refused, as before
    printer.start(absent_ok=True)
    try:
        events.wait_for(is_error("device_offline"))
        assert not printer.last_status.can_print
        link.symlink_to(sim_rig.urls()["printer"])
        events.wait_for(is_status("reconnected"))
        assert printer.print_slip(a_ticket()) is PrinterStatus.OK
    finally:
        printer.close()
    assert len(sim_rig.printer.tickets) == 1
