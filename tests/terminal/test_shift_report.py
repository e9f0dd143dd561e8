"""The X and Z reports in the order a cashier reconciles a drawer: the float it started with,
sales, cancellations, refunds, payouts, vouchers taken in and given out, notes, then what the
drawer should hold, what was counted and the difference — read off the slip the emulated
printer cut, after a shift of real sales, a cancellation, a payout and a voucher."""

from __future__ import annotations

from datetime import datetime

from catalogue import words_for
from terminal.app import Terminal
from terminal.operations import credit
from terminal.operations.cancel import cancel
from terminal.operations.desk import KIOSK
from terminal.operations.payout import pay
from terminal.operations.sell import Draft, sell
from terminal.operations.shifts import close_shift, print_report, report
from terminal.operations.slips import Seller
from terminal.operations.slips import report as report_slip
from tests.servers import LiveServer
from tests.terminal.conftest import Terminals
from tests.terminal.test_operations import settle

# the report's lines, as a French cashier reads them down the slip
CASHIER = (
    "Fonds de caisse",
    "Ventes",
    "Annulations",
    "Remboursements",
    "Paiements",
    "Bons repris",
    "Bons émis",
    "Billets reçus",
    "Caisse attendue",
    "Compté en caisse",
    "Écart",
)


def lines_in_order(text: str) -> list[str]:
    """Which of the cashier's lines the slip prints, in the order it prints them."""
    return [label for line in text.splitlines() for label in CASHIER if line.startswith(label)]


def test_a_counters_x_and_z_read_in_the_order_a_drawer_is_reconciled(
    terminals: Terminals,
    counter: Terminal,
    live_server: LiveServer,
    open_race: str,
    printed: list[str],
) -> None:
    kiosk = terminals.open(KIOSK)  # a bettor's voucher from a kiosk, cashed at the counter
    try:
        credit.deposit(kiosk.desk, 1500, "note-1")
        voucher = credit.cash_out(kiosk.desk).voucher
    finally:
        kiosk.close()
    assert voucher is not None
    desk = counter.desk
    winner = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=10))
    mistyped = sell(desk, Draft(open_race, "SIMPLE_GAGNANT", (7,)))
    assert mistyped.ticket_number is not None
    cancel(desk, mistyped.ticket_number)
    assert credit.redeem(desk, voucher.barcode) == 1500
    settle(live_server, open_race, [[4], [7], [2]])
    barcode = desk.store.one(
        "SELECT barcode FROM bet WHERE transaction_id = ?", (winner.transaction_id,)
    )
    assert barcode is not None
    paid = pay(desk, str(barcode[0]))

    print_report(desk, report(desk))
    assert "RAPPORT X" in printed[-1]
    assert lines_in_order(printed[-1]) == [
        "Fonds de caisse",
        "Ventes",
        "Annulations",
        "Paiements",
        "Bons repris",
        "Caisse attendue",
    ]
    expected = 5000 + 1500 + 150 - 150 - paid.amount - 1500
    z = close_shift(desk, counted=expected - 200)
    assert z.drawer == expected
    print_report(desk, z)
    assert "RAPPORT Z" in printed[-1]
    assert lines_in_order(printed[-1]) == [
        "Fonds de caisse",
        "Ventes",
        "Annulations",
        "Paiements",
        "Bons repris",
        "Caisse attendue",
        "Compté en caisse",
        "Écart",
    ]


def test_every_movement_has_its_place_and_an_unknown_one_comes_last() -> None:
    # as the ledger sums them: by kind, alphabetically
    figures = {
        "cancel": (1, -150),
        "float": (1, 5000),
        "future.kind": (1, 100),
        "note": (2, 3000),
        "payout": (1, -1650),
        "refund": (1, -150),
        "sale": (4, 600),
        "voucher.issued": (1, -500),
        "voucher.redeemed": (1, -1500),
    }
    slip = report_slip(
        words_for("fr"),
        Seller("T-1", "Marie", kiosk=False),
        closing=True,
        printed_at=datetime(2026, 11, 21, 20, 0),
        opened_at="2026-11-21T08:00:00",
        closed_at="2026-11-21T20:00:00",
        figures=figures,
        drawer=4750,
        pending=0,
        counted=4700,
    )
    said = [row.left for row in slip.rows if row.left]
    shown = [
        label for left in said for label in (*CASHIER, "future.kind") if left.startswith(label)
    ]
    assert shown == [*CASHIER[:8], "future.kind", *CASHIER[8:]]
