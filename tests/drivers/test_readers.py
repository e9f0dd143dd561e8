"""The card reader and the serial scanner against their emulators, over real ptys."""

from __future__ import annotations

from drivers.card_reader.driver import CardReader
from drivers.card_reader.iso7811 import PlayerCard, player_card_frame
from drivers.scanner.codes import Scan
from drivers.scanner.driver import BarcodeScanner
from drivers.scanner.wedge import Typed, WedgeDecoder
from firmware_sim.rig import Rig
from tests.devices import Events, is_data, is_error

CARD = PlayerCard("4970101234567893", "DUPONT/JEAN", "3012")


def test_a_swipe_is_a_player_card_event(
    sim_rig: Rig, sim_card_reader: CardReader, events: Events
) -> None:
    sim_rig.command({"cmd": "swipe", "number": CARD.number, "holder": CARD.holder})
    event = events.wait_for(is_data(PlayerCard))
    assert event.data == CARD


def test_a_bad_lrc_is_an_error_event_never_a_card(
    sim_rig: Rig, sim_card_reader: CardReader, events: Events
) -> None:
    frame = bytearray(player_card_frame(CARD))
    frame[-2] ^= 0x01  # the track 2 LRC
    sim_rig.command({"cmd": "swipe_raw", "hex": frame.hex()})
    error = events.wait_for(is_error("frame_error"))
    assert "LRC" in str(error.error)
    sim_rig.command({"cmd": "swipe", "number": CARD.number, "holder": CARD.holder})
    events.wait_for(is_data(PlayerCard))
    assert events.data() == [CARD]


def test_a_noisy_line_gives_errors_and_no_wrong_card(
    sim_rig: Rig, sim_card_reader: CardReader, events: Events
) -> None:
    sim_rig.command({"cmd": "fault", "device": "card_reader", "knob": "garble_rate", "value": 0.05})
    for _ in range(20):
        sim_rig.command({"cmd": "swipe", "number": CARD.number, "holder": CARD.holder})
    assert sim_rig.lines["card_reader"].flush()
    sim_rig.command({"cmd": "fault", "device": "card_reader", "knob": "garble_rate", "value": 0})
    sim_rig.command({"cmd": "swipe", "number": "4970101234567802", "holder": "LAST"})
    events.wait_for(is_data(PlayerCard, lambda card: card.holder == "LAST"))
    cards = events.data()
    assert all(card in {CARD, PlayerCard("4970101234567802", "LAST", "3012")} for card in cards)
    assert events.errors(), "5% of bytes flipped over 20 swipes: some frames must be refused"


def test_a_scan_is_a_scan_event(sim_rig: Rig, sim_scanner: BarcodeScanner, events: Events) -> None:
    sim_rig.command({"cmd": "scan", "code": "912611210000042101234567890123456789"})
    event = events.wait_for(is_data(Scan))
    assert event.data == Scan("912611210000042101234567890123456789")


def test_an_unprintable_scan_is_an_error(
    sim_rig: Rig, sim_scanner: BarcodeScanner, events: Events
) -> None:
    outbox = sim_rig.scanner.outbox  # the rig's line, set when it starts
    assert outbox is not None
    outbox.send(b"91\x0026\r")
    events.wait_for(is_error("frame_error"))
    assert events.data() == []


def test_the_keyboard_wedge_tells_a_scanner_from_a_clerk() -> None:
    wedge = WedgeDecoder()
    out = []
    t = 0.0
    for key in "912611\r":  # a scanner: 5 ms a key
        out += wedge.key(key, t)
        t += 0.005
    t += 1.0
    for key in "1 3 QP\r":  # a clerk: 150 ms a key
        out += wedge.key(key, t)
        t += 0.15
    assert out[0] == Scan("912611")
    assert "".join(x.text for x in out[1:] if isinstance(x, Typed)) == "1 3 QP\n"
    assert not any(isinstance(x, Scan) for x in out[1:])


def test_the_wedge_gives_back_short_fast_bursts_as_typing() -> None:
    wedge = WedgeDecoder()
    out = wedge.key("1", 0.0) + wedge.key("2", 0.01)
    assert out == []
    assert wedge.flush(0.5) == [Typed("12")]
