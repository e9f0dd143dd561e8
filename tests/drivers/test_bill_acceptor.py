"""The bill acceptor driver against the emulated ccTalk validator, over a real pty."""

from __future__ import annotations

import pytest

from drivers.bill_acceptor.driver import BillAcceptor, NoteEscrowed, NoteReturned, NoteStacked
from drivers.errors import DeviceRefused
from firmware_sim.rig import Rig
from tests.devices import Events, is_data, is_error, is_status


def test_it_reads_the_notes_it_holds(sim_bill_acceptor: BillAcceptor) -> None:
    assert sim_bill_acceptor.notes == {1: 500, 2: 1000, 3: 2000, 4: 5000, 5: 10000}


def test_inhibited_until_enabled(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    assert sim_rig.command({"cmd": "insert", "amount": 1000})["result"].startswith("returned")
    events.wait_for(is_data(NoteReturned))
    assert not any(isinstance(d, NoteStacked) for d in events.data())


def test_a_note_is_credit_only_once_stacked(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.accept_notes()
    sim_rig.command({"cmd": "insert", "amount": 2000})
    assert events.wait_for(is_data(NoteEscrowed)).data == NoteEscrowed(3, 2000)
    assert not any(isinstance(d, NoteStacked) for d in events.data())
    sim_bill_acceptor.stack()
    assert events.wait_for(is_data(NoteStacked)).data == NoteStacked(3, 2000)
    assert sim_rig.bill_acceptor.stacked == [2000]


def test_a_returned_note_is_no_credit(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.accept_notes({500})
    sim_rig.command({"cmd": "insert", "amount": 5000})  # not enabled: handed back
    sim_rig.command({"cmd": "insert", "amount": 500})
    events.wait_for(is_data(NoteEscrowed))
    sim_bill_acceptor.return_bill()
    events.wait_for(is_data(NoteReturned, lambda note: "escrow" in note.reason))
    assert sim_rig.bill_acceptor.stacked == []
    with pytest.raises(DeviceRefused, match="no note in escrow"):
        sim_bill_acceptor.stack()


def test_a_garbled_line_is_retried_and_never_invents_money(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.accept_notes()
    sim_rig.command(
        {"cmd": "fault", "device": "bill_acceptor", "knob": "garble_rate", "value": 0.02}
    )
    sim_rig.command({"cmd": "insert", "amount": 1000})
    events.wait_for(is_data(NoteEscrowed), timeout=10)
    sim_rig.command({"cmd": "fault", "device": "bill_acceptor", "knob": "garble_rate", "value": 0})
    sim_bill_acceptor.stack()
    events.wait_for(is_data(NoteStacked))
    money = [d for d in events.data() if isinstance(d, NoteEscrowed | NoteStacked)]
    assert money == [NoteEscrowed(2, 1000), NoteStacked(2, 1000)]


def test_a_jam_is_an_error_for_the_operator(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.accept_notes()
    sim_rig.command({"cmd": "fault", "device": "bill_acceptor", "knob": "jammed", "value": True})
    sim_rig.command({"cmd": "insert", "amount": 1000})
    assert "jammed" in str(events.wait_for(is_error("device_error")).error)


def test_unplugged_and_back_it_resumes_where_it_was(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.accept_notes()
    sim_rig.command({"cmd": "fault", "device": "bill_acceptor", "knob": "unplugged", "value": True})
    events.wait_for(is_error("device_offline"))
    sim_rig.command(
        {"cmd": "fault", "device": "bill_acceptor", "knob": "unplugged", "value": False}
    )
    events.wait_for(is_status("reconnected"))
    sim_rig.command({"cmd": "insert", "amount": 500})
    events.wait_for(is_data(NoteEscrowed))


def test_a_wish_set_while_unplugged_is_applied_when_it_is_back(
    sim_rig: Rig, sim_bill_acceptor: BillAcceptor, events: Events
) -> None:
    sim_bill_acceptor.set_accepting(True).result(timeout=5)  # returns a future at once
    sim_rig.command({"cmd": "fault", "device": "bill_acceptor", "knob": "unplugged", "value": True})
    events.wait_for(is_error("device_offline"))
    pending = sim_bill_acceptor.set_accepting(False)  # the kiosk stopped selling meanwhile
    assert not pending.done()
    sim_rig.command(
        {"cmd": "fault", "device": "bill_acceptor", "knob": "unplugged", "value": False}
    )
    events.wait_for(is_status("reconnected"))
    pending.result(timeout=5)
    sim_rig.command({"cmd": "insert", "amount": 500})
    events.wait_for(is_data(NoteReturned))
    assert not any(isinstance(d, NoteEscrowed) for d in events.data())
