"""The console's report balances with each terminal's own Z report, figure by figure.

Through the real parts, on both stores: a counter and a kiosk on a real server on loopback,
each with its own store and the emulated printer, sell, cancel, pay, take notes, issue a
voucher at the kiosk and pay it in cash at the counter; then the operator's console, over
HTTP, exports the day as CSV in French and in English, and every terminal's figures in it are
its Z report's. The server is never told of notes: it derives the kiosk's (its balance).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from backend.operators import create_operator
from drivers.printer.driver import TicketPrinter
from terminal.app import Terminal
from terminal.operations import credit, shifts
from terminal.operations.cancel import cancel
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.payout import pay
from terminal.operations.sell import Draft, Sale, sell
from terminal.store import ledger
from tests.backend.console.conftest import PASSWORD, Operator
from tests.servers import NOON, LiveServer
from tests.terminal.conftest import new_account, start_terminal
from tests.terminal.test_operations import settle

DAY = "2026-11-21"


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The live server's database: both stores, as the backend's own tests."""
    if request.param == "sqlite":
        return str(tmp_path / "server.db")
    return str(request.getfixturevalue("pg_cluster").new_database())


@dataclass
class Pair:
    counter: Terminal
    kiosk: Terminal


@pytest.fixture
def pair(
    live_server: LiveServer, open_race: str, tmp_path: Path, sim_printer: TicketPrinter
) -> Iterator[Pair]:
    """A counter (50 € float) and a kiosk, each its own account and store, shifts open, and
    each has said once by heartbeat what it is."""
    counter = start_terminal(
        live_server, new_account(live_server, "Bar du Centre"), tmp_path / "counter.db", sim_printer
    )
    kiosk = start_terminal(
        live_server,
        new_account(live_server, "Borne de la Gare"),
        tmp_path / "kiosk.db",
        sim_printer,
        mode=KIOSK,
    )
    try:
        for terminal in (counter, kiosk):
            terminal.feed.resync()
            terminal.heartbeat.beat()
        shifts.open_shift(counter.desk, 5000)
        shifts.keep_open(kiosk.desk)
        yield Pair(counter, kiosk)
    finally:
        counter.close()
        kiosk.close()


def console_csv(server: LiveServer, lang: str) -> dict[str, dict[str, str]]:
    """The day's CSV as the operator's spreadsheet would read it: one row per terminal name."""
    operator = Operator(server, "sue", lang)
    try:
        answer = operator.http.get(f"/console/reports.csv?day={DAY}")
    finally:
        operator.http.close()
    assert answer.status_code == 200
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the byte order mark, by which Excel knows UTF-8
    delimiter = ";" if lang == "fr" else ","
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert all(len(row) == len(rows[0]) == 16 for row in rows)  # the delimiter is the right one
    return {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def cents(text: str, lang: str) -> int:
    """An amount as the CSV writes it: ``12,50`` in French, ``12.50`` in English."""
    if lang == "fr":
        assert "." not in text
        text = text.replace(",", ".")
    else:
        assert "," not in text
    return int(Decimal(text) * 100)


# the CSV's columns (by their words in each language) for the Z report's ledger kinds
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "sales": ("Ventes", "Montant vendu (€)"),
        "cancel": ("Annulations", "Montant annulé (€)"),
        "payout": ("Paiements", "Montant payé (€)"),
        "voucher.issued": ("Bons émis", "Bons émis (€)"),
        "voucher.redeemed": ("Bons repris", "Bons repris (€)"),
    },
    "en": {
        "sales": ("Sales", "Amount sold (€)"),
        "cancel": ("Cancellations", "Amount cancelled (€)"),
        "payout": ("Payouts", "Amount paid (€)"),
        "voucher.issued": ("Vouchers issued", "Vouchers issued (€)"),
        "voucher.redeemed": ("Vouchers redeemed", "Vouchers redeemed (€)"),
    },
}
BALANCE = {"fr": "Solde de caisse (€)", "en": "Balance (€)"}
KIND = {"fr": "Type", "en": "Kind"}


def figure(row: dict[str, str], lang: str, kind: str) -> tuple[int, int]:
    count, amount = COLUMNS[lang][kind]
    return int(row[count]), cents(row[amount], lang)


