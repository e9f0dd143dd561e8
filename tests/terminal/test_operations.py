"""Cancelling, paying, reprinting, shifts — each through the real server, store and printer."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from firmware_sim.rig import Rig
from terminal.app import Terminal
from terminal.errors import Offline, PrintProblem, Refused, SaleProblem, ShiftProblem
from terminal.operations import printing
from terminal.operations.cancel import cancel
from terminal.operations.desk import Desk
from terminal.operations.payout import check, pay
from terminal.operations.reprint import reprint
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import close_shift, open_shift, print_report, report
from terminal.store import journal, ledger, outbox
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import one_value


class OnStep:
    """Runs an action when a workflow passes the named step: a fault at an exact moment."""

    def __init__(self, name: str, action: Callable[[], object]) -> None:
        self.name, self.action = name, action

    def reached(self, name: str) -> None:
        if name == self.name:
            self.action()


def settle(live_server: LiveServer, race_id: str, places: list[list[int]]) -> None:
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{race_id}/close").raise_for_status()
        for official in (False, True):
            body = {"places": places, "official": official}
            admin.post(f"/v1/admin/races/{race_id}/result", json=body).raise_for_status()


def test_cancel_refunds_once_and_the_server_agrees(
    desk: Desk, open_race: str, live_server: LiveServer, printed: list[str]
) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.ticket_number is not None

    first = cancel(desk, sale.ticket_number)
    assert (first.status, first.refunded, first.amount, first.receipt_printed) == (
        "CANCELLED",
        True,
        150,
        True,
    )
    again = cancel(desk, sale.ticket_number)  # again: nothing more happens, nothing owed
    assert (again.status, again.refunded) == ("CANCELLED", False)
    assert len(printed) == 2  # the ticket, then one cancellation receipt
    assert "ANNULATION" in printed[1]
    assert re.search(r"Remboursé +1,50 €", printed[1]), printed[1]
    assert re.search(rf"Ticket +{sale.ticket_number}", printed[1]), printed[1]

    assert ledger.balance(desk.store, ledger.DRAWER) == 5000
    assert [r[0] for r in desk.store.all("SELECT kind FROM ledger ORDER BY id")] == [
        "float",
        "sale",
        "cancel",
    ]
    assert check(desk, _barcode(desk, sale.transaction_id))["status"] == "CANCELLED"


def test_cancel_offline_keeps_the_request_and_refunds_only_when_confirmed(
    desk: Desk, open_race: str, proxy: FaultProxy
) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    proxy.set("reset_response")  # the server cancels; the answer is lost
    with pytest.raises(Offline, match="nothing is refunded"):
        cancel(desk, sale.transaction_id)
    assert ledger.balance(desk.store, ledger.DRAWER) == 5150  # not refunded yet
    assert outbox.depth(desk.store) == 1

    proxy.set("pass")
    desk.drain.until_empty()
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000  # refunded, once


def test_the_server_refuses_a_late_cancellation(
    desk: Desk, open_race: str, live_server: LiveServer
) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
    with pytest.raises(Refused, match="too late to cancel"):
        cancel(desk, sale.transaction_id)
    assert ledger.balance(desk.store, ledger.DRAWER) == 5150


def test_a_winning_ticket_is_paid_once(desk: Desk, open_race: str, live_server: LiveServer) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=10))
    settle(live_server, open_race, [[4], [7], [2]])
    barcode = _barcode(desk, sale.transaction_id)
    worth = check(desk, barcode)
    assert worth["status"] == "WINNING"

    paid = pay(desk, barcode)
    assert paid.amount == worth["payout"] > 0
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000 + 1500 - paid.amount
    with pytest.raises(Refused, match="already paid"):
        pay(desk, barcode)
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000 + 1500 - paid.amount


def test_a_payout_whose_answer_is_lost_is_recorded_once_on_retry(
    desk: Desk, open_race: str, live_server: LiveServer, proxy: FaultProxy
) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    settle(live_server, open_race, [[4], [7], [2]])
    barcode = _barcode(desk, sale.transaction_id)
    # the check gets through; once it has, the payout's answer is lost
    desk.steps = OnStep("payout.checked", lambda: proxy.set("reset_response"))
    with pytest.raises(Offline):
        pay(desk, barcode)
    assert ledger.balance(desk.store, ledger.DRAWER) == 5150  # nothing recorded yet

    proxy.set("pass")
    desk.drain.until_empty()
    payout = desk.store.one("SELECT state, amount FROM payout")
    assert payout is not None
    assert payout[0] == "PAID"
    assert ledger.balance(desk.store, ledger.DRAWER) == 5150 - payout[1]


def test_no_sale_while_the_printer_cannot_print(
    counter: Terminal, open_race: str, sim_rig: Rig, printed: list[str]
) -> None:
    desk, device = counter.desk, counter.printer
    assert device is not None
    drawer = ledger.balance(desk.store, ledger.DRAWER)
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "cover_open", "value": True})
    device.status()  # the driver's watch has seen it (it reads the status between jobs)
    with pytest.raises(PrintProblem) as refused:
        sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert (refused.value.code, refused.value.params) == (
        "printer_not_ready",
        {"device_state": "cover_open"},
    )
    assert one_value(desk.store, "SELECT COUNT(*) FROM bet") == 0
    assert ledger.balance(desk.store, ledger.DRAWER) == drawer  # no money taken
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "cover_open", "value": False})
    device.status()
    assert sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,))).printed
    assert len(printed) == 1


def test_a_ticket_that_fails_to_print_can_be_reprinted(
    desk: Desk, open_race: str, sim_rig: Rig, printed: list[str]
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 5})
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))  # the roll ends mid-ticket
    assert sale.status == "ACCEPTED"
    assert not sale.printed
    assert sale.print_problem is not None
    assert sale.print_problem.code == "print_failed"
    assert sale.print_problem.params == {"device_state": "paper_out"}
    assert printing.awaiting_print(desk) == [sale.transaction_id]

    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 100_000})
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_out", "value": False})
    assert reprint(desk, sale.transaction_id) is False  # the first real print: no DUPLICATA
    assert reprint(desk, sale.transaction_id) is True
    assert len(printed) == 2
    assert "D U P L I C A T A" not in printed[0]
    assert "D U P L I C A T A" in printed[1]
    assert printing.awaiting_print(desk) == []


def test_paper_running_out_mid_ticket_leaves_it_to_reprint_or_cancel(
    desk: Desk, open_race: str, sim_rig: Rig
) -> None:
    sim_rig.command({"cmd": "fault", "device": "printer", "knob": "paper_left", "value": 5})
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert not sale.printed
    assert printing.awaiting_print(desk) == [sale.transaction_id]
    assert cancel(desk, sale.transaction_id).status == "CANCELLED"
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000
    with pytest.raises(PrintProblem, match="CANCELLED"):
        reprint(desk, sale.transaction_id)


def test_a_crash_mid_print_leaves_the_ticket_for_the_clerk(
    counter: Terminal, open_race: str
) -> None:
    desk = counter.desk
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    with desk.store.write() as conn:  # as a crash between PRINTING and PRINTED leaves it
        conn.execute("UPDATE bet SET print_state = 'PRINTING'")
    assert printing.recover(desk) == 1
    assert printing.awaiting_print(desk) == [sale.transaction_id]


def test_nothing_prints_for_a_bet_the_server_has_not_accepted(
    desk: Desk, open_race: str, proxy: FaultProxy
) -> None:
    proxy.set("blackhole")
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.status == "PENDING"
    with pytest.raises(PrintProblem, match="only for a bet the server accepted"):
        printing.print_ticket(desk, sale.transaction_id)


def test_shift_reports_add_up(
    desk: Desk, open_race: str, live_server: LiveServer, printed: list[str]
) -> None:
    sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    sold = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (7,), multiplier=2))
    cancel(desk, sold.transaction_id)
    with pytest.raises(ShiftProblem, match="already open"):
        open_shift(desk)

    x = report(desk)
    assert not x.closing
    assert x.figures == {"cancel": (1, -300), "float": (1, 5000), "sale": (2, 450)}
    assert x.drawer == 5150

    z = close_shift(desk)
    assert z.closing
    assert z.drawer == 5150
    print_report(desk, z)
    assert re.search(r"Caisse attendue +51,50 €", printed[-1]), printed[-1]
    with pytest.raises(ShiftProblem, match="no shift is open"):
        sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    desk.drain.until_empty()
    with live_server.admin():
        server = desk.client.shift_report(z.shift_id)
    assert server["closed"] is True
    assert journal.verify(desk.store.conn) is None


def test_a_closed_race_is_refused_before_taking_money(
    desk: Desk, open_race: str, live_server: LiveServer
) -> None:
    live_server.clock.advance(minutes=31)  # past the post time, by the server's clock
    with pytest.raises(SaleProblem, match="not open"):
        sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))


def _barcode(desk: Desk, tid: str) -> str:
    row = desk.store.one("SELECT barcode FROM bet WHERE transaction_id = ?", (tid,))
    assert row is not None
    return str(row[0])
