"""``make bench`` (printer): from "print this ticket" to the confirmed status read after the
cut, through the real driver, a real pty and the emulated printer.

Target (issue 4): measure it with the line paced at 38,400 baud (an Epson TM printer's serial
default) and unpaced. The paced figure is dominated by the line: 10 bits a byte.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime

from catalogue import words_for
from drivers.printer import layout
from drivers.printer.driver import TicketPrinter
from firmware_sim.rig import Rig, RigOptions
from terminal.operations import slips

TICKETS = 20


def sample_ticket(number: int) -> layout.Slip:
    """A Quinté+ champ réduit ticket as a counter prints it, in French."""
    receipt = {
        "ticket_number": f"2611210{number:06d}1",
        "race_id": "2026-11-21/R1C4",
        "barcode": f"912611210{number:06d}1{number:020d}",
        "bet_type": "QUINTE_PLUS",
        "combinations": 120,
        "unit_stake": 200,
        "cost": 24000,
        "accepted_at": "2026-11-21T14:58:03+01:00",
    }
    asked = {"formula": "champ_reduit", "base": [4, 7], "runners": [12, 1, 9, 3, 5, 6]}
    race = {
        "racecourse": "Vincennes",
        "name": "Prix d'Amérique Legend Race",
        "post_time": datetime(2026, 11, 21, 15, 15),
    }
    return slips.ticket(
        words_for("fr"), slips.Seller("T0001", "Marie", kiosk=False), receipt, asked, race
    )


def run(baud: int, via: str) -> tuple[list[float], int]:
    with Rig(RigOptions(printer_baud=baud, printer_tcp_port=0)) as rig:
        printer = TicketPrinter("printer", rig.urls()[via])
        printer.start()
        try:
            printer.status()
            times = []
            for number in range(TICKETS):
                started = time.perf_counter()
                printer.print_slip(sample_ticket(number))
                times.append(time.perf_counter() - started)
        finally:
            printer.close()
        assert len(rig.printer.tickets) == TICKETS
    return times, len(layout.slip(sample_ticket(0)))


def main() -> None:
    print(f"== printer: print a ticket -> confirmed status after the cut ({TICKETS} tickets each)")
    for label, baud, via in (
        ("pty paced at 38,400 baud", 38400, "printer"),
        ("pty unpaced", 0, "printer"),
        ("TCP (port 9100 style)", 0, "printer_tcp"),
    ):
        times, size = run(baud, via)
        line = size * 10 / 38400 if baud else 0.0
        print(
            f"{label:28} median {statistics.median(times) * 1000:7.1f} ms   "
            f"worst {max(times) * 1000:7.1f} ms   job {size} bytes"
            + (f" (line time alone {line * 1000:.0f} ms)" if baud else "")
        )


if __name__ == "__main__":
    main()