def z_figure(figures: dict[str, tuple[int, int]], kind: str) -> tuple[int, int]:
    """A Z report's line as (movements, cents), whichever way the money moved."""
    count, amount = figures.get("sale" if kind == "sales" else kind, (0, 0))
    return count, abs(amount)


def barcode_of(desk: Desk, sale: Sale) -> str:
    row = desk.store.one("SELECT barcode FROM bet WHERE transaction_id = ?", (sale.transaction_id,))
    assert row is not None
    return str(row[0])


def test_the_consoles_figures_are_each_terminals_z_report(
    pair: Pair, live_server: LiveServer, open_race: str
) -> None:
    counter, kiosk = pair.counter.desk, pair.kiosk.desk
    live_server.tote.call(
        lambda desk: create_operator(desk.store, "sue", "supervisor", PASSWORD, NOON)
    ).result(timeout=30)

    # the counter: three sales, the last cancelled
    winner = sell(counter, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=4))
    assert sell(counter, Draft(open_race, "SIMPLE_GAGNANT", (2,))).status == "ACCEPTED"
    regret = sell(counter, Draft(open_race, "SIMPLE_GAGNANT", (5,), multiplier=2))
    assert regret.ticket_number is not None
    assert cancel(counter, regret.ticket_number).refunded
    # the kiosk: two notes, two bets from the credit
    credit.deposit(kiosk, 2000, "note-1")
    credit.deposit(kiosk, 1000, "note-2")
    lucky = sell(kiosk, Draft(open_race, "SIMPLE_GAGNANT", (4,), multiplier=2))
    assert sell(kiosk, Draft(open_race, "SIMPLE_GAGNANT", (7,))).status == "ACCEPTED"

    settle(live_server, open_race, [[4], [7], [2]])
    assert pay(counter, barcode_of(counter, winner)).method == "cash"
    assert pay(kiosk, barcode_of(kiosk, lucky)).method == "voucher"  # winnings become credit
    voucher = credit.cash_out(kiosk).voucher  # the bettor leaves with a voucher…
    assert voucher is not None
    assert credit.balance(kiosk) == 0
    assert credit.redeem(counter, voucher.barcode) == voucher.amount  # …paid in cash here

    z_counter = shifts.close_shift(counter, counted=None)
    x_kiosk = shifts.report(kiosk)  # a kiosk's shift runs from one collection to the next
    kiosk_credit = ledger.totals(kiosk.store, x_kiosk.shift_id, ledger.CREDIT)
    assert set(z_counter.figures) == {"float", "sale", "cancel", "payout", "voucher.redeemed"}
    assert x_kiosk.figures == {"float": (1, 0), "note": (2, 3000)}  # notes only, no float
    assert x_kiosk.drawer == 3000

    for lang in ("fr", "en"):
        rows = console_csv(live_server, lang)
        mine, theirs = rows["Bar du Centre"], rows["Borne de la Gare"]
        for kind in ("sales", "cancel", "payout", "voucher.redeemed", "voucher.issued"):
            assert figure(mine, lang, kind) == z_figure(z_counter.figures, kind), (lang, kind)
            # the kiosk's bets, winnings and voucher moved its bettor's credit, not its cash
            assert figure(theirs, lang, kind) == z_figure(kiosk_credit, kind), (lang, kind)
        balance = BALANCE[lang]
        assert cents(mine[balance], lang) == z_counter.drawer - 5000  # the float aside
        assert cents(theirs[balance], lang) == x_kiosk.drawer  # the notes taken
        assert (mine[KIND[lang]], theirs[KIND[lang]]) == (
            ("guichet", "borne") if lang == "fr" else ("counter", "kiosk")
        )
        total = rows["Total"]
        assert cents(total[balance], lang) == z_counter.drawer - 5000 + x_kiosk.drawer

    # a note whose credit is still on the screen: in the cash box, not yet the operator's
    credit.deposit(kiosk, 500, "note-3")
    theirs = console_csv(live_server, "en")["Borne de la Gare"]
    held = credit.balance(kiosk)
    assert (held, shifts.report(kiosk).drawer) == (500, 3500)
    assert cents(theirs["Balance (€)"], "en") == shifts.report(kiosk).drawer - held
