"""ISO 7811 tracks: what a good swipe gives, and that nothing garbled ever gives a card."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.card_reader.iso7811 import (
    ETX,
    STX,
    TRACK1,
    TRACK2,
    PlayerCard,
    Tracks,
    encode_frame,
    encode_track,
    parse_frame,
    player_card,
    player_card_frame,
)
from drivers.errors import FrameError
from pari.check_digit import luhn_digit

CARD = PlayerCard(number="4970101234567893", holder="DUPONT/JEAN", expiry="3012")


def _with_lrc_off_by_one(track2: bytes) -> bytes:
    good = encode_frame(Tracks(None, track2.decode()))
    return good[:-2] + bytes([good[-2] ^ 1]) + good[-1:]


def test_a_swipe_gives_the_card() -> None:
    assert player_card(parse_frame(player_card_frame(CARD))) == CARD


def test_the_lrc_is_the_xor_of_the_track_values() -> None:
    # track 2 ";1=?" : values 0xB, 0x1, 0xD, 0xF -> XOR 0x8 -> "8"
    assert encode_track(TRACK2, "1=") == ";1=?8"
    # track 1 "%A?" : values 0x05, 0x21, 0x1F -> XOR 0x3B -> "["
    assert encode_track(TRACK1, "A") == "%A?["


@pytest.mark.parametrize(
    ("frame", "why"),
    [
        (b"", "STX"),
        (b"\x02;4970101234567893=3012?", "STX"),
        (b"\x02\x03", "empty swipe"),
        (_with_lrc_off_by_one(b"4970101234567893=3012"), "LRC"),
        (b"\x02;4970101234567893=3012\x03", "end sentinel"),
        (b"\x02" + b"x" * 200 + b"\x03", "too long"),
    ],
)
def test_bad_frames_say_what_is_wrong(frame: bytes, why: str) -> None:
    with pytest.raises(FrameError, match=why):
        parse_frame(frame)


def test_tracks_that_disagree_are_a_misread() -> None:
    other = "4970101234567802"
    frame = encode_frame(Tracks(f"B{CARD.number}^X^3012", f"{other}=3012"))
    with pytest.raises(FrameError, match="disagree"):
        player_card(parse_frame(frame))


def test_a_card_number_failing_its_check_digit_is_refused() -> None:
    frame = encode_frame(Tracks(None, "4970101234567890=3012"))
    with pytest.raises(FrameError, match="check digit"):
        player_card(parse_frame(frame))


cards = st.builds(
    PlayerCard,
    number=st.text("0123456789", min_size=11, max_size=18).map(lambda n: n + luhn_digit(n)),
    holder=st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ /"), max_size=26),
    expiry=st.from_regex(r"[0-9]{4}", fullmatch=True),
)


@given(cards)
def test_every_card_survives_the_stripe(card: PlayerCard) -> None:
    read = player_card(parse_frame(player_card_frame(card)))
    assert read == PlayerCard(card.number, card.holder.strip(), card.expiry)


@given(cards, st.data())
def test_any_single_damaged_character_is_caught(card: PlayerCard, data: st.DataObject) -> None:
    frame = bytearray(player_card_frame(card))
    at = data.draw(st.integers(0, len(frame) - 1), label="position")
    replacement = data.draw(st.integers(0, 255).filter(lambda b: b != frame[at]), label="byte")
    frame[at] = replacement
    with pytest.raises(FrameError):
        player_card(parse_frame(bytes(frame)))


def _refused_or_exact(garbage: bytes) -> None:
    try:
        card = player_card(parse_frame(garbage))
    except FrameError:
        return
    # only a byte-for-byte well-formed frame reads, and it reads as what it encodes
    assert player_card_frame(card) == garbage


@given(st.binary(max_size=120))
def test_framed_garbage_never_reads_as_a_card(body: bytes) -> None:
    _refused_or_exact(bytes([STX]) + body + bytes([ETX]))


@given(st.binary(max_size=300))
def test_garbage_never_reads_as_a_card(garbage: bytes) -> None:
    _refused_or_exact(garbage)
