"""ccTalk frames and bill events: exact bytes, and garbage never becomes money."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.bill_acceptor import cctalk
from drivers.bill_acceptor.cctalk import BillEvent, EventBuffer, Header, Message
from drivers.errors import FrameError


def test_a_simple_poll_is_the_specification_example() -> None:
    # ccTalk generic specification part 1: "[40][0][1][254][217]"
    assert cctalk.encode(Message(40, 1, Header.SIMPLE_POLL)) == bytes([40, 0, 1, 254, 217])
    assert cctalk.decode(bytes([1, 0, 40, 0, 215])) == Message(1, 40, 0, b"")


def test_a_bad_checksum_or_length_is_a_frame_error() -> None:
    with pytest.raises(FrameError, match="checksum"):
        cctalk.decode(bytes([1, 0, 40, 0, 216]))
    with pytest.raises(FrameError, match="length"):
        cctalk.decode(bytes([1, 2, 40, 0, 215]))


def test_echo_is_stripped_only_when_it_is_there() -> None:
    request = cctalk.encode(Message(40, 1, Header.SIMPLE_POLL))
    reply = cctalk.encode(Message(1, 40, 0))
    assert cctalk.strip_echo(request, request + reply) == reply
    assert cctalk.strip_echo(request, reply) == reply


def test_new_events_in_order_with_the_counter_wrapping_past_255() -> None:
    buffer = EventBuffer(2, (BillEvent(3, 0), BillEvent(3, 1), BillEvent(0, 0)))
    events, lost = cctalk.new_events(255, buffer)  # 255 -> 1 -> 2: two new events
    assert events == [BillEvent(3, 1), BillEvent(3, 0)]
    assert lost == 0


def test_more_than_five_events_since_the_last_poll_are_reported_lost() -> None:
    buffer = EventBuffer(17, tuple(BillEvent(1, 0) for _ in range(5)))
    events, lost = cctalk.new_events(10, buffer)
    assert len(events) == 5
    assert lost == 2


def test_bill_ids_and_scaling_give_cents() -> None:
    bill = cctalk.parse_bill_id(b"EU0020A")
    assert bill == cctalk.BillId("EU", 20, "A")
    assert cctalk.cents(bill.value, 100, 2) == 2000
    assert cctalk.parse_bill_id(b".......") is None
    with pytest.raises(FrameError):
        cctalk.parse_bill_id(b"EU00X0A")


messages = st.builds(
    Message,
    destination=st.integers(0, 255),
    source=st.integers(0, 255),
    header=st.integers(0, 255),
    data=st.binary(max_size=cctalk.MAX_DATA),
)


@given(messages)
def test_every_message_round_trips(message: Message) -> None:
    assert cctalk.decode(cctalk.encode(message)) == message


@given(messages, st.data())
def test_a_single_damaged_byte_is_caught(message: Message, data: st.DataObject) -> None:
    frame = bytearray(cctalk.encode(message))
    at = data.draw(st.integers(0, len(frame) - 1))
    frame[at] = data.draw(st.integers(0, 255).filter(lambda b: b != frame[at]))
    with pytest.raises(FrameError):
        cctalk.decode(bytes(frame))


@given(st.binary(max_size=300))
def test_garbage_is_refused_or_is_exactly_a_message(garbage: bytes) -> None:
    try:
        message = cctalk.decode(garbage)
    except FrameError:
        return
    assert cctalk.encode(message) == garbage


@given(st.binary(min_size=11, max_size=11))
def test_an_event_buffer_never_invents_an_undefined_event(data: bytes) -> None:
    try:
        buffer = cctalk.parse_event_buffer(data)
    except FrameError:
        return
    for event in buffer.events:
        assert event.result_a == 0 or event.result_b in {0, 1}
