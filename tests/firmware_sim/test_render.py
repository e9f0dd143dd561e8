"""A rendered ticket reads back: its barcode and QR code decode to the signed payload."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image

from drivers.printer import layout
from firmware_sim.printer.actions import TicketCut
from firmware_sim.printer.escpos import Interpreter
from firmware_sim.printer.render import DOTS, save, to_image
from tests.drivers.conftest import a_ticket

PAYLOAD = "912611210000042101234567890123456789"


def _printed() -> TicketCut:
    [cut] = [a for a in Interpreter().feed(layout.slip(a_ticket())) if isinstance(a, TicketCut)]
    return cut


def test_the_barcode_and_the_qr_code_decode_to_the_payload() -> None:
    image = to_image(_printed().ticket)
    assert image.width == DOTS
    found = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}
    assert found == {("Code128", PAYLOAD), ("QRCode", PAYLOAD)}


def test_text_and_png_files_are_written(tmp_path: Path) -> None:
    text_path, png_path = save(_printed().ticket, tmp_path, "ticket-0001")
    assert "Ticket 26112100000421" in text_path.read_text(encoding="utf-8")
    with Image.open(png_path) as png:
        assert {r.text for r in zxingcpp.read_barcodes(png)} == {PAYLOAD}
