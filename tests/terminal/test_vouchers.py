"""Vouchers anywhere, through the real parts: a kiosk's voucher is created on the server before
it prints, and paid once at any terminal — cash at a counter, credit at a kiosk — never
offline; a crash between the server's answer and the local record is retried to the same
voucher; a kiosk's own vouchers from before the register are registered and paid anywhere."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from backend.vouchers import legacy_mac
from drivers.printer.driver import TicketPrinter
from terminal.errors import NotFound, Offline, Refused
from terminal.operations import credit
from terminal.operations.desk import KIOSK, Desk
from terminal.operations.shifts import open_shift
from terminal.store import ledger, outbox
from terminal.store.migrations import MIGRATIONS
from tests.netfaults import FaultProxy
from tests.servers import LiveServer
from tests.terminal.conftest import Account, Terminals, new_account, start_terminal
from tests.terminal.test_link_state_machine import Crash, CrashAt, NoCrash


@pytest.fixture
def kiosk(terminals: Terminals) -> Iterator[Desk]:
    terminal = terminals.open(KIOSK)
    yield terminal.desk
    terminal.close()


@pytest.fixture
def other_counter(
    live_server: LiveServer, open_race: str, tmp_path: Path, sim_printer: TicketPrinter
) -> Iterator[Desk]:
    """A counter across town: its own account, its own store, a 100 € float."""
    terminal = start_terminal(
        live_server,
        new_account(live_server, "Tabac de la Gare"),
        tmp_path / "other.db",
        sim_printer,
    )
    terminal.feed.resync()
    open_shift(terminal.desk, 10_000)
    yield terminal.desk
    terminal.close()


def test_a_kiosk_voucher_is_paid_in_cash_at_another_counter_once(
    kiosk: Desk, other_counter: Desk, printed: list[str]
) -> None:
    credit.deposit(kiosk, 2000, "note-1")
    done = credit.cash_out(kiosk)
    assert done.voucher is not None
    voucher = done.voucher
    assert (done.amount, voucher.amount, credit.balance(kiosk)) == (2000, 2000, 0)
    assert voucher.barcode.startswith("93")
    assert voucher.number in printed[-1].replace(" ", "")
    assert "dans tout point de vente Guichet" in " ".join(printed[-1].split())

    seen = credit.check(other_counter, voucher.barcode)
    assert (seen["amount"], seen["redeemed_at"]) == (2000, None)
    assert credit.redeem(other_counter, voucher.barcode) == 2000
    assert ledger.balance(other_counter.store, ledger.DRAWER) == 10_000 - 2000
    assert "BON PAYÉ" in printed[-1]
    with pytest.raises(Refused) as again:
        credit.redeem(kiosk, voucher.barcode)
    assert again.value.code == "voucher_redeemed"
    assert credit.balance(kiosk) == 0
    with pytest.raises(Refused) as forged:
        credit.redeem(kiosk, voucher.barcode[:-1] + str((int(voucher.barcode[-1]) + 1) % 10))
    assert forged.value.code == "forged_voucher"
    with pytest.raises(NotFound):
        credit.redeem(kiosk, "hello")
    assert ledger.balance(other_counter.store, ledger.DRAWER) == 10_000 - 2000


def test_two_terminals_redeeming_one_voucher_at_once_pay_it_once(
    kiosk: Desk, other_counter: Desk
) -> None:
    credit.deposit(kiosk, 1000, "note-1")
    voucher = credit.cash_out(kiosk).voucher
    assert voucher is not None

    def redeem(desk: Desk) -> str:
        try:
            credit.redeem(desk, voucher.barcode)
        except Refused as err:
            return err.code
        return "paid"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(redeem, [kiosk, other_counter]))
    assert outcomes == ["paid", "voucher_redeemed"]
    moved = credit.balance(kiosk) + (10_000 - ledger.balance(other_counter.store, ledger.DRAWER))
    assert moved == 1000  # into the kiosk's credit or out of the counter's drawer: once


def test_an_expired_voucher_is_refused_with_its_date(kiosk: Desk, live_server: LiveServer) -> None:
    credit.deposit(kiosk, 500, "note-1")
    voucher = credit.cash_out(kiosk).voucher
    assert voucher is not None
    live_server.clock.advance(days=61)
    with pytest.raises(Refused) as expired:
        credit.redeem(kiosk, voucher.barcode)
    assert expired.value.code == "voucher_expired"
    assert kiosk.words.problem(expired.value).startswith(f"Le bon {voucher.number} a expiré")
    assert credit.balance(kiosk) == 0


def test_offline_the_credit_waits_and_the_voucher_prints_when_the_server_answers(
    kiosk: Desk, proxy: FaultProxy, printed: list[str]
) -> None:
    credit.deposit(kiosk, 1500, "note-1")
    proxy.set("drop")
    done = credit.cash_out(kiosk)
    assert (done.amount, done.voucher) == (1500, None)
    assert isinstance(done.problem, Offline)
    assert credit.balance(kiosk) == 0  # taken once: it cannot be bet while the voucher waits
    assert credit.waiting(kiosk) == 1500
    assert credit.print_waiting(kiosk) == []  # still offline: nothing prints, nothing lost
    with pytest.raises(Offline):  # and nothing is redeemed offline either
        credit.redeem(kiosk, "93" + "0" * 34)
    proxy.set("pass")
    (voucher,) = credit.print_waiting(kiosk)
    assert voucher.amount == 1500
    assert voucher.number in printed[-1].replace(" ", "")
    assert credit.waiting(kiosk) == 0
    assert credit.print_waiting(kiosk) == []  # printed once


@pytest.mark.parametrize("step", ["drain.answered", "drain.recorded"])
def test_a_crash_after_the_server_answered_is_retried_to_the_same_voucher(
    terminals: Terminals, live_server: LiveServer, step: str
) -> None:
    """Killed once the server has made the voucher, before or after recording it; restarted,
    the kiosk asks again with the same transaction id and prints the one voucher made."""
    terminal = terminals.open(KIOSK)
    credit.deposit(terminal.desk, 700, "note-1")
    terminal.desk.drain.steps = CrashAt(step)
    with contextlib.suppress(Crash):
        credit.cash_out(terminal.desk)
    terminal.desk.drain.steps = NoCrash()
    terminal.close()

    again = start_terminal(
        live_server,
        terminals.account,
        terminals.folder / "kiosk.db",
        terminals.printer,
        mode=KIOSK,
        url=terminals.proxy.url,
    )
    try:
        (voucher,) = credit.print_waiting(again.desk)
        assert voucher.amount == 700
        assert credit.balance(again.desk) == 0
        made = live_server.tote.call(
            lambda d: d.store.execute("SELECT number FROM voucher").fetchall()
        ).result(timeout=10)
        assert [r[0] for r in made] == [voucher.number]  # one voucher on the server
    finally:
        again.close()


def test_a_kiosks_own_vouchers_from_before_are_registered_and_paid_anywhere(
    live_server: LiveServer,
    open_race: str,
    account: Account,
    tmp_path: Path,
    sim_printer: TicketPrinter,
    other_counter: Desk,
) -> None:
    """A store from before the register (migrations up to 0005) holding two vouchers the kiosk
    MAC'd itself, one already redeemed there: the upgrade registers the other one."""
    path = tmp_path / "old-kiosk.db"
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE migration (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name, step in MIGRATIONS[:5]:
        step(db)
        db.execute("INSERT INTO migration VALUES (?, ?)", (name, "2026-11-01T00:00:00+00:00"))
    issued = live_server.clock() - timedelta(days=2)
    legacy = {}
    for number, redeemed in (("000000123456", None), ("000000654321", issued.isoformat())):
        barcode = "92" + number + legacy_mac(account.secret, number)
        legacy[number] = barcode
        db.table("voucher").insert(
            {
                "number": number,
                "barcode": barcode,
                "amount": 1250,
                "reason": "credit",
                "issued_at": issued.isoformat(),
                "expires_at": (issued + timedelta(days=60)).isoformat(),
                "redeemed_at": redeemed,
                "printed": 1,
            }
        )
    db.close()

    kiosk = start_terminal(live_server, account, path, sim_printer, mode=KIOSK)
    try:
        assert outbox.depth(kiosk.desk.store) == 1
        kiosk.desk.drain.until_empty()
    finally:
        kiosk.close()
    assert credit.redeem(other_counter, legacy["000000123456"]) == 1250
    with pytest.raises(Refused) as spent:
        credit.redeem(other_counter, legacy["000000654321"])
    assert spent.value.code == "unknown_voucher"  # redeemed before: never registered


def test_the_store_upgrade_registers_only_what_it_finds(tmp_path: Path) -> None:
    """A store that never issued a voucher queues nothing."""
    db = sqlite_utils.Database(tmp_path / "t.db")
    for _, step in MIGRATIONS:
        step(db)
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0


@pytest.mark.parametrize("step", ["drain.answered", "drain.recorded"])
def test_a_crash_after_a_redemption_was_answered_records_it_once(
    kiosk: Desk, live_server: LiveServer, tmp_path: Path, sim_printer: TicketPrinter, step: str
) -> None:
    """The counter dies once the server has paid the voucher, before or after recording it;
    restarted, it asks again with the same transaction id: one redemption on the server, one
    movement out of the drawer here."""
    credit.deposit(kiosk, 900, "note-1")
    voucher = credit.cash_out(kiosk).voucher
    assert voucher is not None
    account = new_account(live_server, "Tabac de la Gare")
    path = tmp_path / "counter.db"
    counter = start_terminal(live_server, account, path, sim_printer)
    open_shift(counter.desk, 5000)
    counter.desk.drain.until_empty()
    counter.desk.drain.steps = CrashAt(step)
    with contextlib.suppress(Crash):
        credit.redeem(counter.desk, voucher.barcode)
    counter.desk.drain.steps = NoCrash()
    counter.close()

    again = start_terminal(live_server, account, path, sim_printer)
    try:
        again.desk.drain.until_empty()
        rows = again.desk.store.all("SELECT state, amount FROM voucher_redemption")
        assert [tuple(r) for r in rows] == [("REDEEMED", 900)]
        assert ledger.balance(again.desk.store, ledger.DRAWER) == 5000 - 900
        paid = live_server.tote.call(
            lambda d: d.store.execute("SELECT COUNT(*) FROM voucher_redemption").fetchone()[0]
        ).result(timeout=10)
        assert paid == 1
    finally:
        again.close()
