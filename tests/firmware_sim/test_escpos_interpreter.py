"""The emulated printer reads what python-escpos itself writes, and survives anything else."""

from __future__ import annotations

from escpos.printer import Dummy
from hypothesis import given
from hypothesis import strategies as st

from firmware_sim.printer.actions import StatusQuery, TicketCut
from firmware_sim.printer.code128 import code128_text
from firmware_sim.printer.document import Barcode, QrCode, Style, TextLine
from firmware_sim.printer.escpos import Interpreter


def _cut_tickets(data: bytes) -> list[TicketCut]:
    return [a for a in Interpreter().feed(data) if isinstance(a, TicketCut)]


def test_text_styles_and_alignment_written_by_python_escpos() -> None:
    out = Dummy()
    out.set(align="center", bold=True, double_height=True, double_width=True)
    out.textln("GUICHET")
    out.set_with_default(align="right", underline=1)
    out.textln("Prix d'Amérique 5 €")
    out.set_with_default()
    out.textln("plain")
    out.cut()
    [cut] = _cut_tickets(out.output)
    lines = [b for b in cut.ticket.blocks if isinstance(b, TextLine)]
    big, accented, plain = lines
    assert big.text == "GUICHET"
    assert big.align == "center"
    assert big.spans[0].style == Style(bold=True, width=2, height=2)
    assert accented.text == "Prix d'Amérique 5 €"
    assert accented.align == "right"
    assert accented.spans[0].style.underline == 1
    assert plain.spans[0].style == Style()
    assert cut.ticket.cut == "full"


def test_barcodes_and_qr_codes_written_by_python_escpos() -> None:
    out = Dummy()
    out._hw_barcode("{BG1-ABC", "CODE128", function_type="B")
    out._hw_barcode("0123456789", "CODE39", function_type="A", check=False)
    out.qr("https://example.org/t/42", native=True, size=5, ec=3)
    out.cut(mode="PART")
    [cut] = _cut_tickets(out.output)
    code128, code39, qr = [b for b in cut.ticket.blocks if isinstance(b, Barcode | QrCode)]
    assert code128 == Barcode("CODE128", "G1-ABC", 64, 3, 2, "center")
    assert isinstance(code39, Barcode)
    assert code39.symbology == "CODE39"
    assert code39.data == "0123456789"
    assert qr == QrCode("https://example.org/t/42", 5, "H", "center")
    assert cut.ticket.cut == "partial"


def test_code128_set_c_bytes_are_digit_pairs() -> None:
    assert code128_text(b"{C" + bytes([91, 26, 11, 2])) == "91261102"
    assert code128_text(b"{BAB{C" + bytes([12])) == "AB12"
    assert code128_text(b"no code set") == ""


def test_status_queries_are_answered_in_stream_order() -> None:
    actions = Interpreter().feed(b"abc\n\x10\x04\x01\x10\x04\x04\x10\x04\x09")
    assert [a for a in actions if isinstance(a, StatusQuery)] == [StatusQuery(1), StatusQuery(4)]


def test_the_drawer_pulse() -> None:
    out = Dummy()
    out.cashdraw(2)
    out.cut()
    [cut] = _cut_tickets(out.output)
    assert cut.ticket.drawer_pulses == 1


def test_a_command_split_across_reads_waits_for_its_end() -> None:
    out = Dummy()
    out.qr("split me", native=True)
    out.cut()
    data = out.output
    interpreter = Interpreter()
    actions = []
    for index in range(len(data)):
        actions += interpreter.feed(data[index : index + 1])
    [cut] = [a for a in actions if isinstance(a, TicketCut)]
    assert next(b for b in cut.ticket.blocks if isinstance(b, QrCode)).data == "split me"


@given(st.binary(max_size=2000))
def test_any_bytes_are_consumed_without_an_exception(data: bytes) -> None:
    Interpreter().feed(data)


@given(st.binary(max_size=600), st.integers(0, 600))
def test_feeding_in_two_parts_is_feeding_at_once(data: bytes, split: int) -> None:
    whole = Interpreter()
    whole_actions = whole.feed(data)
    parts = Interpreter()
    part_actions = parts.feed(data[:split]) + parts.feed(data[split:])
    assert part_actions == whole_actions


@given(
    st.binary(max_size=2000).filter(
        lambda d: b"\x1dV" not in d and b"\x1bi" not in d and b"\x1bm" not in d
    )
)
def test_no_ticket_comes_out_without_a_cut(data: bytes) -> None:
    assert _cut_tickets(data) == []
