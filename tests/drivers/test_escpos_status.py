"""DLE EOT status bytes: OK only when the printer answered every query with a real status."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.printer.status import PrinterStatus, StatusBytes, decode, is_status_byte

OK = StatusBytes(0x12, 0x12, 0x12)


def test_the_answers_of_a_healthy_printer_are_ok() -> None:
    assert decode(OK) is PrinterStatus.OK


def test_each_condition_is_read_from_its_bit() -> None:
    assert decode(StatusBytes(0x1A, 0x16, 0x12)) is PrinterStatus.COVER_OPEN
    assert decode(StatusBytes(0x1A, 0x32, 0x72)) is PrinterStatus.PAPER_OUT
    assert decode(StatusBytes(0x12, 0x12, 0x1E)) is PrinterStatus.PAPER_NEAR_END
    assert decode(StatusBytes(0x1A, 0x52, 0x12)) is PrinterStatus.OFFLINE


def test_no_answer_is_unknown_never_ok() -> None:
    assert decode(StatusBytes(None, None, None)) is PrinterStatus.UNKNOWN
    assert decode(StatusBytes(0x12, None, 0x12)) is PrinterStatus.UNKNOWN
    assert decode(StatusBytes(0x12, 0x12, None)) is PrinterStatus.UNKNOWN


answers = st.one_of(st.none(), st.integers(0, 255))


@given(answers, answers, answers)
def test_ok_needs_three_real_status_bytes(a: int | None, b: int | None, c: int | None) -> None:
    status = decode(StatusBytes(a, b, c))
    if status is PrinterStatus.OK:
        assert all(x is not None and is_status_byte(x) for x in (a, b, c))
