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


def cash_out(w: KioskWindow) -> None:
    """The whole credit as a voucher, printed; then the screen says so."""
    words = w.words

    def out() -> int:
        voucher = credit.cash_out(w.desk)
        credit.print_voucher(w.desk, voucher, words=words)
        return voucher.amount

    w.warning.stop()
    w._run(out, lambda amount: given(w, int(amount)))


def given(w: KioskWindow, amount: int) -> None:
    w.voucher_amount = amount
    w._refresh_credit()
    w.go("voucher")


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
    cash_out(w)


def carry_on(w: KioskWindow) -> None:
    w.warning.stop()
    w.go(w.before_warning if w.before_warning not in {"", "still_there"} else "attract")


def start_afresh(w: KioskWindow) -> None:
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
