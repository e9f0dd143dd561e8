"""Selling through the real parts: server on loopback, SQLite file, printer emulator on a pty."""

from __future__ import annotations

import json

import pytest

from terminal.errors import SaleProblem
from terminal.operations.desk import Desk
from terminal.operations.sell import Draft, sell
from terminal.store import journal, ledger, outbox
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import one_value


def test_an_accepted_bet_is_printed_with_the_servers_ticket_number(
    desk: Desk, open_race: str, printed: list[str]
) -> None:
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=3))

    assert sale.status == "ACCEPTED"
    assert sale.printed
    assert sale.ticket_number is not None
    assert sale.cost == 450
    assert any(sale.ticket_number in text for text in printed)
    assert outbox.depth(desk.store) == 0
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000 + 450
    assert journal.verify(desk.store.conn) is None


def test_a_bad_selection_is_refused_here_and_changes_nothing(desk: Desk, open_race: str) -> None:
    before = one_value(desk.store, "SELECT COUNT(*) FROM ledger")
    with pytest.raises(SaleProblem, match="runner 42 is not in this race"):
        sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (42,)))
    assert one_value(desk.store, "SELECT COUNT(*) FROM bet") == 0
    assert one_value(desk.store, "SELECT COUNT(*) FROM ledger") == before


def test_a_bet_the_server_refuses_is_void_and_its_money_goes_back(
    desk: Desk, open_race: str, live_server: LiveServer, printed: list[str]
) -> None:
    """The cached programme says open, the server has closed the race: the server decides."""
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()

    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))

    assert sale.status == "VOID"
    assert not sale.printed
    assert printed == []
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000  # sold, then refunded
    kinds = [r[0] for r in desk.store.all("SELECT kind FROM ledger ORDER BY id")]
    assert kinds == ["float", "sale", "refund"]


def test_offline_the_bet_stays_pending_and_nothing_is_printed_until_accepted(
    desk: Desk, open_race: str, printed: list[str], proxy: FaultProxy
) -> None:
    proxy.set("drop")
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.status == "PENDING"
    assert sale.offline is not None
    assert printed == []
    assert outbox.depth(desk.store) == 2  # the shift's opening, then the bet

    proxy.set("pass")
    assert desk.drain.until_empty() == 2
    row = desk.store.one("SELECT status, receipt FROM bet")
    assert row is not None
    assert row[0] == "ACCEPTED"
    assert json.loads(row[1])["cost"] == 150


def test_a_bet_queued_offline_past_its_close_is_void_when_the_server_says_so(
    desk: Desk, open_race: str, printed: list[str], proxy: FaultProxy, live_server: LiveServer
) -> None:
    """While the server is away nobody knows whether it has the bet: it stays PENDING, the
    money stays taken. Once the server says it never took it before the close: VOID, refund."""
    proxy.set("drop")
    sale = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.status == "PENDING"
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
    proxy.set("pass")
    desk.drain.until_empty()
    row = desk.store.one("SELECT status, problem FROM bet")
    assert row is not None
    assert row[0] == "VOID"
    assert "not open" in row[1]
    assert ledger.balance(desk.store, ledger.DRAWER) == 5000
    assert printed == []
