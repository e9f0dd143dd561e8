"""A bettor leaving the kiosk with credit: cashed out on request, or after a warning when the
kiosk has been left alone. Either way the bettor is told what was printed ("Prenez votre bon
de 6,00 €"), and the next bettor starts afresh, in the kiosk's own language.

Functions over the window, as ``screens`` are: the window keeps the state, this its rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from terminal.operations import credit

if TYPE_CHECKING:
    from terminal.ui.kiosk.window import KioskWindow

WARNING_SECONDS = 30  # "are you still there?" before the credit is printed as a voucher


def cash_out(w: KioskWindow, reason: str = credit.CASH_OUT) -> None:
    """The whole credit as a voucher from the server, printed; then the screen says so. If
    the server or the printer is away, the screen says the voucher prints as soon as they are
    back, and the kiosk keeps trying."""
    words = w.words
    w.warning.stop()
    w._run(lambda: credit.cash_out(w.desk, reason, words=words), lambda done: given(w, done))


def given(w: KioskWindow, done: credit.CashOut) -> None:
    w.voucher_amount = done.amount
    w.voucher_waiting = done.voucher is None
    w._refresh_credit()
    w.go("voucher")
    if w.voucher_waiting:
        w.voucher_retry.start()
        if done.problem is not None:
            w.message.setText(w.words.problem(done.problem))


def resume(w: KioskWindow, owed: int) -> None:
    """At start-up: vouchers left unprinted by an outage or a crash print as soon as they can."""
    if owed > 0:
        given(w, credit.CashOut(owed, None))


def retry_print(w: KioskWindow) -> None:
    """The voucher-waiting screen's retry: prints whatever the server has issued meanwhile."""
    words = w.words

    def printed(_: object) -> None:
        w._run(lambda: credit.waiting(w.desk), still_owed)

    def still_owed(owed: int) -> None:
        if owed:
            return
        w.voucher_retry.stop()
        w.voucher_waiting = False
        if w.current == "voucher":
            w.go("voucher")

    w._run(lambda: credit.print_waiting(w.desk, words), printed)


def idle(w: KioskWindow) -> None:
    """Nobody touched the kiosk for a while. With credit: warn first, with a countdown and a
    button to carry on; without: back to the start."""
    if w.balance > 0:
        w.before_warning = w.current
        w.warning_left = WARNING_SECONDS
        w.go("still_there")
        w.idle.stop()
        w.warning.start(1000)
        return
    start_afresh(w)


def tick(w: KioskWindow) -> None:
    """One second of the warning gone; at its end the credit leaves as a voucher."""
    w.warning_left -= 1
    if w.warning_left > 0:
        w.screens["still_there"].set_heading(warning_text(w))
        return
    w.warning.stop()
    cash_out(w, credit.IDLE)


def carry_on(w: KioskWindow) -> None:
    w.warning.stop()
    w.go(w.before_warning if w.before_warning not in {"", "still_there"} else "attract")


def start_afresh(w: KioskWindow) -> None:
    if w.voucher_waiting:  # the voucher still owed is never hidden behind the next bettor
        return
    w.picked = []
    if w.words.lang != w.first_lang:
        w.set_lang(w.first_lang)
    else:
        w.go("attract")


def warning_text(w: KioskWindow) -> str:
    t = w.words
    return t.ngettext(
        "Are you still there? In {n} second your credit of {amount} is printed as a voucher.",
        "Are you still there? In {n} seconds your credit of {amount} is printed as a voucher.",
        w.warning_left, amount=t.amount(w.balance),
    )  # fmt: skip
