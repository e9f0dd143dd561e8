"""A kiosk's credit: notes in, bets out of it, winnings into it, vouchers out and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printer.driver import TicketPrinter
from terminal.errors import PaymentProblem, Refused, ShiftProblem
from terminal.operations import credit
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.payout import pay
from terminal.operations.sell import Draft, sell
from terminal.store import ledger
from tests.servers import LiveServer
from tests.terminal.conftest import Account, Terminals, start_terminal
from tests.terminal.test_operations import settle


@pytest.fixture
def kiosk(terminals: Terminals) -> Iterator[Desk]:
    terminal = terminals.open(KIOSK)
    yield terminal.desk
    terminal.close()


def test_a_kiosk_sells_from_credit_and_pays_winnings_into_it(
    kiosk: Desk, open_race: str, live_server: LiveServer, printed: list[str]
) -> None:
    with pytest.raises(PaymentProblem, match=r"the credit is 0\.00"):
        sell(kiosk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert credit.deposit(kiosk, 500, "note-1") == 500
    assert credit.deposit(kiosk, 500, "note-1") == 500  # the same stacked-note event twice

    sale = sell(kiosk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=2))
    assert sale.status == "ACCEPTED"
    assert credit.balance(kiosk) == 200

    settle(live_server, open_race, [[4], [7], [2]])
    row = kiosk.store.one("SELECT barcode FROM bet")
    assert row is not None
    paid = pay(kiosk, row[0])
    assert paid.method == "voucher"
    assert credit.balance(kiosk) == 200 + paid.amount
    assert ledger.balance(kiosk.store, ledger.DRAWER) == 500  # the cashbox holds the note

    voucher = credit.cash_out(kiosk).voucher
    assert voucher is not None
    assert voucher.amount == 200 + paid.amount
    assert credit.balance(kiosk) == 0
    assert voucher.number in printed[-1].replace(" ", "")

    assert credit.redeem(kiosk, voucher.barcode) == voucher.amount  # back in: credit again
    with pytest.raises(Refused, match="already redeemed"):
        credit.redeem(kiosk, voucher.barcode)
    assert credit.balance(kiosk) == voucher.amount


def test_a_void_bet_goes_back_to_the_credit(
    kiosk: Desk, open_race: str, live_server: LiveServer
) -> None:
    credit.deposit(kiosk, 1000, "note-1")
    with live_server.admin() as admin:
        admin.post(f"/v1/admin/races/{open_race}/close").raise_for_status()
    sale = sell(kiosk, Draft(open_race, "SIMPLE_GAGNANT", (4,)))
    assert sale.status == "VOID"
    assert credit.balance(kiosk) == 1000


def test_a_kiosk_opens_its_own_shift_at_start_and_keeps_it_across_restarts(
    live_server: LiveServer, account: Account, tmp_path: Path, sim_printer: TicketPrinter
) -> None:
    """No clerk opens a kiosk's shift: without one, a stacked note would have nowhere to go."""
    shifts_seen = []
    for _ in range(2):
        terminal = start_terminal(
            live_server, account, tmp_path / "kiosk.db", sim_printer, mode=KIOSK
        )
        terminal.start()
        try:
            shifts_seen.append(terminal.desk.open_shift_id())
            assert credit.deposit(terminal.desk, 1000, f"note-{len(shifts_seen)}") > 0
        finally:
            terminal.close()
    assert shifts_seen[0] == shifts_seen[1]
    counter = start_terminal(live_server, account, tmp_path / "counter.db", sim_printer)
    counter.start()
    try:
        with pytest.raises(ShiftProblem, match="no shift is open"):
            counter.desk.open_shift_id()  # a clerk opens theirs, with the float they count
    finally:
        counter.close()
