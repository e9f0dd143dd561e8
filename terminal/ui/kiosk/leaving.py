"""A bettor leaving the kiosk with credit: cashed out on request, or after a warning when the
kiosk has been left alone. Either way the bettor is told what was printed ("Prenez votre bon
de 6,00 €"), and the next bettor starts afresh, in the kiosk's own language.

Steps of a ``Kiosk``: the countdown and the voucher owed are the ``Journey``'s.
"""

from __future__ import annotations

from catalogue import Words
from terminal.journey import Journey
from terminal.operations import credit
from terminal.ui.kiosk.kiosk import Kiosk


def cash_out(k: Kiosk, reason: str = credit.CASH_OUT) -> None:
    """The whole credit as a voucher from the server, printed; then the screen says so. If
    the server or the printer is away, the screen says the voucher prints as soon as they are
    back, and the kiosk keeps trying."""
    words, desk = k.words, k.desk
    k.warning.stop()
    k.run(lambda: credit.cash_out(desk, reason, words=words), lambda done: given(k, done))


def given(k: Kiosk, done: credit.CashOut) -> None:
    k.journey.voucher_given(done.amount, printed=done.voucher is not None)
    k.refresh_credit()
    k.go("voucher")
    if k.journey.voucher_waiting:
        k.voucher_retry.start()
        if done.problem is not None:
            k.message.setText(k.words.problem(done.problem))


def resume(k: Kiosk, owed: int) -> None:
    """At start-up: vouchers left unprinted by an outage or a crash print as soon as they can."""
    if owed > 0:
        given(k, credit.CashOut(owed, None))


def retry_print(k: Kiosk) -> None:
    """The voucher-waiting screen's retry: prints whatever the server has issued meanwhile."""
    words, desk = k.words, k.desk

    def printed(_: object) -> None:
        k.run(lambda: credit.waiting(desk), still_owed)

    def still_owed(owed: int) -> None:
        if owed:
            return
        k.voucher_retry.stop()
        k.journey.voucher_printed()
        if k.current == "voucher":
            k.go("voucher")

    k.run(lambda: credit.print_waiting(desk, words), printed)


def idle(k: Kiosk) -> None:
    """Nobody touched the kiosk for a while. With credit: warn first, with a countdown and a
    button to carry on; without: back to the start."""
    if k.journey.balance > 0:
        k.journey.warn(k.current)
        k.go("still_there")
        k.idle.stop()
        k.warning.start(1000)
        return
    start_afresh(k)


def tick(k: Kiosk) -> None:
    """One second of the warning gone; at its end the credit leaves as a voucher."""
    if k.journey.tick():
        k.screens["still_there"].set_heading(warning_text(k.words, k.journey))
        return
    k.warning.stop()
    cash_out(k, credit.IDLE)


def carry_on(k: Kiosk) -> None:
    k.warning.stop()
    k.go(k.journey.carry_on_to())


def start_afresh(k: Kiosk) -> None:
    if not k.journey.start_afresh():  # the voucher still owed stays on the screen
        return
    if k.words.lang != k.journey.first_lang:
        k.set_lang(k.journey.first_lang)
    else:
        k.go("attract")


def warning_text(t: Words, journey: Journey) -> str:
    return t.ngettext(
        "Are you still there? In {n} second your credit of {amount} is printed as a voucher.",
        "Are you still there? In {n} seconds your credit of {amount} is printed as a voucher.",
        journey.warning_left,
        amount=t.amount(journey.balance),
    )
